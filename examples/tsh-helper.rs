//! `tsh-helper`, the course's test programs for `examples/tsh` in one
//! binary, chosen by the name it is run as (link it as each), or by its
//! first argument:
//!
//! - `myspin N`: sleeps N seconds, then exits 0.
//! - `mystop [N]`: sends `SIGTSTP` to its own process group; once
//!   continued, sleeps N seconds (default 0) and exits 0.
//! - `myint [N]`: sleeps N seconds (default 0), sends itself `SIGINT`.
//! - `mysplit N`: forks a child; both sleep N seconds; the parent waits for
//!   the child, then exits 0.
//!
//! The sleeps are the work a job does, not synchronisation. `myspin`,
//! `mystop` and `mysplit` (both processes) block `SIGCONT` and sleep in
//! `sigtimedwait`, so each continue is seen (the kernel continues a stopped
//! process whatever its mask). For drivers: if `TSH_READY_FD` names a
//! descriptor, each program first writes `start PID` there (`mysplit`:
//! `start PID CHILD`, once the child exists), and `cont PID` each time it
//! is continued, so that a driver knows the job runs, or that `fg` or `bg`
//! has reached it, without sleeping itself.
//!
//! Exit status 2 for a bad usage; 1 if a call fails.

use std::time::Duration;

use procsig::{
    exit, fork, kill, kill_group, raw, this_group, Errno, Fork, MaskGuard, Pid, SigSet, Signal,
};

const USAGE: &str = "usage: myspin N | mystop [N] | myint [N] | mysplit N\n";

/// Tells the driver, if there is one, that `pids` run (`what` is `start`)
/// or were continued (`cont`).
fn ready(what: &str, pids: &[Pid]) {
    let Some(fd) = std::env::var("TSH_READY_FD")
        .ok()
        .and_then(|v| v.parse().ok())
    else {
        return;
    };
    let text: Vec<String> = pids.iter().map(|p| p.to_string()).collect();
    let line = format!("{what} {}\n", text.join(" "));
    // SAFETY: a descriptor number the driver gave; a live buffer.
    let _ = unsafe { raw::write(fd, line.as_bytes()) };
}

/// Sleeps `n` seconds, the job's work, saying `cont` for each `SIGCONT`
/// (blocked by `main`, so it waits here instead of vanishing).
#[cfg(procsig_timed_wait)]
fn spin(guard: &MaskGuard, n: u64) -> Result<(), Errno> {
    let deadline = std::time::Instant::now() + Duration::from_secs(n);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match guard.wait_timeout(left)? {
            Some(_) => ready("cont", &[Pid::this()]),
            None => return Ok(()),
        }
    }
}

/// Sleeps `n` seconds where there is no timed signal wait (OpenBSD, the
/// macOS-like build): no `cont` reports; tsh itself does not run there
/// (no event wait).
#[cfg(not(procsig_timed_wait))]
fn spin(_guard: &MaskGuard, n: u64) -> Result<(), Errno> {
    std::thread::sleep(Duration::from_secs(n));
    Ok(())
}

fn usage() -> ! {
    // SAFETY: standard error, a live buffer.
    let _ = unsafe { raw::write(2, USAGE.as_bytes()) };
    std::process::exit(2)
}

/// The `i`th argument as seconds; `default` if it is absent.
fn seconds(arg: Option<&String>, default: Option<u64>) -> u64 {
    match (arg.map(|a| a.parse()), default) {
        (Some(Ok(n)), _) => n,
        (None, Some(n)) => n,
        _ => usage(),
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let base = |a: Option<&String>| {
        a.and_then(|a| a.rsplit('/').next())
            .unwrap_or_default()
            .to_string()
    };
    if !base(args.first()).starts_with("my") && args.len() > 1 {
        args.remove(0);
    }
    let name = base(args.first());
    let me = Pid::this();
    let Ok(guard) = SigSet::from(Signal::CONT).block() else {
        std::process::exit(1)
    };
    let status = match name.as_str() {
        "myspin" => {
            let n = seconds(args.get(1), None);
            ready("start", &[me]);
            spin(&guard, n)
        }
        "mystop" => {
            let n = seconds(args.get(1), Some(0));
            ready("start", &[me]);
            // Stopped here; the SIGCONT that continues it stays pending,
            // so `spin` reports it.
            this_group()
                .map_or(Ok(()), |g| kill_group(g, Signal::TSTP))
                .and_then(|()| spin(&guard, n))
        }
        "myint" => {
            let n = seconds(args.get(1), Some(0));
            ready("start", &[me]);
            std::thread::sleep(Duration::from_secs(n));
            kill(me, Signal::INT)
        }
        "mysplit" => {
            let n = seconds(args.get(1), None);
            // SAFETY: the program has one thread; the child sleeps and
            // exits without returning into `main`.
            match unsafe { fork() } {
                Ok(Fork::Child) => exit(i32::from(spin(&guard, n).is_err())),
                Ok(Fork::Parent(child)) => {
                    ready("start", &[me, child.pid()]);
                    spin(&guard, n).and_then(|()| child.wait().map(|_| ()))
                }
                Err(e) => Err(e),
            }
        }
        _ => usage(),
    };
    std::process::exit(i32::from(status.is_err()))
}
