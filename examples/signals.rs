//! `cargo run --example signals` — this platform's signal table.
//!
//! The blog post this crate grew from printed the table from BSD's
//! `man signal`. The numbers are not portable: on Linux SIGCONT is 18 (the
//! post says 19), SIGUSR1 is 10 (not 30), SIGCHLD 17 (not 20), and SIGEMT
//! and SIGINFO do not exist. procsig takes every number from the `libc`
//! crate for the target it is built for, so this program prints the truth
//! for the machine it runs on.
//!
//! # Exit status
//! 0, or 1 when the table cannot be written (`signals | head -1`,
//! `signals >/dev/full`), with the reason on standard error: the lines are
//! written with `writeln!`, which returns the error, not with `println!`,
//! which panics on it. A standard descriptor that is closed at start
//! (`signals >&-`) is reopened on `/dev/null` by Rust's runtime before
//! `main`, as in any Rust program, so what is written to it is discarded
//! and is no write error; `timeout` is the example that keeps them closed.

use std::io::Write;

use procsig::Signal;

fn main() {
    if let Err(e) = print_table(&mut std::io::stdout().lock()) {
        // If standard error fails too, there is no one left to tell.
        let _ = writeln!(std::io::stderr(), "signals: write error: {e}");
        std::process::exit(1);
    }
}

fn print_table(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>3}  {:<12} {:<10} description",
        "No", "Name", "Default"
    )?;
    for sig in Signal::all() {
        writeln!(
            out,
            "{:>3}  {:<12} {:<10} {}",
            sig.as_raw(),
            sig,
            sig.default_action(),
            sig.description()
        )?;
    }
    out.flush()
}
