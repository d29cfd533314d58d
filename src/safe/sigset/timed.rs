//! The timed waits for blocked signals, on the targets that have one
//! (chosen on the `mod` line): [`SigSet::wait_timeout`],
//! [`MaskGuard::wait_timeout`], and the retrying loop with the time left
//! that the rest of the facade waits through, from the backend file of
//! the target: `sigtimedwait` (Linux, the BSDs but OpenBSD) or `kqueue`
//! (macOS).

use core::time::Duration;

use crate::safe::signal::Signal;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::SigSet;
use crate::Errno;

// The kernel call that waits: one file per backend.
#[cfg_attr(procsig_sigtimedwait, path = "timed/sigtimedwait.rs")]
#[cfg_attr(
    all(procsig_kqueue, not(procsig_sigtimedwait)),
    path = "timed/kqueue.rs"
)]
#[allow(unsafe_code)]
mod backend;

// SigInfo's waits (Linux) fill a `siginfo_t` too.
#[cfg(procsig_linux)]
pub(crate) use backend::sigtimedwait_retrying;
pub(crate) use backend::wait_blocked_timeout;
// macOS: the event wait refuses signals off the main thread, as this wait.
#[cfg(all(procsig_kqueue, not(procsig_sigtimedwait)))]
pub(crate) use backend::on_signal_thread;

impl SigSet {
    /// `sigtimedwait(self, timeout)`—Like [`wait`](SigSet::wait), but gives
    /// up after `timeout` and returns `None`.
    ///
    /// Nanosecond resolution (the kernel's timer slack adds up to about
    /// 50 µs). After an `EINTR` it recomputes the time left from the
    /// monotonic clock and waits again, so handlers for other signals
    /// neither cut the wait short nor stretch it. A zero timeout polls.
    ///
    /// On musl, `sigtimedwait` itself retries `EINTR` with the original
    /// relative timeout and never reports it, so there a stream of handled
    /// signals arriving faster than the timeout stretches the wait.
    ///
    /// On macOS, which has no `sigtimedwait`, the wait is a kqueue's: an
    /// `EVFILT_SIGNAL` filter on each signal of the set, then
    /// `sigpending`; a signal found pending is taken with `sigwait` (it
    /// returns at once), else `kevent` sleeps for the time left and the
    /// look is made again (at least once a second, for a thread-directed
    /// signal, which fires no filter on XNU; every millisecond for 50 ms
    /// after a wake whose look found nothing, since XNU fires the filter
    /// a moment before the signal is pending). Microsecond resolution
    /// there. Another thread that waits for the same signals may take one
    /// between the look and the take, and this wait then sleeps in
    /// `sigwait` until the next: wait for a signal in one thread only. On
    /// macOS it runs on the main thread only (`ENOTSUP` elsewhere): XNU
    /// makes a process-directed signal that every thread blocks pending
    /// on the main thread, and `sigpending` elsewhere cannot see it. Once
    /// GCD (libdispatch) workqueue threads exist, a process-directed
    /// `SIGPIPE`, `SIGPROF`, `SIGSYS`, `SIGTRAP` or fault signal cannot be
    /// waited for reliably on macOS: XNU gives those threads a mask of its
    /// own that leaves them unblocked (see the module
    /// [`events`](crate::events), "macOS and FreeBSD").
    ///
    /// On macOS and FreeBSD, as [`wait`](SigSet::wait) says, a set that
    /// holds a signal at `SIG_IGN` is refused (`EINVAL`).
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `rt_sigprocmask`, `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigprocmask`,
    /// `rt_sigtimedwait`. The `rt_sigaction` reads `SIGCHLD`'s disposition
    /// (see `ECHILD` below).
    ///
    /// Threads: as for [`wait`](SigSet::wait).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](SigSet::wait).
    /// - `ENOTSUP` (macOS): not on the main thread (see above).
    ///
    /// # Examples
    /// ```
    /// use procsig::{kill, Pid, SigSet, Signal};
    /// use std::time::Duration;
    ///
    /// let usr1 = SigSet::from(Signal::USR1);
    /// let _guard = usr1.block()?;
    /// assert_eq!(usr1.wait_timeout(Duration::from_millis(10))?, None);
    /// kill(Pid::this(), Signal::USR1)?;
    /// assert_eq!(usr1.wait_timeout(Duration::from_secs(60))?, Some(Signal::USR1));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigtimedwait.html)
    #[doc(alias = "sigtimedwait")]
    #[cfg_attr(docsrs, doc(cfg(not(target_os = "openbsd"))))]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        wait_blocked_timeout(&self.checked_wait_set()?, timeout)
    }
}

impl MaskGuard {
    /// `sigtimedwait`—[`wait`](MaskGuard::wait) with a timeout, as
    /// [`SigSet::wait_timeout`] but with no mask check.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigtimedwait`.
    /// The `rt_sigaction` reads `SIGCHLD`'s disposition (see `ECHILD`
    /// below).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](MaskGuard::wait).
    /// - `ENOTSUP` (macOS): not on the main thread (see
    ///   [`SigSet::wait_timeout`]).
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    /// use std::time::Duration;
    ///
    /// let guard = SigSet::from(Signal::USR2).block()?;
    /// assert_eq!(guard.wait_timeout(Duration::from_millis(5))?, None);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigtimedwait")]
    #[cfg_attr(docsrs, doc(cfg(not(target_os = "openbsd"))))]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.with_wait_set(|set| wait_blocked_timeout(set, timeout))
    }
}
