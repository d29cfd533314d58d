//! `cargo run --example deadline -- TIMEOUT_MS WORK_MS [--alarm]` — wait for
//! a child, but not for too long.
//!
//! The blog post's third program. A child works `WORK_MS` milliseconds; the
//! parent waits at most `TIMEOUT_MS` for it to end, then kills it. It prints
//! `child process finished` or `too late; killing child process`.
//!
//! By default the wait is [`Child::wait_timeout`]: millisecond precision,
//! with `SIGCHLD` blocked only while it waits. `--alarm` does it as the post
//! does, with `alarm` and `sigwait` on `{SIGCHLD, SIGALRM}` — which limits
//! the timeout to whole seconds (it is rounded up) — but without the post's
//! race: the post calls `sigwait` on signals it never blocked, so a child
//! that ends before the parent reaches `sigwait` delivers a `SIGCHLD` that
//! is discarded, and the parent sits out the whole alarm. Here both signals
//! are blocked *before* the fork, through a guard that is also the only way
//! to wait on them cheaply.
//!
//! The post installs a dummy `SIGCHLD` handler because some systems discard
//! a default-ignored signal even while it is blocked. Linux keeps it
//! pending; on BSD and macOS `SigSet::block` installs that no-op handler
//! itself and removes it with the guard.
//!
//! # Targets
//! Linux: both modes, run by the tests here. FreeBSD: both modes (compiled
//! only; [`Child::wait_timeout`] through a kqueue's `EVFILT_PROC` filter
//! on the pid). macOS: both modes, the same kqueue wait (compiled only).
//! Where there is no timed wait at all (OpenBSD, and the macOS-like build
//! switch, `RUSTFLAGS="--cfg procsig_like_macos"`, which runs macOS's
//! other paths here but cannot give it a kqueue), the default mode says so
//! on standard error (`deadline: no millisecond timed wait on this
//! target; using --alarm (whole seconds)`) and runs as `--alarm` does; the
//! tests check that under the switch.
//!
//! A launcher may have left `SIGCHLD` ignored: the kernel would then send
//! no `SIGCHLD` and reap the child itself. The program resets it first,
//! and `SIGALRM` too for `--alarm`: BSD and macOS discard a blocked signal
//! at `SIG_IGN`, so an inherited `SIG_IGN` would lose the alarm there (the
//! signal waits refuse such a set, `EINVAL`). It
//! may also have left `SIGALRM` or `SIGCHLD` blocked and already pending
//! (`exec` keeps both): `--alarm` discards what is pending before it forks
//! and sets its alarm, so a stale `SIGALRM` is never taken for its own.
//!
//! # Exit status
//! 0 when it printed its line; 2 for a usage error; 1 for any other
//! failure, with the reason on standard error, including a line that
//! cannot be written (`deadline 0 5000 | true`, or with standard output
//! on `/dev/full`). The child is never left behind: a late one is killed and
//! reaped *before* the line is written, so a write error cannot leave it
//! running, and on any failure while it runs it is killed too. Lines are
//! written with `writeln!`, which returns errors (`println!` panics), and
//! the child's body runs under `catch_unwind`, so it ends in `exit` and
//! can never unwind into the parent's code. A standard descriptor that is
//! closed at start (`deadline 0 5000 >&-`) is reopened on `/dev/null` by
//! Rust's runtime before `main`, as in any Rust program, so what is
//! written to it is discarded and is no write error; `timeout` is the
//! example that keeps them closed.

use std::io::Write;
use std::panic::catch_unwind;
use std::time::Duration;

use procsig::{
    alarm, cancel_alarm, exit, fork, reset_disposition, Child, Fork, MaskGuard, SigSet, Signal,
};

const FINISHED: &str = "child process finished";
const LATE: &str = "too late; killing child process";

/// The child's status if its body panicked after all.
const CHILD_PANICKED: i32 = 101;

fn main() {
    let (timeout_ms, work_ms, use_alarm) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            // If standard error fails, there is no one left to tell.
            let _ = writeln!(
                std::io::stderr(),
                "{message}\nusage: deadline TIMEOUT_MS WORK_MS [--alarm]"
            );
            std::process::exit(2);
        }
    };
    let result = reset_disposition(Signal::CHLD)
        .map_err(|e| format!("resetting SIGCHLD: {e}"))
        .and_then(|_| {
            if use_alarm {
                with_alarm(timeout_ms, work_ms)
            } else {
                with_wait_timeout(timeout_ms, work_ms)
            }
        });
    if let Err(message) = result {
        let _ = writeln!(std::io::stderr(), "deadline: {message}");
        std::process::exit(1);
    }
}

/// The child: a slow operation that ends by itself after `work_ms`.
fn start_child(work_ms: u64) -> Result<Child, String> {
    // SAFETY: this program is single-threaded; the child ends with `exit`,
    // and an unwind is caught before it could leave the child's body.
    match unsafe { fork() }.map_err(|e| format!("fork: {e}"))? {
        Fork::Child => {
            let status = catch_unwind(|| {
                std::thread::sleep(Duration::from_millis(work_ms));
                0
            });
            exit(status.unwrap_or(CHILD_PANICKED));
        }
        Fork::Parent(child) => Ok(child),
    }
}

