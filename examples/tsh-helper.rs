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
//! The sleeps are the work a job does, not synchronisation. For drivers:
//! if `TSH_READY_FD` names a descriptor, each program first writes its pid
//! and a newline there (`mysplit`: both pids, once the child exists;
//! `mystop`: again once continued), so that a driver knows the job runs
//! without sleeping itself.
//!
//! Exit status 2 for a bad usage; 1 if a call fails.

use std::time::Duration;

use procsig::{exit, fork, kill, kill_group, raw, this_group, Fork, Pid, Signal};

/// Tells the driver, if there is one, that `pids` are running.
fn ready(pids: &[Pid]) {
    let Some(fd) = std::env::var("TSH_READY_FD").ok().and_then(|v| v.parse().ok()) else {
        return;
    };
    let text: Vec<String> = pids.iter().map(|p| p.to_string()).collect();
    let line = text.join(" ") + "\n";
    // SAFETY: a descriptor number the driver gave; a live buffer.
    let _ = unsafe { raw::write(fd, line.as_bytes()) };
}

fn seconds(arg: Option<&String>, default: Option<u64>) -> u64 {
    match arg.map(|a| a.parse()) {
        Some(Ok(n)) => n,
        None if default.is_some() => default.unwrap_or(0),
        _ => {
            eprintln!("usage: myspin N | mystop [N] | myint [N] | mysplit N");
            std::process::exit(2)
        }
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let name = args
        .first()
        .and_then(|a| a.rsplit('/').next())
        .unwrap_or_default()
        .to_string();
    if !name.starts_with("my") && args.len() > 1 {
        args.remove(0);
    }
    let name = args
        .first()
        .and_then(|a| a.rsplit('/').next())
        .unwrap_or_default()
        .to_string();
    let me = Pid::this();
    let status = match name.as_str() {
        "myspin" => {
            let n = seconds(args.get(1), None);
            ready(&[me]);
            std::thread::sleep(Duration::from_secs(n));
            Ok(())
        }
        "mystop" => {
            let n = seconds(args.get(1), Some(0));
            ready(&[me]);
            let stopped = this_group().map_or(Ok(()), |g| kill_group(g, Signal::TSTP));
            ready(&[me]);
            std::thread::sleep(Duration::from_secs(n));
            stopped
        }
        "myint" => {
            let n = seconds(args.get(1), Some(0));
            ready(&[me]);
            std::thread::sleep(Duration::from_secs(n));
            kill(me, Signal::INT)
        }
        "mysplit" => {
            let n = seconds(args.get(1), None);
            // SAFETY: the program has one thread; the child sleeps and
            // exits without returning into `main`.
            match unsafe { fork() } {
                Ok(Fork::Child) => {
                    std::thread::sleep(Duration::from_secs(n));
                    exit(0)
                }
                Ok(Fork::Parent(child)) => {
                    ready(&[me, child.pid()]);
                    std::thread::sleep(Duration::from_secs(n));
                    child.wait().map(|_| ())
                }
                Err(e) => Err(e),
            }
        }
        _ => {
            eprintln!("usage: myspin N | mystop [N] | myint [N] | mysplit N");
            std::process::exit(2)
        }
    };
    std::process::exit(i32::from(status.is_err()))
}
