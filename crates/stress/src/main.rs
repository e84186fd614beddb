//! The stress stage (issue 14): the worst case of every row of the hostile-input table, built
//! at 1 MiB (or `--size BYTES`), each run in a child process of its own so that its time and
//! its peak memory are its own. A case fails when it takes more than `--seconds` (default 10) of
//! CPU time or its peak resident memory goes beyond 256 MiB (the bound a page opening a link
//! must keep).
//!
//! Run by `cargo xtask fuzz --stress` (1 MiB) and, at 256 KiB, by `cargo xtask test`:
//!
//! ```sh
//! cargo run --profile stress -p rolecall-stress -- [--size BYTES] [--seconds S] [FAMILY]
//! ```

use std::process::{Command, ExitCode};
use std::time::Instant;

#[path = "../../core/benches/support/hostile.rs"]
mod hostile;

/// The most memory one case may hold at its peak.
const MAX_RSS_KIB: u64 = 256 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut size = 1 << 20;
    let mut seconds = 10.0_f64;
    let mut family = None;
    let mut child = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--size" => size = rest.next().and_then(|s| s.parse().ok()).unwrap_or(size),
            "--seconds" => seconds = rest.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            "--child" => child = true,
            name => family = Some(name.to_owned()),
        }
    }
    if child {
        return run_child(family.as_deref().unwrap_or_default(), size);
    }
    let families: Vec<&str> = match &family {
        Some(f) => vec![f.as_str()],
        None => hostile::FAMILIES.to_vec(),
    };
    let Ok(me) = std::env::current_exe() else {
        eprintln!("stress: cannot find this program");
        return ExitCode::FAILURE;
    };
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>12}  outcome",
        "family", "bytes", "CPU s", "wall s", "peak RSS"
    );
    let mut failed = false;
    for name in families {
        let started = Instant::now();
        let out = Command::new(&me)
            .args(["--child", "--size", &size.to_string(), name])
            .output();
        let elapsed = started.elapsed();
        let Ok(out) = out else {
            eprintln!("stress: cannot run {name}");
            failed = true;
            continue;
        };
        let report = String::from_utf8_lossy(&out.stdout);
        let mut fields = report.split('\t');
        let bytes = fields.next().unwrap_or("?").to_owned();
        let rss: u64 = fields
            .next()
            .and_then(|f| f.parse().ok())
            .unwrap_or(u64::MAX);
        let cpu: f64 = fields
            .next()
            .and_then(|f| f.parse().ok())
            .unwrap_or(f64::MAX);
        let outcome = fields.next().unwrap_or("").trim().to_owned();
        let too_slow = cpu > seconds;
        let too_big = rss > MAX_RSS_KIB;
        let ok = out.status.success() && !too_slow && !too_big;
        failed |= !ok;
        println!(
            "{name:<28} {bytes:>10} {cpu:>10.2} {:>10.2} {:>9} MiB  {outcome}{}",
            elapsed.as_secs_f64(),
            rss / 1024,
            if ok {
                String::new()
            } else {
                format!(
                    "  FAIL ({})",
                    if !out.status.success() {
                        "crashed"
                    } else if too_slow {
                        "over the time bound"
                    } else {
                        "over 256 MiB"
                    }
                )
            }
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds and runs one case, then prints `bytes<TAB>peak RSS KiB<TAB>outcome`.
fn run_child(family: &str, size: usize) -> ExitCode {
    let Some(case) = hostile::build(family, size) else {
        eprintln!(
            "stress: unknown family `{family}` (known: {})",
            hostile::FAMILIES.join(", ")
        );
        return ExitCode::from(2);
    };
    let outcome = case.run();
    println!(
        "{}\t{}\t{:.2}\t{outcome}",
        case.len(),
        peak_rss_kib().unwrap_or(0),
        cpu_seconds().unwrap_or(0.0)
    );
    ExitCode::SUCCESS
}

/// The CPU time of this process so far (user + system, from /proc/self/stat), in seconds: on a
/// shared machine the wall clock mostly measures the other jobs.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (in parentheses); utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports clock ticks of 1/100 s (USER_HZ).
    Some((utime + stime) / 100.0)
}

/// The peak resident set of this process (`VmHWM` of /proc/self/status), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
