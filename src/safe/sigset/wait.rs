//! Waiting for blocked signals: [`SigSet::wait`], [`MaskGuard::wait`],
//! their timed forms, [`SigSet::pending`], and the retrying loops the rest
//! of the facade waits through. Why the signals must be blocked first is
//! the race condition told in `mask.rs` and in [`SigSet::wait`]'s docs.

#[cfg(procsig_sigtimedwait)]
use core::time::Duration;

use crate::safe::signal::disposition::{disposition, Disposition};
use crate::safe::signal::Signal;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::SigSet;
#[cfg(procsig_sigtimedwait)]
use crate::safe::time::{timespec, Deadline};
use crate::{raw, Errno};

impl SigSet {
    /// `sigwait(self)`—Waits until one of these signals is pending, accepts
    /// it, and returns it.
    ///
    /// Every signal in the set must already be blocked in the calling
    /// thread: a signal is pending, and so seen by `sigwait`, only while it
    /// is blocked, and one that arrives before it is blocked is delivered
    /// instead (its handler or default action runs: `SIGUSR1` ends the
    /// process, `SIGCHLD` and `SIGCONT` are discarded) and the wait never
    /// returns. This checks, which costs one `sigprocmask` call;
    /// [`MaskGuard::wait`] skips the check because its guard proves it.
    /// Block before the event can happen (before the `fork`, for a child's
    /// signal) with [`SigSet::block`]. Retries `EINTR`.
    ///
    /// # Threads
    /// A signal sent to the *process* (`kill`, `alarm`, a child's
    /// `SIGCHLD`) goes to any one thread that does not block it. If another
    /// thread leaves it unblocked, the kernel may deliver it there (and run
    /// its handler or default action) while this wait sleeps on. So for a
    /// process-directed signal, block it in **every** thread: in `main`,
    /// before spawning any, since threads inherit the mask:
    ///
    /// ```
    /// use procsig::{kill, Pid, SigSet, Signal};
    ///
    /// let usr1 = SigSet::from(Signal::USR1);
    /// let _guard = usr1.block()?; // before any thread exists
    /// let worker = std::thread::spawn(|| { /* inherits the mask */ });
    /// kill(Pid::this(), Signal::USR1)?; // cannot be taken by the worker
    /// assert_eq!(usr1.wait(), Ok(Signal::USR1));
    /// worker.join().unwrap();
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    ///
    /// A signal sent to one thread (`pthread_kill`, a fault) stays with that
    /// thread.
    ///
    /// `SIGKILL`, `SIGSTOP` (which no mask can hold) and bits that are no
    /// signal of this target (glibc's reserved 32 and 33) are ignored: a
    /// wait on a blocked [`SigSet::full()`] waits for every other signal.
    ///
    /// Async-signal-safe: no (`sigwait` is not on POSIX's list).
    ///
    /// System calls: `rt_sigprocmask`, `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigprocmask`,
    /// `rt_sigtimedwait`. The `rt_sigaction` reads `SIGCHLD`'s disposition
    /// (see `ECHILD` below).
    ///
    /// # Errors
    /// - `EINVAL`: the set has no signal that can be waited for (it is
    ///   empty, or holds only `SIGKILL`, `SIGSTOP` or bits that are no
    ///   signal of this target), or some other signal in it is not blocked
    ///   in the calling thread: waiting would race with its delivery, or
    ///   wait forever.
    /// - `ECHILD`: the set holds `SIGCHLD` and `SIGCHLD` is ignored
    ///   (`SIG_IGN`, perhaps inherited from the launching process): the
    ///   kernel then reaps children itself and sends no `SIGCHLD`, so the
    ///   wait would sleep forever or report a timeout that is not one.
    ///   [`reset_disposition`](crate::reset_disposition) prevents it.
    ///
    /// # Examples
    /// ```
    /// use procsig::{kill, Errno, Pid, SigSet, Signal};
    ///
    /// let usr2 = SigSet::from(Signal::USR2);
    /// assert_eq!(usr2.wait(), Err(Errno::EINVAL)); // not blocked: refused
    /// let _guard = usr2.block()?;
    /// kill(Pid::this(), Signal::USR2)?;
    /// assert_eq!(usr2.wait(), Ok(Signal::USR2));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigwait.html)
    #[doc(alias = "sigwait")]
    #[inline]
    pub fn wait(&self) -> Result<Signal, Errno> {
        wait_blocked(&self.checked_wait_set()?)
    }

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
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "sigtimedwait")]
    #[cfg_attr(
        docsrs,
        doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
    )]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        wait_blocked_timeout(&self.checked_wait_set()?, timeout)
    }

    /// What to wait for: the set's [waitable](SigSet::waitable) signals
    /// (`SIGKILL`, `SIGSTOP` and bits that are no signal are ignored).
    /// `EINVAL` unless there is one and all are blocked; `ECHILD` if it
    /// waits for a `SIGCHLD` that cannot come.
    pub(crate) fn checked_wait_set(&self) -> Result<SigSet, Errno> {
        let set = self.waitable();
        if set.is_empty() || !set.is_subset(&SigSet::current()?) {
            return Err(Errno::EINVAL);
        }
        check_sigchld_can_come(&set)?;
        Ok(set)
    }

    /// The signals pending for the calling thread or the process: blocked
    /// ones that arrived and wait to be accepted (C: `sigpending`).
    ///
    /// Threads: a signal sent to one thread is pending only there; one sent
    /// to the process shows in every thread until one takes it.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `rt_sigpending`.
    ///
    /// # Errors
    /// None in practice; the `Result` reports it if a platform ever does.
    ///
    /// ```
    /// use procsig::{kill, Pid, SigSet, Signal};
    ///
    /// let guard = SigSet::from(Signal::USR2).block()?;
    /// assert!(!SigSet::pending()?.contains(Signal::USR2));
    /// kill(Pid::this(), Signal::USR2)?;
    /// assert!(SigSet::pending()?.contains(Signal::USR2));
    /// assert_eq!(guard.wait()?, Signal::USR2);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigpending")]
    pub fn pending() -> Result<SigSet, Errno> {
        let mut set = SigSet::empty();
        // SAFETY: `set` is a live set the call fills.
        unsafe { raw::sigpending(set.as_mut_sigset_t())? };
        Ok(set)
    }
}

