//! The release build of the playground with trunk, and `cargo xtask serve`.

use std::path::PathBuf;

use crate::server;
use crate::setup::run_setup;
use crate::util::{command, repo_root, run, seconds, timed};

/// Where trunk writes the release bundle.
pub fn dist_dir() -> PathBuf {
    repo_root().join("dist")
}

/// Where [`prerender`] writes the first screen, for trunk's post-build hook.
fn prerender_file() -> PathBuf {
    repo_root()
        .join("target")
        .join("prerender")
        .join("first-screen.html")
}

/// Renders the page's first screen natively (issue 14, a lighter first paint): the test
/// `prerender::tests::writes_the_first_screen` of rolecall-web draws the app with yew's
/// server-side renderer and writes it to [`prerender_file`]. It builds in the dev profile that
/// `cargo test -p rolecall-web` (and `cargo test --workspace`) already compiles.
///
/// # Errors
///
/// Returns a message when the test fails.
fn prerender() -> Result<PathBuf, String> {
    let file = prerender_file();
    let _ = std::fs::remove_file(&file);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut cmd = command(
        "cargo",
        &[
            "test",
            "-q",
            "-p",
            "rolecall-web",
            "--bin",
            "rolecall-web",
            "prerender::tests::writes_the_first_screen",
            "--",
            "--exact",
        ],
    );
    cmd.env("ROLECALL_PRERENDER", &file);
    let (ran, duration) = timed(|| run(cmd));
    if !ran || !file.exists() {
        return Err("the prerender of the first screen (`cargo test -p rolecall-web --bin rolecall-web prerender::tests::writes_the_first_screen`) failed".to_owned());
    }
    println!("prerendered the first screen in {}", seconds(duration));
    Ok(file)
}

/// Builds the release bundle into `dist/` with `trunk build --release --offline`, after
/// prerendering the first screen ([`prerender`]), which trunk's post-build hook puts into
/// index.html (`web/js/prerender.mjs`, told where by `ROLECALL_PRERENDER`).
///
/// trunk's `pre_build` hook (Trunk.toml) runs `node web/js/build.mjs` first, and wasm-opt comes
/// from `node_modules/.bin` because [`command`] puts it first on `PATH`.
///
/// # Errors
///
/// Returns a message when the prerender or trunk fails.
pub fn build_release() -> Result<(), String> {
    let prerendered = prerender()?;
    let mut trunk = command("trunk", &["build", "--release", "--offline"]);
    trunk.env("ROLECALL_PRERENDER", prerendered);
    if run(trunk) {
        Ok(())
    } else {
        Err("`trunk build --release --offline` failed".to_owned())
    }
}

/// Runs `cargo xtask serve [--port N]`: setup, release build, then serves `dist/` until killed.
///
/// # Errors
///
/// Returns a message when an argument is wrong, setup or the build fails, or the port is taken.
pub fn run_serve(args: &[String]) -> Result<(), String> {
    let port = parse_port(args)?;
    run_setup()?;
    println!("== build");
    build_release()?;
    let (listener, port) = server::bind(port)?;
    println!("Rolecall is served at http://127.0.0.1:{port}/ (press Ctrl-C to stop)");
    server::serve(&listener, &dist_dir());
    Ok(())
}

fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8080;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = if let Some(value) = arg.strip_prefix("--port=") {
            value
        } else if arg == "--port" || arg == "-p" {
            rest.next().map(String::as_str).unwrap_or_default()
        } else {
            return Err(format!(
                "unknown argument `{arg}` (usage: cargo xtask serve [--port N])"
            ));
        };
        port = value
            .parse()
            .map_err(|_| format!("invalid port `{value}`: expected a number from 0 to 65535"))?;
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::parse_port;

    fn check(args: &[&str], expected: Result<u16, &str>) {
        let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        assert_eq!(parse_port(&args), expected.map_err(str::to_owned));
    }

    #[test]
    fn port_defaults_to_8080_and_accepts_both_flag_forms() {
        check(&[], Ok(8080));
        check(&["--port", "9000"], Ok(9000));
        check(&["--port=9001"], Ok(9001));
    }

    #[test]
    fn bad_port_arguments_are_reported() {
        check(
            &["--port", "x"],
            Err("invalid port `x`: expected a number from 0 to 65535"),
        );
        check(
            &["--bogus"],
            Err("unknown argument `--bogus` (usage: cargo xtask serve [--port N])"),
        );
    }
}
