//! Blocking signals: [`SigSet::block`], [`MaskGuard`], [`SigSet::current`].
//! Waiting for them is in `wait.rs`.
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

use crate::safe::sigset::holds::Hold;
use crate::safe::sigset::keep_pending::{keep_pending_when_blocked, restore_dispositions};
use crate::safe::sigset::SigSet;
use crate::{raw, Errno};

impl SigSet {
    /// `sigprocmask(SIG_BLOCK, self)`—**Adds** this set to the calling
    /// thread's signal mask, until the returned guard is dropped.
    ///
    /// A signal stays blocked while any live guard of the thread holds it,
    /// whatever order the guards are dropped in. Dropping a guard unblocks
    /// exactly the signals of its set that no other live guard of the
    /// thread still holds and that were not already blocked when the first
    /// of the guards holding them was made; nothing else, and it never
    /// re-blocks anything. A signal that other code (or the launching
    /// process) had blocked before any guard held it stays blocked, and so
    /// do the ones glibc hides from its own `sigprocmask` (32 and 33:
    /// restoring a saved mask with `SIG_SETMASK` would silently unblock
    /// them).
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let a = SigSet::from(Signal::USR1).block()?;
    /// let b = SigSet::from([Signal::USR1, Signal::USR2]).block()?;
    /// drop(a); // b still holds USR1
    /// assert!(SigSet::current()?.contains(Signal::USR1));
    /// drop(b); // now nothing does
    /// assert!(!SigSet::current()?.contains(Signal::USR1));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    ///
    /// The mask is per thread: this blocks the signals in the calling
    /// thread only, and threads spawned while the guard lives inherit the
    /// mask (a process-directed signal that must be waited for, not
    /// delivered, has to be blocked in *every* thread: block it in `main`
    /// before spawning any, see [`SigSet::wait`]). A spawned thread
    /// inherits the signals, not the holds: to its own guards they are
    /// signals blocked before, which they leave blocked.
    ///
    /// `SIGKILL` and `SIGSTOP` cannot be blocked; the kernel leaves them out.
    ///
    /// On BSD and macOS a blocked signal whose default action is to ignore
    /// it (`SIGCHLD`, `SIGCONT`, `SIGURG`, `SIGWINCH`, `SIGIO`, `SIGINFO`) is
    /// discarded instead of kept pending, so there this also installs a
    /// no-op handler for each such signal in the set whose disposition is
    /// `SIG_DFL`. The drop that releases the signal (the thread's last guard
    /// holding it, whichever guard installed the handler) puts `SIG_DFL`
    /// back, if the no-op handler is still there: a handler the program
    /// installed meanwhile is left alone. Dispositions are per process, so
    /// a guard in another thread holding the same signal does not keep the
    /// handler: block such signals in one thread, or before spawning. Linux
    /// keeps blocked signals pending and changes no disposition.
    ///
    /// BSD and macOS also discard a blocked signal at `SIG_IGN`, whatever
    /// its default. `block` leaves `SIG_IGN` alone (a handler in its place
    /// would change what an exec'd child inherits: `SIG_IGN` survives
    /// `exec`, a handler becomes `SIG_DFL`), and every wait there refuses
    /// a set holding such a signal (`EINVAL`; see [`SigSet::wait`]). The
    /// std runtime puts `SIGPIPE` at `SIG_IGN` before `main`, and a
    /// launcher may leave others ignored (`nohup`: `SIGHUP`): call
    /// [`reset_disposition`](crate::reset_disposition) before `block` to
    /// wait for one. (`SIGCONT` on macOS is kept pending whatever its
    /// action.)
    ///
    /// # Holds
    /// The guards' bookkeeping is per thread, like the mask: a static table
    /// of 64 entries, one for each thread that has live guards (found by
    /// its `pthread_self()`, which costs no system call), counting for each
    /// signal the thread's guards that hold it. `block` and the drop each
    /// add one atomic update per signal of the set (and a scan of the
    /// table for the thread's entry) to their one system call; waiting
    /// through the guard adds nothing. What the bookkeeping cannot see:
    /// - A guard passed to `mem::forget` never lets go: its signals stay
    ///   blocked in the thread for good (no later guard of the thread
    ///   unblocks them), and the thread keeps its entry. The same holds
    ///   for a thread that ends past a live guard (only `pthread_exit` or
    ///   a forgotten guard can do that: a guard cannot leave its thread),
    ///   and for a later thread that the C library gives the same id.
    /// - A signal that other code unblocks by hand while a guard holds it
    ///   is no longer blocked, whatever the guard says; one that other
    ///   code blocks by hand while a guard holds it is unblocked with the
    ///   guards.
    /// - After `fork`, the child's thread has the forking thread's id and a
    ///   copy of the table: guards that live across the fork work in the
    ///   child as in the parent. In a child of a multithreaded parent, the
    ///   other threads' entries stay taken.
    /// - A signal handler may make and drop guards, also while the code it
    ///   interrupted is inside `block` or a drop; a guard must not outlive
    ///   the handler that made it (the kernel restores the interrupted
    ///   thread's mask when a handler returns, so it would hold nothing).
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `rt_sigprocmask`.
    ///
    /// # Errors
    /// - `EAGAIN`: 64 other threads have live guards (the table is full),
    ///   or this thread holds a billion (only `mem::forget` in a loop gets
    ///   there). Nothing was blocked.
    /// - On BSD, an error installing a handler.
    ///
    /// # Examples
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
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_sigmask.html)
    #[doc(alias = "sigprocmask")]
    #[doc(alias = "pthread_sigmask")]
    #[inline]
    pub fn block(&self) -> Result<MaskGuard, Errno> {
        let hold = Hold::enter()?;
        let guard = self.block_holding(Some(hold));
        if guard.is_err() {
            hold.abandon();
        }
        guard
    }

    /// [`block`](SigSet::block) for the crate's own guards, made and dropped
    /// within one call of the crate with no other guard made or dropped in
    /// between (save by a signal handler, which leaves everything as it
    /// found it). Such a guard is the innermost by construction, so
    /// unblocking what it newly blocked is right: it needs no holds (no
    /// bookkeeping, and no `EAGAIN` when the table is full). Its users: the
    /// timed child waits and [`Terminal`](crate::Terminal)'s changes.
    #[inline]
    pub(crate) fn block_scoped(&self) -> Result<MaskGuard, Errno> {
        self.block_holding(None)
    }

    #[inline]
    fn block_holding(&self, hold: Option<Hold>) -> Result<MaskGuard, Errno> {
        // The no-op handlers installed (BSD; none on Linux), which a failed
        // block puts back.
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
        if let Some(hold) = hold {
            hold.add(self, &previous);
        }
        Ok(MaskGuard {
            previous,
            blocked: *self,
            waited: self.waitable(),
            hold,
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
/// unblocks those of its signals that no other live guard of the thread
/// holds and that were not blocked before the guards held them.
///
/// Returned by [`SigSet::block`], which says what a guard holds and what it
/// cannot see (`mem::forget`, `fork`, signal handlers). It is neither `Send` nor `Sync`: the mask
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
/// # After `fork`
/// A child forked while a guard lives starts with the guard's signals
/// blocked (the mask is inherited), with a copy of the guard (memory is
/// copied), and with no signal pending. The copy is the child's own and
/// works there as the original does in the parent: the child can wait
/// through it, and dropping it unblocks the signals in the child only,
/// never in the parent. What to do with it:
/// - Usually nothing. End the child with [`exit`](crate::exit), as every
///   child must: it runs no destructor, so the copy is never dropped and
///   the signals stay blocked in the child until it ends. A signal in the
///   set that the parent sends the child stays pending there, unseen,
///   unless the child waits for it (first example below); `SIGKILL` and
///   `SIGSTOP` cannot be blocked and always reach it.
/// - If the child must feel one of the signals itself (`SIGTERM`'s
///   default action ending it, say), drop the copy first thing in the
///   child (second example). The drop is async-signal-safe, as
///   [`block`](SigSet::block) is, so a child of a multithreaded parent
///   may do it.
/// - Before `exec`, drop it (or set the mask the new program should
///   have): `exec` keeps the mask, and a program started with signals
///   blocked never sees them.
///
/// ```
/// use procsig::{exit, fork, Fork, SigSet, Signal, WaitStatus};
///
/// let guard = SigSet::from(Signal::USR1).block()?; // before the fork
/// // SAFETY: this program has one thread, so the child may call anything;
/// // it ends with `exit`.
/// let Fork::Parent(child) = unsafe { fork() }? else {
///     // The child's copy: USR1 is blocked here too, so the parent's
///     // signal waits for this `wait`, however early it comes.
///     let code = if guard.wait() == Ok(Signal::USR1) { 0 } else { 1 };
///     exit(code) // no destructor runs: the copy is never dropped
/// };
/// child.signal(Signal::USR1)?;
/// assert_eq!(child.wait()?, WaitStatus::Exited(0));
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// ```
/// use procsig::{fork, Fork, SigSet, Signal, WaitStatus};
///
/// let guard = SigSet::from(Signal::TERM).block()?;
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = unsafe { fork() }? else {
///     drop(guard); // TERM unblocked in the child: its default action ends it
///     loop {}
/// };
/// child.signal(Signal::TERM)?; // pending until the drop, if it comes first
/// assert_eq!(
///     child.wait()?,
///     WaitStatus::Signaled { signal: Signal::TERM, core_dumped: false }
/// );
/// assert!(SigSet::current()?.contains(Signal::TERM)); // the parent's guard still holds it
/// # drop(guard);
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
    pub(crate) blocked: SigSet,
    /// What a wait through the guard waits for: `blocked` less what no
    /// wait can return (see `waitable.rs`). Kept, not recomputed, so the
    /// waits cost nothing for it.
    pub(crate) waited: SigSet,
    /// The guard's place in its thread's holds; `None` for the crate's own
    /// guards that need none (`block_scoped`).
    hold: Option<Hold>,
    _not_send: PhantomData<*const ()>,
}

impl MaskGuard {
    /// The set this guard blocked (as given: if it holds `SIGKILL` or
    /// `SIGSTOP`, the kernel did not block those, and waits ignore them, as
    /// they ignore bits that are no signal of this target).
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

    /// The calling thread's mask before the guard was made (as glibc's
    /// `sigprocmask` reports it). It includes what older live guards of
    /// the thread block; dropping this guard leaves those blocked for as
    /// long as the older guards live, whatever this says.
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
        // Only signals no other live guard holds, and that guards blocked:
        // restoring `previous` whole (SIG_SETMASK) would undo younger
        // guards' work, unblocking `blocked` minus `previous` would undo
        // older ones' (issue 16), and glibc would clear 32 and 33 from a
        // restored mask. A scoped guard is the innermost by construction.
        let unblock = match self.hold {
            Some(hold) => hold.release(&self.blocked),
            None => self.blocked.difference(&self.previous),
        };
        // SAFETY: unblocks signals no live guard holds and that guards
        // blocked; pending ones are delivered to their handlers, which were
        // installed by code that vouched for them. `SIG_UNBLOCK` is a valid
        // `how`, so this cannot fail.
        let _ = unsafe { raw::sigprocmask(libc::SIG_UNBLOCK, Some(unblock.as_sigset_t()), None) };
        // BSD: the no-op handlers of the signals this drop released (see
        // keep_pending/bsd.rs); nothing on Linux.
        restore_dispositions(&unblock);
    }
}
