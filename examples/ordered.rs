//! `cargo run --example ordered -- [K] [--work-ms MS]` — K children work in
//! parallel; their results come out in order.
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
//! Here each child reports by *stopping itself* (`SIGSTOP`, which cannot be
//! blocked, caught or ignored). A stop is recorded in that child's own wait
//! status, so K children that stop at once are K events that the parent
//! reads with `waitpid(pid, WUNTRACED)` ([`Child::wait_stopped`]), in any
//! order and at any later time: nothing is counted, nothing coalesces,
//! nothing can arrive too early. The parent releases a child with
//! `SIGCONT`, which resumes a stopped process even if the child blocks or
//! ignores it, and waits for it to exit before releasing the next one.
//!
//! The program works whatever its launcher left behind: signals blocked
//! (`SIGSTOP` cannot be), signals ignored (`SIGCONT` still resumes), and
//! `SIGCHLD` ignored — which would make the kernel reap the children as
//! they exit, so it is reset to the default first.

use std::io::Write;
use std::time::Duration;

use procsig::{exit, fork, kill, reset_disposition, Child, Fork, Pid, Signal, WaitStatus};

fn main() {
    let (k, work_ms) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\nusage: ordered [K] [--work-ms MS]   (K >= 1, default 2; MS default 100)");
            std::process::exit(2);
        }
    };
    if let Err(message) = run(k, work_ms) {
        eprintln!("ordered: {message}");
        std::process::exit(1);
    }
}

fn run(k: u32, work_ms: u64) -> Result<(), String> {
    // A launcher may have left SIGCHLD ignored; then exited children would
    // be reaped by the kernel and could not be waited for.
    reset_disposition(Signal::CHLD).map_err(|e| format!("resetting SIGCHLD: {e}"))?;

    let mut children = Vec::with_capacity(k as usize);
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    for i in 0..k {
        // SAFETY: this program is single-threaded; the child ends with `exit`.
        match unsafe { fork() } {
            Ok(Fork::Child) => child(
                i,
                Duration::from_millis(u64::from(k - i).saturating_mul(work_ms)),
            ),
            Ok(Fork::Parent(c)) => children.push(c),
            Err(e) => {
                // Do not leave stopped children behind.
                release_all(&mut children);
                return Err(format!("fork of child {i}: {e}"));
            }
        }
    }
    eprintln!("All children started.");

    for (i, c) in children.iter_mut().enumerate() {
        match c.wait_stopped() {
            Ok(WaitStatus::Stopped(_)) => {}
            other => {
                release_all(&mut children);
                return Err(format!("child {i} did not report: {other:?}"));
            }
        }
    }
    eprintln!("All children finished main tasks; asking them to display results in order.");

    for (i, c) in children.into_iter().enumerate() {
        c.signal(Signal::CONT)
            .map_err(|e| format!("releasing child {i}: {e}"))?;
        match c.wait() {
            Ok(WaitStatus::Exited(0)) => {}
            other => return Err(format!("child {i} ended badly: {other:?}")),
        }
    }
    Ok(())
}

/// The child: work, report by stopping, then print when released.
fn child(i: u32, work: Duration) -> ! {
    // Stand-in for an expensive computation, as in the blog post.
    std::thread::sleep(work);
    // "Done": stop until the parent continues us. The stop itself is the
    // message; it is kept in our wait status until the parent reads it.
    if kill(Pid::this(), Signal::STOP).is_err() {
        exit(3);
    }
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "child {i} done").and_then(|()| out.flush());
    exit(if printed.is_ok() { 0 } else { 4 });
}

/// On an error path: kill every child and reap it, so none stays stopped.
fn release_all(children: &mut Vec<Child>) {
    for c in children.drain(..) {
        c.signal(Signal::KILL).ok();
        c.wait().ok();
    }
}

fn parse_args() -> Result<(u32, u64), String> {
    let mut k = None;
    let mut work_ms = 100;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--work-ms" {
            let value = args.next().ok_or("--work-ms needs a value")?;
            work_ms = value
                .parse()
                .map_err(|_| format!("--work-ms: not a number of milliseconds: {value:?}"))?;
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
    Ok((k.unwrap_or(2), work_ms))
}
