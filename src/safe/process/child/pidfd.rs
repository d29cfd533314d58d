//! The process file descriptor behind a [`Child`](crate::Child) on Linux.
//!
//! A pidfd refers to one process, not to a number: signals sent through it
//! can never reach a process that later took the same pid, and `waitid`
//! with `P_PIDFD` reaps exactly that child. It becomes readable when the
//! process ends, so a timed wait is a `poll` on it: no signal is consumed,
//! no mask is touched, and it works from any thread.

use core::ffi::c_int;
use core::time::Duration;

use crate::safe::fd::above_stdio;
use crate::safe::pid::Pid;
use crate::safe::process::child::waitid::waitid_report;
use crate::safe::process::wait_status::Report;
use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// An open pidfd, closed on drop.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Pidfd(c_int);

/// What [`Pidfd::open_child`] found.
pub(crate) enum Opened {
    /// A pidfd proven to refer to the child.
    Pidfd(Pidfd),
    /// The child was already reaped by someone else: by the kernel because
    /// `SIGCHLD` is ignored, or by another thread's `waitpid(-1)`.
    Gone,
    /// No pidfd can be had: a kernel before 5.3 (`ENOSYS`), or before 5.4
    /// (`waitid` does not know `P_PIDFD`), no free descriptor, or a
    /// seccomp filter that refuses the calls.
    Unavailable,
}

impl Pidfd {
    /// Opens a pidfd for `pid`, which this process has just forked, and
    /// proves it refers to that child.
    ///
    /// Between `fork` returning and `pidfd_open`, the child may have ended
    /// and been reaped by someone else, and its pid taken by a stranger.
    /// `waitid(P_PIDFD, …, WNOWAIT)` fails with `ECHILD` for any process
    /// that is not an unreaped child of ours, so a descriptor it accepts
    /// is the child's; it changes nothing (`WNOHANG`, `WNOWAIT`).
    pub(crate) fn open_child(pid: Pid) -> Opened {
        // SAFETY: the descriptor is owned by the `Pidfd` built from it.
        let opened = unsafe { raw::pidfd_open(pid.as_raw(), 0) };
        // Never standard input, output or error: a child forked later
        // would take it as one (see `safe/fd.rs`).
        let fd = match opened.and_then(above_stdio) {
            Ok(fd) => Pidfd(fd),
            Err(Errno::ESRCH) => return Opened::Gone,
            Err(_) => return Opened::Unavailable,
        };
        let opened = match fd.wait(libc::WNOHANG | libc::WNOWAIT) {
            Ok(_) => return Opened::Pidfd(fd),
            Err(Errno::ECHILD) => Opened::Gone,
            // EINVAL: a 5.3 kernel, which has pidfd_open but not P_PIDFD.
            Err(_) => Opened::Unavailable,
        };
        // Closed here, not by a drop: the drop glue would be a function
        // of its own in a minimal binary, and an unwind entry.
        let fd = core::mem::ManuallyDrop::new(fd);
        // SAFETY: the descriptor is ours, and forgotten (never closed again).
        let _ = unsafe { raw::close(fd.0) };
        opened
    }

    /// The descriptor, still owned by `self`.
    pub(crate) fn as_raw(&self) -> c_int {
        self.0
    }

    /// `pidfd_send_signal(fd, sig, NULL, 0)`.
    #[inline]
    pub(crate) fn send(&self, sig: Signal) -> Result<(), Errno> {
        // SAFETY: the descriptor is open (owned by `self`); a signal to this
        // process runs handlers whose installation vouched for them.
        unsafe { raw::pidfd_send_signal(self.0, sig.as_raw(), None, 0) }
    }

    /// `pidfd_send_signal(fd, 0, NULL, 0)`: `ESRCH` once the process is
    /// reaped; sends nothing.
    pub(crate) fn probe(&self) -> Result<(), Errno> {
        // SAFETY: signal 0 is never delivered; the descriptor is open.
        unsafe { raw::pidfd_send_signal(self.0, 0, None, 0) }
    }

    /// `waitid(P_PIDFD, fd, WEXITED | options)`, decoded (see
    /// `waitid.rs`).
    #[inline(always)] // a call of its own would be a thunk, and an unwind entry
    pub(crate) fn wait(&self, options: c_int) -> Result<Option<Report>, Errno> {
        // A descriptor is never negative, so the cast to `id_t` is exact.
        waitid_report(libc::P_PIDFD, self.0 as libc::id_t, options)
    }

    /// Waits at most `timeout` (rounded up to whole milliseconds) for the
    /// process to end. `Ok(false)` when the time is up or a signal handler
    /// interrupted the wait (`EINTR`): the caller checks and recomputes.
    #[inline]
    pub(crate) fn poll(&self, timeout: Duration) -> Result<bool, Errno> {
        let ms = crate::safe::time::poll_ms(Some(timeout));
        let mut fds = [libc::pollfd {
            fd: self.0,
            events: libc::POLLIN,
            revents: 0,
        }];
        // SAFETY: one live `pollfd` naming a descriptor `self` owns.
        match unsafe { raw::poll(&mut fds, ms) } {
            Ok(ready) => Ok(ready > 0),
            Err(Errno::EINTR) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

impl Drop for Pidfd {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `self` owns the descriptor and nothing uses it after this.
        // Linux releases it even when `close` reports an error, so there is
        // nothing to retry.
        let _ = unsafe { raw::close(self.0) };
    }
}