impl MaskGuard {
    /// `sigwait`—Waits for one of the [blocked](MaskGuard::blocked)
    /// signals, with no mask check: the guard proves they are blocked.
    /// Retries `EINTR`.
    ///
    /// Threads: the guard proves the signals blocked in *this* thread only;
    /// see [`SigSet::wait`] for process-directed signals and other threads.
    ///
    /// Like every wait, it ignores `SIGKILL`, `SIGSTOP` and bits that are
    /// no signal in the set (a guard of [`SigSet::full()`] waits for every
    /// other signal): it waits on its set's waitable part, computed once by
    /// [`SigSet::block`].
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
    /// - `EINVAL`: the guard blocked nothing that can be waited for (its
    ///   set was empty, or held only `SIGKILL`, `SIGSTOP` or bits that are
    ///   no signal of this target).
    /// - `ECHILD`: the set holds `SIGCHLD` and `SIGCHLD` is ignored, so none
    ///   will come (see [`SigSet::wait`]). Checked on each wait, with one
    ///   `sigaction` call, only for sets that hold `SIGCHLD`.
    ///
    /// ```
    /// use procsig::{kill, Errno, Pid, SigSet, Signal};
    ///
    /// let guard = SigSet::from(Signal::USR2).block()?;
    /// kill(Pid::this(), Signal::USR2)?;
    /// assert_eq!(guard.wait()?, Signal::USR2);
    /// assert_eq!(SigSet::empty().block()?.wait(), Err(Errno::EINVAL)); // nothing to wait for
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigwait")]
    #[inline]
    pub fn wait(&self) -> Result<Signal, Errno> {
        self.with_wait_set(wait_blocked)
    }

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
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "sigtimedwait")]
    #[cfg_attr(
        docsrs,
        doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
    )]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.with_wait_set(|set| wait_blocked_timeout(set, timeout))
    }

    /// Runs `wait` on what the guard's waits wait for: its set less what
    /// no wait can return. `EINVAL` if that is nothing; `ECHILD` if it
    /// waits for a `SIGCHLD` that cannot come.
    #[inline]
    pub(crate) fn with_wait_set<T>(
        &self,
        wait: impl FnOnce(&SigSet) -> Result<T, Errno>,
    ) -> Result<T, Errno> {
        if self.waited.is_empty() {
            return Err(Errno::EINVAL);
        }
        check_sigchld_can_come(&self.waited)?;
        wait(&self.waited)
    }
}

/// `ECHILD` if `set` waits for `SIGCHLD` while it is ignored: the kernel
/// then sends none (it reaps the children itself), and only a `kill` by
/// hand could end the wait.
#[inline]
fn check_sigchld_can_come(set: &SigSet) -> Result<(), Errno> {
    if set.contains(Signal::CHLD) && disposition(Signal::CHLD)? == Disposition::Ignore {
        return Err(Errno::ECHILD);
    }
    Ok(())
}

/// `sigwait` on a set the caller knows is blocked, retrying `EINTR` (musl
/// reports it; glibc retries itself).
#[inline]
pub(crate) fn wait_blocked(set: &SigSet) -> Result<Signal, Errno> {
    loop {
        // SAFETY: the set is blocked (the caller's proof) and non-empty.
        match unsafe { raw::sigwait(set.as_sigset_t()) } {
            Ok(sig) => return Signal::from_raw(sig).ok_or(Errno::EINVAL),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// `sigtimedwait` on a set the caller knows is blocked, retrying `EINTR`
/// with the time left.
#[cfg(procsig_sigtimedwait)]
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
#[cfg(procsig_sigtimedwait)]
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
