//! Pidfd helpers for the tests that run the command-line examples
//! (`tests/timeout.rs`, `tests/init.rs`): a process's end is waited for
//! through its pidfd, never guessed with a sleep, and every run has a
//! watchdog.

use std::process::Child;
use std::time::{Duration, Instant};

/// A pidfd for `pid`; `None` if it cannot be had (the process is gone).
pub fn pidfd_open(pid: i32) -> Option<libc::c_int> {
    // SAFETY: integers.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) } as libc::c_int;
    (fd >= 0).then_some(fd)
}

/// Waits up to `limit` for the process behind `pidfd` to end.
pub fn ends_within(pidfd: libc::c_int, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut pfd = libc::pollfd {
            fd: pidfd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one live pollfd.
        match unsafe { libc::poll(&mut pfd, 1, left.as_millis() as libc::c_int) } {
            1 => return true,
            0 => return false,
            _ => continue, // EINTR
        }
    }
}

/// Sends `sig` through `pidfd`; whether it was sent.
pub fn pidfd_kill(pidfd: libc::c_int, sig: libc::c_int) -> bool {
    // SAFETY: a pidfd we hold; no info pointer.
    unsafe { libc::syscall(libc::SYS_pidfd_send_signal, pidfd, sig, 0, 0) == 0 }
}

/// Kills `child` if it has not ended within `limit`: a hang fails the
/// test instead of CI. The process is not reaped before the test's own
/// wait returns, so the pidfd still names it.
pub fn watchdog(child: &Child, limit: Duration) -> std::thread::JoinHandle<()> {
    let pidfd = pidfd_open(child.id() as i32).expect("pidfd_open");
    std::thread::spawn(move || {
        if !ends_within(pidfd, limit) {
            pidfd_kill(pidfd, libc::SIGKILL);
        }
        // SAFETY: ours, used no more.
        unsafe { libc::close(pidfd) };
    })
}
