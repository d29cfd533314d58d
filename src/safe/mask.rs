//! Blocking signals and waiting for them: [`SigSet::block`],
//! [`MaskGuard`], [`SigSet::wait`], [`SigSet::wait_timeout`].
//!
//! # Race condition
//! `sigwait` only sees a signal that is *pending*, and a signal is pending
//! only while it is blocked. A signal that arrives before it is blocked is
//! delivered instead: its handler or default action runs (`SIGUSR1`
//! terminates the process; `SIGCHLD` and `SIGCONT` are discarded) and the
//! later wait never returns. The blog post this crate grew from calls
//! `sigwait` without blocking first; a child that signals quickly loses the
//! race. Here, waiting on a set that is not blocked is refused, and the
//! cheap way to wait is through the [`MaskGuard`] that blocked the set —
//! before the fork, so the child cannot signal too early.

use core::marker::PhantomData;
#[cfg(procsig_sigtimedwait)]
use core::time::Duration;

use super::disposition::{disposition, Disposition};
use super::keep_pending::{keep_pending_when_blocked, restore_dispositions, Installed};
use super::signal::Signal;
use super::sigset::SigSet;
#[cfg(procsig_sigtimedwait)]
use super::time::{timespec, Deadline};
use crate::{raw, Errno};

impl SigSet {
    /// `sigprocmask(SIG_BLOCK, self)`—**Adds** this set to the calling
    /// thread's signal mask, until the returned guard is dropped.
    ///
    /// Dropping the guard (also while unwinding) unblocks exactly the
    /// signals of this set that were *not* already blocked when it was
    /// made, and nothing else. So guards may be dropped in any order: an
    /// older guard never unblocks what a younger one still holds, and a
    /// younger one never re-blocks what an older one released. Signals that
    /// were blocked before stay blocked, including ones glibc hides from
    /// its own `sigprocmask` (32 and 33: restoring a saved mask with
    /// `SIG_SETMASK` would silently unblock them).
    ///
    /// The mask is per thread: this blocks the signals in the calling
    /// thread only, and threads spawned while the guard lives inherit the
    /// mask (a process-directed signal that must be waited for, not
    /// delivered, has to be blocked in *every* thread: block it in `main`
    /// before spawning any, see [`SigSet::wait`]).
    ///
    /// `SIGKILL` and `SIGSTOP` cannot be blocked; the kernel leaves them out.
    ///
    /// On BSD and macOS a blocked signal whose default action is to ignore
    /// it (`SIGCHLD`, `SIGCONT`, `SIGURG`, `SIGWINCH`, `SIGIO`, `SIGINFO`) is
    /// discarded instead of kept pending, so there this also installs a
    /// no-op handler for each such signal in the set whose disposition is
    /// `SIG_DFL`, and the guard puts `SIG_DFL` back. Linux keeps blocked
    /// signals pending and changes no disposition.
    ///
    /// Async-signal-safe: yes.
    ///
    /// # Errors
    /// None in practice (`SIG_BLOCK` is a valid `how`); on BSD, an error
    /// installing a handler.
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_sigmask.html)
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let before = SigSet::current()?;
    /// {
    ///     let _guard = SigSet::from(Signal::USR1).block()?;
    ///     assert!(SigSet::current()?.contains(Signal::USR1));
    /// }
    /// assert_eq!(SigSet::current()?, before);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigprocmask")]
    #[doc(alias = "pthread_sigmask")]
    #[inline]
    pub fn block(&self) -> Result<MaskGuard, Errno> {
        #[allow(clippy::let_unit_value)] // `()` on Linux, a set on BSD
        let installed = keep_pending_when_blocked(self)?;
        let mut previous = SigSet::empty();
        // SAFETY: blocking runs no handler; both sets are live.
        let blocked = unsafe {
            raw::sigprocmask(
                libc::SIG_BLOCK,
                Some(self.as_sigset_t()),
                Some(previous.as_mut_sigset_t()),
            )
        };
        if let Err(e) = blocked {
            restore_dispositions(&installed);
            return Err(e);
        }
        Ok(MaskGuard {
            previous,
            blocked: *self,
            // Nothing a wait could ever return: only KILL and STOP (the
            // kernel drops them from a wait set) or bits that are no signal
            // of this target. Such a wait would never end.
            waitable: self.has_waitable(),
            installed,
            _not_send: PhantomData,
        })
    }

    /// `sigwait(self)`—Waits until one of these signals is pending, accepts
    /// it, and returns it.
    ///
    /// Every signal in the set must already be blocked in the calling
    /// thread (see the module's race condition); this checks, which costs
    /// one `sigprocmask` call. [`MaskGuard::wait`] skips the check because
    /// its guard proves it. Retries `EINTR`.
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
    /// Async-signal-safe: no (`sigwait` is not on POSIX's list).
    ///
    /// # Errors
    /// - `EINVAL`: the set has no signal that can be waited for (it is
    ///   empty, or holds only `SIGKILL`, `SIGSTOP` or bits that are no
    ///   signal of this target), or some signal in it is not blocked in the
    ///   calling thread: waiting would race with its delivery, or wait
    ///   forever.
    /// - `ECHILD`: the set holds `SIGCHLD` and `SIGCHLD` is ignored
    ///   (`SIG_IGN`, perhaps inherited from the launching process): the
    ///   kernel then reaps children itself and sends no `SIGCHLD`, so the
    ///   wait would sleep forever or report a timeout that is not one.
    ///   [`reset_disposition`](crate::reset_disposition) prevents it.
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigwait.html)
    ///
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
    #[doc(alias = "sigwait")]
    #[inline]
    pub fn wait(&self) -> Result<Signal, Errno> {
        self.check_blocked()?;
        wait_blocked(self)
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
    /// Threads: as for [`wait`](SigSet::wait).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](SigSet::wait).
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigtimedwait.html)
    ///
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
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "sigtimedwait")]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.check_blocked()?;
        wait_blocked_timeout(self, timeout)
    }

    /// `EINVAL` unless the set has a waitable signal and is wholly blocked;
    /// `ECHILD` if it waits for a `SIGCHLD` that cannot come.
    pub(crate) fn check_blocked(&self) -> Result<(), Errno> {
        if !self.has_waitable() || !self.is_subset(&SigSet::current()?) {
            return Err(Errno::EINVAL);
        }
        check_sigchld_can_come(self)
    }
}

