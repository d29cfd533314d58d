//! The timed waits for blocked signals, on the targets that have
//! `sigtimedwait` (chosen on the `mod` line): [`SigSet::wait_timeout`],
//! [`MaskGuard::wait_timeout`], and the retrying loops with the time left
//! that the rest of the facade waits through.

use core::time::Duration;

use crate::safe::signal::Signal;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::SigSet;
use crate::safe::time::{timespec, Deadline};
use crate::{raw, Errno};

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
    #[cfg_attr(
        docsrs,
        doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
    )]
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
    #[cfg_attr(
        docsrs,
        doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
    )]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.with_wait_set(|set| wait_blocked_timeout(set, timeout))
    }
}

/// `sigtimedwait` on a set the caller knows is blocked, retrying `EINTR`
/// with the time left.
#[inline]
pub(crate) fn wait_blocked_timeout(
    set: &SigSet,
    timeout: Duration,
) -> Result<Option<Signal>, Errno> {
    match sigtimedwait_retrying(set, timeout, None)? {
        Some(sig) => Signal::from_raw(sig).map(Some).ok_or(Errno::EINVAL),
        None => Ok(None),
    }
}

/// `sigtimedwait` on a set the caller knows is blocked, filling `info` if
/// given; retries `EINTR` with the time left. `None`: the time ran out.
pub(crate) fn sigtimedwait_retrying(
    set: &SigSet,
    timeout: Duration,
    mut info: Option<&mut libc::siginfo_t>,
) -> Result<Option<core::ffi::c_int>, Errno> {
    let deadline = Deadline::after(timeout)?;
    let mut left = timeout;
    loop {
        let ts = timespec(left);
        // SAFETY: the set is blocked and non-empty; `ts` and `info` are
        // live.
        match unsafe { raw::sigtimedwait(set.as_sigset_t(), info.as_deref_mut(), Some(&ts)) } {
            Ok(sig) => return Ok(Some(sig)),
            Err(Errno::EAGAIN) => return Ok(None),
            Err(Errno::EINTR) => left = deadline.remaining()?,
            Err(e) => return Err(e),
        }
    }
}
