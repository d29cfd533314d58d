//! Waiting for blocked signals: [`SigSet::wait`], [`MaskGuard::wait`],
//! [`SigSet::pending`], and the retrying loop the rest of the facade waits
//! through; the timed forms are in `timed.rs`, on the targets that have
//! `sigtimedwait`. Why the signals must be blocked first is the race
//! condition told in `mask.rs` and in [`SigSet::wait`]'s docs.

use crate::safe::signal::disposition::{disposition, Disposition};
use crate::safe::signal::Signal;
use crate::safe::sigset::keep_pending::refuse_discarded;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::SigSet;
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
    /// - `EINVAL` also on macOS and FreeBSD (and under the macOS-like
    ///   build switch), which discard a blocked signal at `SIG_IGN`: a
    ///   signal of the set is at `SIG_IGN`, or its default is to be
    ///   ignored and it is at `SIG_DFL` (the no-op handler
    ///   [`SigSet::block`] installs was replaced since), so it could
    ///   never be taken. `SIGCONT` is the exception on macOS, which keeps
    ///   it pending; FreeBSD drops it when taken. The std runtime puts
    ///   `SIGPIPE` at `SIG_IGN`: [`reset_disposition`](crate::reset_disposition) it before blocking
    ///   it to wait for it. There, one `sigaction` read per signal of the
    ///   set (Linux keeps every blocked signal pending: no read).
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
        refuse_discarded(&set)?;
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
    /// - `EINVAL` also on macOS and FreeBSD: a signal of the set is at
    ///   `SIG_IGN`, or ignored by default and at `SIG_DFL` (see
    ///   [`SigSet::wait`]).
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
        refuse_discarded(&self.waited)?;
        wait(&self.waited)
    }
}

/// `ECHILD` if `set` waits for `SIGCHLD` while it is ignored: the kernel
/// then sends none (it reaps the children itself), and only a `kill` by
/// hand could end the wait.
#[inline]
pub(super) fn check_sigchld_can_come(set: &SigSet) -> Result<(), Errno> {
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
