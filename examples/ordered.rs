//! `cargo run --example ordered -- [K] [--work-ms MS] [-j P]` — K children
//! work in parallel, at most P at a time (default: all K); their results
//! come out in order.
//!
//! The blog post's second program, done right. Child `i` works `(K-i)*MS`
//! milliseconds (the first child is the slowest), tells the parent it is
//! done, and waits to be released; the parent releases the children one at
//! a time, in order, and waits for each to print before releasing the
//! next. The output is `child 0 done` … `child K-1 done`, in that order,
//! every time, and the whole run takes about as long as the slowest child,
//! not the sum.
//!
//! # The post's bugs, and the fix
//! The post has each child send `SIGCONT` to the parent and the parent call
//! `sigwait` once per child. Two things go wrong:
//!
//! 1. **Standard signals coalesce.** While a `SIGCONT` is pending, more
//!    `SIGCONT`s are the same one signal. Two children that finish at
//!    nearly the same moment deliver one `SIGCONT`, and the parent waits
//!    forever for the second. Counting standard signals never works.
//! 2. **`sigwait` without blocking loses signals.** The parent does not
//!    block `SIGCONT`; a child that finishes before the parent reaches
//!    `sigwait` has its signal delivered (and discarded: `SIGCONT`'s
//!    default action) and the parent waits forever.
//!
//! Here each child says "done" with a record in a pipe and then waits for
//! its turn in a blocking `read` of a pipe of its own, whose write end only
//! the parent holds. A record in a pipe and a byte in a child's own pipe
//! are per-child events: K children that finish at once are K events, read
//! in any order and at any later time; nothing is counted, nothing
//! coalesces, nothing can arrive too early. The parent writes a child's
//! turn byte once every earlier child has exited (its pidfd, or its own
//! pipe's end-of-file, says so). No signal can release a child early: the
//! post's (and this program's earlier) protocol, in which a child stopped
//! itself and waited for `SIGCONT`, broke its order under Ctrl-Z then `fg`
//! or `bg` (which continue the whole process group) or anyone's
//! `kill -CONT`; now stopping and continuing the program at any moment
//! only pauses it. The protocol lives in [`procsig::ordered`]; this
//! program drives it. With `-j P`, at most P children are alive at once;
//! the next is forked as soon as the oldest has printed.
//!
//! Killing the program leaves no child behind: if it is killed outright
//! (`SIGKILL`), or by Ctrl-C to its process group (also while stopped),
//! each child gets `SIGKILL` from the kernel (`PR_SET_PDEATHSIG` on
//! Linux, `procctl(PROC_PDEATHSIG_CTL)` on FreeBSD). The exception (see
//! [`procsig::ordered`]'s Hazards): its group stopped outside job control
//! (`kill -STOP -PGID`), then the parent alone killed outright before a
//! child it had just forked ran its first instruction; that child stays
//! stopped until continued, then exits without working. macOS has no
//! parent-death signal: there a child waiting for its turn sees end of
//! file and exits, but one still working finishes its work first, and one
//! that is stopped stays stopped — the one promise this program cannot
//! keep on a Mac (a run that is not killed behaves the same everywhere).
//!
//! # Targets
//! Linux: run by the tests here. macOS: the same program (pipes and
//! `poll`; a job that closed its pipe before ending is reaped through
//! `Child::wait_timeout`'s kqueue, an `EVFILT_PROC` filter), compiled only; its other paths (no pidfd, `pipe` +
//! `fcntl`, no parent-death signal) run here under the macOS-like build
//! switch (`RUSTFLAGS="--cfg procsig_like_macos"`, see build.rs), where
//! every test of this program but the kill test runs (that build has no
//! timed wait at all, so it reaps such a job with `try_wait` every 10 ms).
//! FreeBSD: compiled only (the same kqueue wait).
//!
//! The program works whatever its launcher left behind: signals blocked
//! or ignored (it waits for no signal), and
//! `SIGCHLD` ignored — which would make the kernel reap the children as
//! they exit, so it is reset to the default first.

use std::io::Write;
use std::time::Duration;

use procsig::ordered::{self, Outcome, Slot};
use procsig::{reset_disposition, Signal, WaitStatus};

