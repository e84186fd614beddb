//! `rolecall share` and `rolecall open`.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::diagnostic::render::render_all;
use rolecall_core::scenario::{load_with, parse_scenario, text::pretty};
use rolecall_core::share;

/// The playground served by `cargo xtask serve`.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080/";

/// Arguments of `rolecall share`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The link carries the scenario in its fragment (`#s=v1.` + base64url of the raw-deflated,
minified JSON): browsers never send it to a server. `rolecall open` reads it back.

Examples:
  rolecall share examples/cross-account.json
  rolecall share scenario.json --base-url https://rolecall.example/

Exit codes:
  0  the link was printed
  2  the file cannot be read or is not valid JSON")]
pub struct ShareArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// The playground address the link opens.
    #[arg(long, env = "ROLECALL_BASE_URL", default_value = DEFAULT_BASE_URL)]
    pub base_url: String,
}

/// Arguments of `rolecall open`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Accepts a whole link, its fragment (`#s=v1...`), `s=v1...` or the bare payload `v1...`.
Prints the scenario as pretty JSON on stdout; problems in it go to stderr.

Examples:
  rolecall open 'http://127.0.0.1:8080/#s=v1.q1YqSs...' > scenario.json
  rolecall open v1.q1YqSs...

Exit codes:
  0  the scenario was printed
  2  the link is empty, too long, damaged, of an unknown version, too large once
     decompressed, or does not hold a scenario (one line on stderr says which)")]
pub struct OpenArgs {
    /// The link or payload.
    pub link: String,
}

/// Runs `rolecall share`.
pub fn run_share(args: ShareArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let text = match std::fs::read_to_string(&args.file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("rolecall: cannot read `{name}`: {e}");
            return ExitCode::from(2);
        }
    };
    let parsed = parse_scenario(&text);
    if parsed.scenario.is_none() {
        let color = std::io::stderr().is_terminal();
        eprint!("{}", render_all(&parsed.diagnostics, &text, &name, color));
        eprintln!("rolecall: `{name}` is not a scenario; nothing to share");
        return ExitCode::from(2);
    }
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        eprintln!("rolecall: warning: `{name}` has errors; the link carries it as it is");
    }
    println!("{}", share::link(&args.base_url, &text));
    ExitCode::SUCCESS
}

/// Runs `rolecall open`.
pub fn run_open(args: OpenArgs) -> ExitCode {
    match share::decode_json(&args.link) {
        Ok(json) => {
            let text = pretty(&json);
            let loaded = load_with(&text, crate::managed::aws());
            if !loaded.diagnostics.is_empty() {
                let color = std::io::stderr().is_terminal();
                eprint!("{}", render_all(&loaded.diagnostics, &text, "link", color));
            }
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rolecall: {e}");
            ExitCode::from(2)
        }
    }
}
