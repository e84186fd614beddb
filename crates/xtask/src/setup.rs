//! `cargo xtask setup`: installs every tool the build and the tests need, idempotently.
//!
//! Everything comes from the registries a fresh Debian machine reaches: crates.io (`cargo
//! install`), the rustup distribution server, npm and Debian's packages; nothing is ever
//! downloaded from GitHub. When everything is installed already, setup only runs a few
//! `--version` checks and takes seconds.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::util::{command, output, repo_root, run, run_quietly};

/// The trunk release the project builds with; trunk 0.22 needs a newer rustc than 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Runs every setup step; returns an error naming the first tool that could not be installed.
///
/// # Errors
///
/// Returns a message when a tool is missing and installing it failed.
pub fn run_setup() -> Result<(), String> {
    println!("== setup");
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()?;
    oracle_packages()?;
    chromium()?;
    cargo_dependencies()?;
    editor_bundle()?;
    Ok(())
}

fn status(tool: &str, state: &str) {
    println!("setup: {tool:<28} {state}");
}

fn wasm_target() -> Result<(), String> {
    let installed = output(command("rustup", &["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|line| line.trim() == WASM_TARGET));
    if installed {
        status(WASM_TARGET, "ok (installed)");
        return Ok(());
    }
    status(WASM_TARGET, "installing with rustup");
    if run(command("rustup", &["target", "add", WASM_TARGET])) {
        status(WASM_TARGET, "ok (installed now)");
        Ok(())
    } else {
        Err(format!("`rustup target add {WASM_TARGET}` failed"))
    }
}

fn trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    let found = output(command("trunk", &["--version"]));
    if found.as_deref() == Some(wanted.as_str()) {
        status("trunk", &format!("ok ({TRUNK_VERSION})"));
        return Ok(());
    }
    status(
        "trunk",
        &format!(
            "installing {TRUNK_VERSION} from crates.io (found: {}; takes ~6 min on 2 cores)",
            found.as_deref().unwrap_or("none")
        ),
    );
    let version = TRUNK_VERSION;
    if run(command(
        "cargo",
        &["install", "trunk", "--version", version, "--locked"],
    )) {
        status("trunk", &format!("ok ({TRUNK_VERSION}, installed now)"));
        Ok(())
    } else {
        Err(format!(
            "`cargo install trunk --version {TRUNK_VERSION} --locked` failed"
        ))
    }
}

/// Returns the version of the `wasm-bindgen` crate recorded in `Cargo.lock`.
///
/// # Errors
///
/// Returns a message when `Cargo.lock` cannot be read or holds no `wasm-bindgen` package.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let path = repo_root().join("Cargo.lock");
    let text = fs::read_to_string(&path)
        .map_err(|err| format!("cannot read `{}`: {err}", path.display()))?;
    wasm_bindgen_version_in(&text)
        .ok_or_else(|| "no `wasm-bindgen` package in Cargo.lock".to_owned())
}

/// Finds the `wasm-bindgen` package's version in the text of a `Cargo.lock`.
fn wasm_bindgen_version_in(lock: &str) -> Option<String> {
    let mut in_wasm_bindgen = false;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            in_wasm_bindgen = false;
        } else if line == "name = \"wasm-bindgen\"" {
            in_wasm_bindgen = true;
        } else if in_wasm_bindgen {
            if let Some(rest) = line.strip_prefix("version = \"") {
                return rest.strip_suffix('"').map(str::to_owned);
            }
        }
    }
    None
}

