//! Prints the generated account of the access-graph benchmark as a scenario file:
//! `cargo run --release -p rolecall-core --example generate_account -- 1000 1000 > /tmp/account.json`
//! (roles, then users). Used for the CLI and page figures in BENCHMARKS.md.

#[path = "../benches/support/account.rs"]
mod account;

fn main() {
    let (roles, users) = account::size(std::env::args().skip(1));
    println!("{}", account::scenario(roles, users));
}
