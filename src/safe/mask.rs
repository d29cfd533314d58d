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

use super::signal::Signal;
use super::sigset::SigSet;
#[cfg(procsig_sigtimedwait)]
use super::time::{timespec, Deadline};
use crate::{raw, Errno};

impl SigSet {
    /// `sigprocmask(SIG_BLOCK, self)`—**Adds** this set to the calling
    /// thread's signal mask, until the returned guard is dropped.
    ///
    /// The guard restores exactly the mask that was in force before this
    /// call, also while unwinding. Guards nest: drop them in the reverse
    /// order of creation (as scopes do). Dropping an outer guard first
    /// restores its older mask and unblocks what an inner guard still
    /// expects blocked; that is not undefined behaviour, but it reopens the
    /// race this guard exists to close.
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
            // The kernel drops KILL and STOP from a mask and from a wait set;
            // with nothing else, a wait would never return.
            waitable: !self.is_subset(&UNBLOCKABLE),
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
    /// Async-signal-safe: no (`sigwait` is not on POSIX's list).
    ///
    /// # Errors
    /// - `EINVAL`: the set is empty, or some signal in it is not blocked in
    ///   the calling thread (including `SIGKILL` and `SIGSTOP`, which
    ///   cannot be): waiting would race with its delivery, or wait forever.
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
    /// # Errors
    /// - `EINVAL`: as for [`wait`](SigSet::wait).
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigtimedwait.html)
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "sigtimedwait")]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        self.check_blocked()?;
        wait_blocked_timeout(self, timeout)
    }

    /// `EINVAL` unless the set is non-empty and wholly blocked.
    fn check_blocked(&self) -> Result<(), Errno> {
        if self.is_empty() || !self.is_subset(&SigSet::current()?) {
            return Err(Errno::EINVAL);
        }
        Ok(())
    }
}

/// Proof that a set of signals is blocked in this thread; restores the
/// previous mask when dropped.
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
    pub fn blocked(&self) -> &SigSet {
        &self.blocked
    }

    /// The mask that dropping the guard restores.
    pub fn previous(&self) -> &SigSet {
        &self.previous
    }

    /// `sigwait`—Waits for one of the [blocked](MaskGuard::blocked)
    /// signals, with no mask check: the guard proves they are blocked.
    /// Retries `EINTR`.
    ///
    /// Async-signal-safe: no.
    ///
    /// # Errors
    /// - `EINVAL`: the guard blocked nothing that can be waited for (its
    ///   set was empty or only `SIGKILL`/`SIGSTOP`).
    #[doc(alias = "sigwait")]
    #[inline]
    pub fn wait(&self) -> Result<Signal, Errno> {
        if !self.waitable {
            return Err(Errno::EINVAL);
        }
        wait_blocked(&self.blocked)
    }

    /// `sigtimedwait`—[`wait`](MaskGuard::wait) with a timeout, as
    /// [`SigSet::wait_timeout`] but with no mask check.
    ///
    /// Async-signal-safe: no.
    ///
    /// # Errors
    /// - `EINVAL`: as for [`wait`](MaskGuard::wait).
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "sigtimedwait")]
    pub fn wait_timeout(&self, timeout: Duration) -> Result<Option<Signal>, Errno> {
        if !self.waitable {
            return Err(Errno::EINVAL);
        }
        wait_blocked_timeout(&self.blocked, timeout)
    }
}

impl Drop for MaskGuard {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: restores a mask that was in force before; signals it
        // unblocks that are pending are delivered to their handlers, which
        // were installed by code that vouched for them.
        // `SIG_SETMASK` is a valid `how`, so this cannot fail.
        let _ =
            unsafe { raw::sigprocmask(libc::SIG_SETMASK, Some(self.previous.as_sigset_t()), None) };
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
    let deadline = Deadline::after(timeout)?;
    let mut left = timeout;
    loop {
        let ts = timespec(left);
        // SAFETY: the set is blocked and non-empty; `ts` is valid.
        match unsafe { raw::sigtimedwait(set.as_sigset_t(), None, Some(&ts)) } {
            Ok(sig) => return Signal::from_raw(sig).map(Some).ok_or(Errno::EINVAL),
            Err(Errno::EAGAIN) => return Ok(None),
            Err(Errno::EINTR) => left = deadline.remaining()?,
            Err(e) => return Err(e),
        }
    }
}

/// The signals that can be in a set but never blocked or waited for.
const UNBLOCKABLE: SigSet = SigSet::empty().with(Signal::KILL).with(Signal::STOP);

/// What `block` must undo besides the mask: nothing on Linux.
#[cfg(procsig_table = "linux")]
type Installed = ();

/// What `block` must undo besides the mask: the no-op handlers it installed.
#[cfg(procsig_table = "bsd")]
type Installed = SigSet;

/// Linux keeps a blocked signal pending whatever its disposition: nothing
/// to do.
#[cfg(procsig_table = "linux")]
fn keep_pending_when_blocked(_set: &SigSet) -> Result<Installed, Errno> {
    Ok(())
}

/// BSD and macOS discard a blocked signal whose default action is to
/// ignore it, unless a handler is installed: install a no-op one where the
/// disposition is `SIG_DFL`. Returns the signals it installed it for.
#[cfg(procsig_table = "bsd")]
fn keep_pending_when_blocked(set: &SigSet) -> Result<Installed, Errno> {
    use super::disposition::{disposition, install_noop, Disposition};
    use super::signal::DefaultAction;

    let mut installed = SigSet::empty();
    for sig in set.iter() {
        let ignored_by_default = matches!(
            sig.default_action(),
            DefaultAction::Ignore | DefaultAction::Continue
        );
        if ignored_by_default && disposition(sig)? == Disposition::Default {
            if let Err(e) = install_noop(sig) {
                restore_dispositions(&installed);
                return Err(e);
            }
            installed.insert(sig);
        }
    }
    Ok(installed)
}

#[cfg(procsig_table = "linux")]
fn restore_dispositions(_installed: &Installed) {}

#[cfg(procsig_table = "bsd")]
fn restore_dispositions(installed: &Installed) {
    for sig in installed.iter() {
        // Cannot fail: `sig` took a handler a moment ago.
        let _ = super::disposition::install_default(sig);
    }
}