/// Proof that a set of signals is blocked in this thread; when dropped,
/// unblocks what it newly blocked.
///
/// Returned by [`SigSet::block`]. It is neither `Send` nor `Sync`: the mask
/// is per thread, so the proof must not travel to a thread whose mask
/// differs. That proof is what lets [`wait`](MaskGuard::wait) skip the
/// mask check of [`SigSet::wait`], so a signal round trip costs only the
/// system calls that do the work.
///
/// ```
/// use procsig::{kill, Pid, SigSet, Signal};
///
/// let guard = SigSet::from([Signal::USR1, Signal::ALRM]).block()?;
/// kill(Pid::this(), Signal::ALRM)?;
/// assert_eq!(guard.wait()?, Signal::ALRM);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// The guard cannot be sent to another thread:
///
/// ```compile_fail
/// fn send<T: Send>(_: T) {}
/// send(procsig::SigSet::empty().block().unwrap());
/// ```
#[derive(Debug)]
#[must_use = "dropping the guard unblocks the signals at once"]
pub struct MaskGuard {
    previous: SigSet,
    blocked: SigSet,
    waitable: bool,
    /// Signals given a no-op handler by `block` (BSD); nothing on Linux.
    installed: Installed,
    _not_send: PhantomData<*const ()>,
}

impl MaskGuard {
    /// The set this guard blocked (as given: if it holds `SIGKILL` or
    /// `SIGSTOP`, the kernel did not block those, and waits ignore them).
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let guard = SigSet::from(Signal::USR1).block()?;
    /// assert_eq!(*guard.blocked(), SigSet::from(Signal::USR1));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub fn blocked(&self) -> &SigSet {
        &self.blocked
    }

    /// The calling thread's mask before the guard was made. Dropping the
    /// guard unblocks [`blocked`](MaskGuard::blocked) minus this.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let before = SigSet::current()?;
    /// let guard = SigSet::from(Signal::USR1).block()?;
    /// assert_eq!(*guard.previous(), before);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub fn previous(&self) -> &SigSet {
        &self.previous
    }

    /// `sigwait`—Waits for one of the [blocked](MaskGuard::blocked)
    /// signals, with no mask check: the guard proves they are blocked.
    /// Retries `EINTR`.
    ///
    /// Threads: the guard proves the signals blocked in *this* thread only;
    /// see [`SigSet::wait`] for process-directed signals and other threads.
    ///
    /// Async-signal-safe: no.
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
        self.check_waitable()?;
        wait_blocked(&self.blocked)
    }

    /// `sigtimedwait`—[`wait`](MaskGuard::wait) with a timeout, as
    /// [`SigSet::wait_timeout`] but with no mask check.
    ///
    /// Async-signal-safe: no.
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
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.check_waitable()?;
        wait_blocked_timeout(&self.blocked, timeout)
    }

    #[inline]
    pub(crate) fn check_waitable(&self) -> Result<(), Errno> {
        if !self.waitable {
            return Err(Errno::EINVAL);
        }
        check_sigchld_can_come(&self.blocked)
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

impl Drop for MaskGuard {
    #[inline]
    fn drop(&mut self) {
        // Only what this guard newly blocked: restoring `previous` whole
        // (SIG_SETMASK) would undo younger guards' work when guards are
        // dropped out of order, and glibc would clear 32 and 33 from it.
        let newly = self.blocked.difference(&self.previous);
        // SAFETY: unblocks signals this guard blocked; pending ones are
        // delivered to their handlers, which were installed by code that
        // vouched for them. `SIG_UNBLOCK` is a valid `how`, so this cannot
        // fail.
        let _ = unsafe { raw::sigprocmask(libc::SIG_UNBLOCK, Some(newly.as_sigset_t()), None) };
        restore_dispositions(&self.installed);
    }
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
