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
//! A launcher may have left `SIGCHLD` ignored: the kernel would then send
//! no `SIGCHLD` and reap the child itself. The program resets it first. It
//! may also have left `SIGALRM` or `SIGCHLD` blocked and already pending
//! (`exec` keeps both): `--alarm` discards what is pending before it forks
//! and sets its alarm, so a stale `SIGALRM` is never taken for its own.

use std::time::Duration;

use procsig::{
    alarm, cancel_alarm, exit, fork, reset_disposition, Child, Fork, MaskGuard, SigSet, Signal,
};

fn main() {
    let (timeout_ms, work_ms, use_alarm) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\nusage: deadline TIMEOUT_MS WORK_MS [--alarm]");
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
        eprintln!("deadline: {message}");
        std::process::exit(1);
    }
}

/// The child: a slow operation that ends by itself after `work_ms`.
fn start_child(work_ms: u64) -> Result<Child, String> {
    // SAFETY: this program is single-threaded; the child ends with `exit`.
    match unsafe { fork() }.map_err(|e| format!("fork: {e}"))? {
        Fork::Child => {
            std::thread::sleep(Duration::from_millis(work_ms));
            exit(0);
        }
        Fork::Parent(child) => Ok(child),
    }
}

fn with_wait_timeout(timeout_ms: u64, work_ms: u64) -> Result<(), String> {
    let mut child = start_child(work_ms)?;
    match child.wait_timeout(Duration::from_millis(timeout_ms)) {
        Ok(Some(_)) => println!("child process finished"),
        Ok(None) => kill_late(child)?,
        Err(e) => return Err(format!("waiting: {e}")),
    }
    Ok(())
}

fn with_alarm(timeout_ms: u64, work_ms: u64) -> Result<(), String> {
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
    let finished = loop {
        match guard.wait().map_err(|e| format!("waiting: {e}"))? {
            Signal::ALRM => break false,
            // SIGCHLD also reports stops; only an ended child counts.
            _ => {
                if child
                    .try_wait()
                    .map_err(|e| format!("reaping: {e}"))?
                    .is_some()
                {
                    break true;
                }
            }
        }
    };
    cancel_alarm();
    // An alarm that fired after the child ended is still pending: take it
    // now, or dropping the guard would unblock it and its default action
    // would terminate this process.
    discard_pending(&guard)?;
    if finished {
        println!("child process finished");
        Ok(())
    } else {
        kill_late(child)
    }
}

/// Accepts and drops every pending signal of the guard's set.
fn discard_pending(guard: &MaskGuard) -> Result<(), String> {
    while guard
        .wait_timeout(Duration::ZERO)
        .map_err(|e| format!("draining: {e}"))?
        .is_some()
    {}
    Ok(())
}

fn kill_late(child: Child) -> Result<(), String> {
    println!("too late; killing child process");
    child
        .signal(Signal::KILL)
        .map_err(|e| format!("killing: {e}"))?;
    child.wait().map_err(|e| format!("reaping: {e}"))?;
    Ok(())
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