#[cfg(procsig_timed_wait)]
fn with_wait_timeout(timeout_ms: u64, work_ms: u64) -> Result<(), String> {
    let mut child = start_child(work_ms)?;
    match child.wait_timeout(Duration::from_millis(timeout_ms)) {
        Ok(Some(_)) => report(FINISHED),
        Ok(None) => kill_late(child),
        Err(e) => {
            kill(child);
            Err(format!("waiting: {e}"))
        }
    }
}

/// No timed wait on this target (OpenBSD, the macOS-like build): say so,
/// then do what `--alarm` does.
#[cfg(not(procsig_timed_wait))]
fn with_wait_timeout(timeout_ms: u64, work_ms: u64) -> Result<(), String> {
    // If standard error fails, the run itself can still succeed.
    let _ = writeln!(
        std::io::stderr(),
        "deadline: no millisecond timed wait on this target; using --alarm (whole seconds)"
    );
    with_alarm(timeout_ms, work_ms)
}

fn with_alarm(timeout_ms: u64, work_ms: u64) -> Result<(), String> {
    // An inherited SIG_IGN would discard the alarm on BSD and macOS.
    reset_disposition(Signal::ALRM).map_err(|e| format!("resetting SIGALRM: {e}"))?;
    let seconds = u32::try_from(timeout_ms.div_ceil(1000).max(1)).unwrap_or(u32::MAX);
    // Blocked before the fork: neither signal can arrive before we wait.
    let waited = SigSet::from([Signal::CHLD, Signal::ALRM]);
    let guard = waited.block().map_err(|e| format!("blocking: {e}"))?;
    // A launcher may have left either signal blocked *and pending* (`exec`
    // keeps both): that SIGALRM would be taken for our alarm. Nothing of
    // ours can be pending yet, so whatever is, is stale.
    discard_pending(&guard)?;
    let mut child = start_child(work_ms)?;
    alarm(seconds);
    let finished = wait_or_alarm(&guard, &mut child);
    cancel_alarm();
    // An alarm that fired after the child ended is still pending: take it
    // now, or dropping the guard would unblock it and its default action
    // would terminate this process.
    let drained = discard_pending(&guard);
    match finished.and_then(|finished| drained.map(|()| finished)) {
        Ok(true) => report(FINISHED),
        Ok(false) => kill_late(child),
        Err(message) => {
            kill(child);
            Err(message)
        }
    }
}

/// Whether the child ended (`true`) before the alarm fired (`false`).
fn wait_or_alarm(guard: &MaskGuard, child: &mut Child) -> Result<bool, String> {
    loop {
        match guard.wait().map_err(|e| format!("waiting: {e}"))? {
            Signal::ALRM => return Ok(false),
            // SIGCHLD also reports stops; only an ended child counts.
            _ => {
                if child
                    .try_wait()
                    .map_err(|e| format!("reaping: {e}"))?
                    .is_some()
                {
                    return Ok(true);
                }
            }
        }
    }
}

/// Accepts and drops every pending signal of the guard's set: `sigwait`
/// on what `sigpending` shows is pending (it returns at once), so this
/// needs no timed wait and runs on every target.
fn discard_pending(guard: &MaskGuard) -> Result<(), String> {
    loop {
        let pending = SigSet::pending().map_err(|e| format!("draining: {e}"))?;
        if !guard.blocked().iter().any(|sig| pending.contains(sig)) {
            return Ok(());
        }
        guard.wait().map_err(|e| format!("draining: {e}"))?;
    }
}

/// Kills and reaps the child, *then* says so: a line that cannot be
/// written must not leave the child running.
fn kill_late(child: Child) -> Result<(), String> {
    child
        .signal(Signal::KILL)
        .map_err(|e| format!("killing: {e}"))?;
    child.wait().map_err(|e| format!("reaping: {e}"))?;
    report(LATE)
}

/// On a failure while the child may still run: kill it and reap it,
/// ignoring errors (an error is being reported already).
fn kill(child: Child) {
    let _ = child.signal(Signal::KILL);
    let _ = child.wait();
}

/// `line` on standard output, flushed; a write error as a message.
fn report(line: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| format!("write error: {e}"))
}

fn parse_args() -> Result<(u64, u64, bool), String> {
    let mut numbers = Vec::new();
    let mut use_alarm = false;
    for arg in std::env::args().skip(1) {
        if arg == "--alarm" {
            use_alarm = true;
        } else {
            let n: u64 = arg
                .parse()
                .map_err(|_| format!("not a number of milliseconds: {arg:?}"))?;
            numbers.push(n);
        }
    }
    match numbers[..] {
        [timeout_ms, work_ms] => Ok((timeout_ms, work_ms, use_alarm)),
        _ => Err("expected TIMEOUT_MS and WORK_MS".into()),
    }
}
