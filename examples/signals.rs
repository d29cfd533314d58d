//! `cargo run --example signals` — this platform's signal table.
//!
//! The blog post this crate grew from printed the table from BSD's
//! `man signal`. The numbers are not portable: on Linux SIGCONT is 18 (the
//! post says 19), SIGUSR1 is 10 (not 30), SIGCHLD 17 (not 20), and SIGEMT
//! and SIGINFO do not exist. procsig takes every number from the `libc`
//! crate for the target it is built for, so this program prints the truth
//! for the machine it runs on.

use procsig::Signal;

fn main() {
    println!("{:>3}  {:<12} {:<10} description", "No", "Name", "Default");
    for sig in Signal::all() {
        println!(
            "{:>3}  {:<12} {:<10} {}",
            sig.as_raw(),
            sig,
            sig.default_action(),
            sig.description()
        );
    }
}
