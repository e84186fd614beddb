//! Prints a generated `aws iam get-account-authorization-details` export of N identities:
//!
//! ```sh
//! cargo run -p rolecall-import --example account-export -- 300 > account.json
//! cargo run -p rolecall-import --example account-export -- 300 222222222222 > other.json
//! rolecall import account.json -o account-scenario.json
//! ```
//!
//! Deterministic: the same arguments give the same file (see `rolecall_import::generate`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let identities = args.next().map(|n| n.parse::<usize>());
    let account = args.next().unwrap_or_else(|| "111111111111".to_owned());
    match identities {
        Some(Ok(n)) if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) => {
            println!("{}", rolecall_import::generate::account_export(&account, n));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: account-export IDENTITIES [ACCOUNT-ID (12 digits)]");
            ExitCode::from(2)
        }
    }
}
