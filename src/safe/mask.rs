//! Blocking signals: [`SigSet::block`], [`MaskGuard`], [`SigSet::current`].
//! Waiting for them is in `mask_wait.rs`.
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

use super::keep_pending::{keep_pending_when_blocked, restore_dispositions, Installed};
use super::sigset::SigSet;
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
    /// System calls: `rt_sigprocmask`.
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

    /// The calling thread's signal mask.
    ///
    /// Threads: each thread has its own mask; this reads the caller's.
    /// Threads spawned later inherit their creator's mask.
    ///
    /// Async-signal-safe: yes (one `sigprocmask` call that changes nothing).
    ///
    /// System calls: `rt_sigprocmask`.
    ///
    /// # Errors
    /// None in practice: `sigprocmask` with no new set cannot fail. The
    /// `Result` reports it if a platform ever does.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let _guard = SigSet::from(Signal::WINCH).block()?;
    /// assert!(SigSet::current()?.contains(Signal::WINCH));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigprocmask")]
    #[doc(alias = "pthread_sigmask")]
    pub fn current() -> Result<SigSet, Errno> {
        // Start from an empty set: the kernel writes only its own 64 bits of
        // glibc's 1024-bit `sigset_t`, and the rest must compare equal.
        let mut mask = SigSet::empty();
        // SAFETY: no new set, so the mask is only read into `mask`.
        unsafe { raw::sigprocmask(libc::SIG_BLOCK, None, Some(mask.as_mut_sigset_t()))? };
        Ok(mask)
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
/// System calls when dropped: `rt_sigprocmask`.
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
    pub(super) blocked: SigSet,
    pub(super) waitable: bool,
    /// Signals given a no-op handler by `block` (BSD); nothing on Linux.
    installed: Installed,
    _not_send: PhantomData<*const ()>,
}

impl MaskGuard {
    /// The set this guard blocked (as given: if it holds `SIGKILL` or
    /// `SIGSTOP`, the kernel did not block those, and waits ignore them).
    ///
    /// System calls: none.
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
    /// System calls: none.
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
