//! Each facade function's system calls, seen under `strace -f` and held to
//! docs/audit.md's table "What each facade function asks of the kernel" and to
//! the "System calls:" line of its documentation.
//!
//! Every scenario below sets up what its function needs, then calls the
//! function alone between two marker calls (`sched_yield`, which procsig
//! never makes). The test runs this binary under `strace -f` once per
//! scenario (`--one NAME`), twice for the ones whose path depends on
//! pidfds (the second time with `pidfd_open` refused by seccomp, as on a
//! kernel before 5.3), and compares the distinct system calls between the
//! markers — and, for the forking functions, those the new child makes
//! before its own marker — with docs/audit.md's row and with the doc line. A
//! mismatch fails naming the function. `--print` prints the rows as seen.
//!
//! Where a function's calls depend on its arguments, it has a scenario per
//! class of them (`"name (class)"`: a set holding `SIGCHLD`, a zero or no
//! timeout, a sleep interrupted by a handled signal, fork options), held to
//! docs/audit.md's "`name` (class)" row and its docs' "System calls (class):"
//! paragraph (or, where the calls are its usual ones, its "System calls:"
//! line). The classes a function must have are read off its signature and
//! docs; one without a scenario fails the test, named. Every run under
//! strace has a watchdog (a pidfd deadline) so a hang fails instead.
//!
//! It skips, printing `SKIPPED: …` as its result line, where `strace` is
//! not installed (CI installs it) and off x86_64 Linux (the names of system
//! calls differ by architecture).

#[cfg(all(procsig_linux, target_arch = "x86_64"))]
#[path = "../support/mod.rs"]
mod support;

#[cfg(all(procsig_linux, target_arch = "x86_64"))]
mod scenarios;

#[cfg(all(procsig_linux, target_arch = "x86_64"))]
mod table;

#[cfg(all(procsig_linux, target_arch = "x86_64"))]
fn main() {
    table::main();
}

#[cfg(not(all(procsig_linux, target_arch = "x86_64")))]
fn main() {
    println!(
        "SKIPPED: the per-function system-call table is checked on x86_64 Linux only \
         (not under the macOS-like build, whose calls differ)"
    );
}