fn wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    let found = output(command("wasm-bindgen", &["--version"]));
    let found_version = found
        .as_deref()
        .and_then(|text| text.split_whitespace().nth(1));
    if found_version == Some(version.as_str()) {
        status(
            "wasm-bindgen-cli",
            &format!("ok ({version}, as in Cargo.lock)"),
        );
        return Ok(());
    }
    status(
        "wasm-bindgen-cli",
        &format!(
            "installing {version} from crates.io (found: {}; takes ~4 min on 2 cores)",
            found_version.unwrap_or("none")
        ),
    );
    // Why no `--locked`: wasm-bindgen-cli 0.2.130's own lockfile names a dependency version
    // that is missing from crates.io, so a locked install fails; an unlocked one works.
    if run(command(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ],
    )) {
        status(
            "wasm-bindgen-cli",
            &format!("ok ({version}, installed now)"),
        );
        Ok(())
    } else {
        Err(format!(
            "`cargo install wasm-bindgen-cli --version {version}` failed"
        ))
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

fn npm_packages() -> Result<(), String> {
    npm_ci("npm packages", None)
}

/// Installs the differential-test oracle in tests/oracle (its own package.json and lockfile):
/// `@cloud-copilot/iam-simulate` is AGPL, so it lives there only and is only run as an external
/// program by `cargo xtask diff` (see tests/oracle/driver.mjs). Skipped when it is up to date.
///
/// # Errors
///
/// Returns a message when npm is missing or `npm ci` fails.
pub fn oracle_packages() -> Result<(), String> {
    npm_ci("oracle (tests/oracle)", Some("tests/oracle"))
}

/// Runs `npm ci` (with `--prefix FOLDER` for a package below the root) unless its
/// `node_modules` is newer than its lockfile.
fn npm_ci(label: &str, prefix: Option<&str>) -> Result<(), String> {
    let dir = prefix.map_or_else(repo_root, |folder| repo_root().join(folder));
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules").join(".package-lock.json");
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock_time), Some(installed_time)) => installed_time >= lock_time,
        _ => false,
    };
    if fresh {
        status(label, "ok (node_modules matches package-lock.json)");
        return Ok(());
    }
    if output(command("npm", &["--version"])).is_none() {
        return Err("`npm` is not installed: install Node.js 20+ with npm first".to_owned());
    }
    let mut args = vec!["ci"];
    if let Some(folder) = prefix {
        args.extend(["--prefix", folder]);
    }
    let shown = format!("npm {}", args.join(" "));
    args.extend(["--no-audit", "--no-fund"]);
    status(label, &format!("installing with `{shown}`"));
    if run(command("npm", &args)) {
        status(label, "ok (installed now)");
        Ok(())
    } else {
        Err(format!("`{shown}` failed"))
    }
}

fn chromium() -> Result<(), String> {
    let browser = Path::new("/usr/bin/chromium");
    let driver = Path::new("/usr/bin/chromedriver");
    if browser.exists() && driver.exists() {
        let version = output(command("/usr/bin/chromium", &["--version"]))
            .unwrap_or_else(|| "version unknown".to_owned());
        status("chromium", &format!("ok ({version})"));
        return Ok(());
    }
    status(
        "chromium",
        "installing Debian chromium + chromium-driver with apt-get",
    );
    let is_root = output(command("id", &["-u"])).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            command("apt-get", args)
        } else {
            let mut all = vec!["apt-get"];
            all.extend_from_slice(args);
            command("sudo", &all)
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive");
        run(cmd)
    };
    if apt(&["update"])
        && apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
    {
        status("chromium", "ok (installed now)");
        Ok(())
    } else {
        Err("`apt-get install chromium chromium-driver` failed".to_owned())
    }
}

/// Fetches every crate in `Cargo.lock`, for all targets, so `trunk build --offline` (which passes
/// `--offline` to cargo) finds the wasm-only dependencies on a fresh clone.
fn cargo_dependencies() -> Result<(), String> {
    if run_quietly(command("cargo", &["fetch"])) {
        status("crates (cargo fetch)", "ok");
        Ok(())
    } else {
        Err("`cargo fetch` failed".to_owned())
    }
}

/// Builds the web app's JavaScript bundle (CodeMirror, with esbuild) when its script exists:
/// the web crate imports it through wasm-bindgen, so it must exist even for native clippy.
fn editor_bundle() -> Result<(), String> {
    let script = Path::new("web").join("js").join("build.mjs");
    if !repo_root().join(&script).exists() {
        status("editor bundle", "skipped (no web/js/build.mjs)");
        return Ok(());
    }
    if run_quietly(command("node", &[&script.to_string_lossy()])) {
        status("editor bundle", "ok (node web/js/build.mjs)");
        Ok(())
    } else {
        Err("`node web/js/build.mjs` failed".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::wasm_bindgen_version_in;

    fn check(lock: &str, expected: Option<&str>) {
        assert_eq!(wasm_bindgen_version_in(lock).as_deref(), expected);
    }

    #[test]
    fn finds_the_wasm_bindgen_package_and_not_its_siblings() {
        check(
            "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n",
            Some("0.2.130"),
        );
    }

    #[test]
    fn no_wasm_bindgen_package_gives_none() {
        check("[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n", None);
    }
}
