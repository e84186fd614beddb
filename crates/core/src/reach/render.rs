//! Text output of who-can, can-what and escalation (what `rolecall who-can`, `can-what` and
//! `escalation` print).

use std::fmt::Write as _;

use crate::evaluate::summary::describe_ref;
use crate::reach::can_what::CanWhat;
use crate::reach::escalation::Escalation;
use crate::reach::harvest::Supply;
use crate::reach::query::{CHAINED_NOTE, Hop, PrincipalPaths, WhoCan};

fn conditions(list: &[Supply]) -> String {
    list.iter()
        .map(|s| format!("`{}` = `{}`", s.key, s.value))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// One hop as lines, indented by `indent`.
fn hop_lines(out: &mut String, hop: &Hop, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}{} → {}  via {}",
        hop.from, hop.to, hop.means.via
    );
    if !hop.also.is_empty() {
        let _ = writeln!(out, "{indent}  also via {}", hop.also.join(", "));
    }
    if !hop.means.conditions.is_empty() {
        let _ = writeln!(
            out,
            "{indent}  only if {}",
            conditions(&hop.means.conditions)
        );
    }
    if let Some(target) = &hop.target {
        let _ = writeln!(out, "{indent}  on {target}");
    }
    for a in &hop.means.assumes {
        let _ = writeln!(out, "{indent}  assumes {a}");
    }
    if hop.chained {
        let _ = writeln!(out, "{indent}  {CHAINED_NOTE}");
    }
    for s in &hop.statements {
        let _ = writeln!(out, "{indent}  allowed by {}", describe_ref(s));
    }
}

fn paths_lines(out: &mut String, p: &PrincipalPaths) {
    if p.direct {
        let _ = writeln!(out, "{} ({}): directly", p.principal, p.kind.label());
        if !p.conditions.is_empty() {
            let _ = writeln!(out, "  only if {}", conditions(&p.conditions));
        }
        for s in &p.statements {
            let _ = writeln!(out, "  allowed by {}", describe_ref(s));
        }
        return;
    }
    let n = p.paths.len();
    let _ = writeln!(
        out,
        "{} ({}): {n} path{}",
        p.principal,
        p.kind.label(),
        if n == 1 { "" } else { "s" }
    );
    for (i, path) in p.paths.iter().enumerate() {
        let _ = writeln!(
            out,
            "  path {} ({} hop{}):",
            i + 1,
            path.len(),
            if path.len() == 1 { "" } else { "s" }
        );
        for hop in path {
            hop_lines(out, hop, "    ");
        }
    }
}

fn truncated(out: &mut String, list: &[String]) {
    for t in list {
        let _ = writeln!(out, "bound reached: {t}");
    }
}

/// The text of a who-can answer.
#[must_use]
pub fn render_who_can(answer: &WhoCan) -> String {
    let mut out = String::new();
    let n = answer.principals.len();
    let _ = writeln!(
        out,
        "who can `{}` on `{}`: {n} principal{}\n",
        answer.action,
        answer.resource,
        if n == 1 { "" } else { "s" }
    );
    for p in &answer.principals {
        paths_lines(&mut out, p);
    }
    truncated(&mut out, &answer.truncated);
    out
}

/// The text of a can-what answer.
#[must_use]
pub fn render_can_what(answer: &CanWhat) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "what `{}` can do\n", answer.principal);
    if !answer.reachable.is_empty() {
        let _ = writeln!(out, "it can act as:");
        for r in &answer.reachable {
            let _ = writeln!(
                out,
                "  {} ({} hop{})",
                r.principal,
                r.path.len(),
                if r.path.len() == 1 { "" } else { "s" }
            );
            for hop in &r.path {
                hop_lines(&mut out, hop, "    ");
            }
        }
        out.push('\n');
    }
    for service in &answer.services {
        let _ = writeln!(out, "{} ({})", service.service, service.name);
        for level in &service.levels {
            let _ = writeln!(out, "  {} ({})", level.level, level.actions.len());
            for a in &level.actions {
                let by = if a.by == answer.principal {
                    String::new()
                } else {
                    format!("  as {}", a.by)
                };
                let _ = writeln!(out, "    {} on {}{by}", a.action, a.resources.join(", "));
                if !a.conditions.is_empty() {
                    let _ = writeln!(out, "      only if {}", conditions(&a.conditions));
                }
            }
        }
    }
    if answer.services.is_empty() {
        let _ = writeln!(out, "nothing on the scenario's resources or on `*`");
    }
    truncated(&mut out, &answer.truncated);
    out
}

/// The text of an escalation answer.
#[must_use]
pub fn render_escalation(answer: &Escalation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "administrators ({}):", answer.administrators.len());
    for a in &answer.administrators {
        let _ = writeln!(out, "  {}: {}", a.principal, a.reason.technique);
        if !a.reason.conditions.is_empty() {
            let _ = writeln!(out, "    only if {}", conditions(&a.reason.conditions));
        }
    }
    let _ = writeln!(out, "\nescalation findings ({}):", answer.findings.len());
    for f in &answer.findings {
        let _ = writeln!(
            out,
            "  {} becomes administrator {} (first step: {})",
            f.principal, f.admin, f.technique
        );
        for hop in &f.path {
            hop_lines(&mut out, hop, "    ");
        }
    }
    truncated(&mut out, &answer.truncated);
    out
}