/// Exit status: 0 when every child printed its line, in order; 2 for a
/// usage error; 1 for any other failure, with the reason on standard
/// error. A line that cannot be written is such a failure: a child's (to
/// standard output) fails that child, which is reported; the program's
/// own (to standard error) ends the run. Nothing is written with
/// `println!` or `eprintln!`, which panic on a write error. A standard
/// descriptor that is closed at start (`ordered >&-`) is reopened on
/// `/dev/null` by Rust's runtime before `main`, as in any Rust program, so
/// what is written to it is discarded and is no write error; `timeout` is
/// the example that keeps them closed.
fn main() {
    let (k, work_ms, p) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            // If standard error fails, there is no one left to tell.
            let _ = writeln!(
                std::io::stderr(),
                "{message}\nusage: ordered [K] [--work-ms MS] [-j P]   \
                 (K >= 1, default 2; MS default 100; 1 <= P <= {}, default K)",
                procsig::WAIT_ANY_MAX
            );
            std::process::exit(2);
        }
    };
    if let Err(message) = run(k, work_ms, p) {
        let _ = writeln!(std::io::stderr(), "ordered: {message}");
        std::process::exit(1);
    }
}

/// One line on standard error; a write error as a message.
fn note(line: std::fmt::Arguments) -> Result<(), String> {
    writeln!(std::io::stderr(), "{line}").map_err(|e| format!("write error: {e}"))
}

fn run(k: u32, work_ms: u64, p: usize) -> Result<(), String> {
    // A launcher may have left SIGCHLD ignored; then exited children would
    // be reaped by the kernel and their statuses lost.
    reset_disposition(Signal::CHLD).map_err(|e| format!("resetting SIGCHLD: {e}"))?;
    std::io::stdout()
        .flush()
        .map_err(|e| format!("write error: {e}"))?;
    note(format_args!(
        "Starting {k} children, at most {p} at a time; results in order:"
    ))?;

    let mut slots: Vec<Slot> = (0..p).map(|_| Slot::EMPTY).collect();
    let mut failed = Vec::new();
    // SAFETY: this program is single-threaded; each job ends by returning.
    let result = unsafe {
        ordered::run(
            &mut slots,
            k as usize,
            None,
            |i, turn| {
                let work = Duration::from_millis(u64::from(k - i as u32).saturating_mul(work_ms));
                // Stand-in for an expensive computation, as in the blog post.
                std::thread::sleep(work);
                // "Done": the parent lets us go on once every earlier child
                // has printed.
                if turn.wait().is_err() {
                    return 3;
                }
                let mut out = std::io::stdout().lock();
                let printed = writeln!(out, "child {i} done").and_then(|()| out.flush());
                if printed.is_ok() {
                    0
                } else {
                    4
                }
            },
            |i, outcome| {
                if outcome != Outcome::Ended(WaitStatus::Exited(0)) {
                    failed.push(format!("child {i}: {outcome:?}"));
                }
            },
        )
    };
    result.map_err(|e| format!("running the children: {e}"))?;
    if !failed.is_empty() {
        return Err(failed.join("; "));
    }
    note(format_args!("All children finished, in order."))
}

fn parse_args() -> Result<(u32, u64, usize), String> {
    let mut k = None;
    let mut work_ms = 100;
    let mut p = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--work-ms" {
            let value = args.next().ok_or("--work-ms needs a value")?;
            work_ms = value
                .parse()
                .map_err(|_| format!("--work-ms: not a number of milliseconds: {value:?}"))?;
        } else if arg == "-j" {
            let value = args.next().ok_or("-j needs a value")?;
            let n: usize = value
                .parse()
                .map_err(|_| format!("-j: not a number: {value:?}"))?;
            if n == 0 || n > procsig::WAIT_ANY_MAX {
                return Err(format!(
                    "-j must be between 1 and {}",
                    procsig::WAIT_ANY_MAX
                ));
            }
            p = Some(n);
        } else if k.is_none() {
            let n: u32 = arg
                .parse()
                .map_err(|_| format!("K: not a number: {arg:?}"))?;
            if n == 0 {
                return Err("K must be at least 1".into());
            }
            k = Some(n);
        } else {
            return Err(format!("unexpected argument {arg:?}"));
        }
    }
    let k = k.unwrap_or(2);
    let p = p.unwrap_or(k as usize).min(procsig::WAIT_ANY_MAX);
    Ok((k, work_ms, p))
}
