//! Prints the generated account of the access-graph benchmark as a scenario file:
//! `cargo run --release -p rolecall-core --example generate_account -- 1000 1000 > /tmp/account.json`
//! (roles, then users). Used for the CLI and page figures in BENCHMARKS.md.

#[path = "../benches/support/account.rs"]
mod account;

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap_or(1000));
    let roles = args.next().unwrap_or(1000);
    let users = args.next().unwrap_or(1000);
    println!("{}", account::scenario(roles, users));
}
