//! [`Child`]: the parent's handle on one forked, not yet reaped child.

use core::ffi::c_int;
#[cfg(procsig_sigtimedwait)]
use core::time::Duration;

#[cfg(procsig_sigtimedwait)]
use super::disposition::children_auto_reaped;
use super::kill::kill;
#[cfg(procsig_sigtimedwait)]
use super::mask::wait_blocked_timeout;
use super::pid::Pid;
use super::signal::Signal;
#[cfg(procsig_sigtimedwait)]
use super::sigset::SigSet;
#[cfg(procsig_sigtimedwait)]
use super::time::Deadline;
use super::wait_status::WaitStatus;
use crate::{raw, Errno};

/// The parent's handle on a child created by [`fork`](crate::fork).
///
/// It knows whether the child has been reaped (waited for after it ended).
/// Once it has, the kernel may give its pid to a new process, so
/// [`signal`](Child::signal) refuses instead of signalling a stranger.
///
/// # Dropping
/// Dropping a `Child` does nothing: it neither kills nor waits. The child
/// keeps running; when it ends it stays a zombie until this process waits
/// for it or exits (then init reaps it). A destructor cannot report an
/// error or a status, and should not block, so the choice is left to the
/// caller, as `std::process::Child` does. Wait for every child you fork.
///
/// ```
/// use procsig::{exit, fork, Fork, Signal, WaitStatus};
///
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = (unsafe { fork() }?) else {
///     // The child stops itself; the parent will kill it.
///     procsig::kill(procsig::Pid::this(), Signal::STOP).ok();
///     exit(0);
/// };
/// let mut child = child;
/// assert_eq!(child.wait_stopped()?, WaitStatus::Stopped(Signal::STOP));
/// child.signal(Signal::KILL)?;
/// assert_eq!(
///     child.wait()?,
///     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false }
/// );
/// # Ok::<(), procsig::Errno>(())
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Child {
    pid: Pid,
    reaped: bool,
}

impl Child {
    pub(crate) fn new(pid: Pid) -> Child {
        Child { pid, reaped: false }
    }

    /// The child's pid.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// `kill(pid, sig)`—Sends `sig` to the child.
    ///
    /// Async-signal-safe: yes.
    ///
    /// # Errors
    /// - `ESRCH`: the child has been reaped (by [`try_wait`](Child::try_wait),
    ///   [`wait_timeout`](Child::wait_timeout) or
    ///   [`wait_stopped`](Child::wait_stopped)); nothing is sent, because its
    ///   pid may now belong to another process. An ended but unreaped child
    ///   (a zombie) can still be signalled, to no effect.
    /// - `EPERM`: the child changed its user id and may not be signalled.
    #[doc(alias = "kill")]
    #[inline]
    pub fn signal(&self, sig: Signal) -> Result<(), Errno> {
        if self.reaped {
            return Err(Errno::ESRCH);
        }
        kill(self.pid, sig)
    }

    /// `waitpid(pid, 0)`—Waits until the child ends, reaps it, and returns
    /// how it ended (`Exited` or `Signaled`). Retries `EINTR`.
    ///
    /// Async-signal-safe: yes.
    ///
    /// # Errors
    /// - `ECHILD`: the child was already reaped, or `SIGCHLD` is ignored
    ///   (`SIG_IGN` or `SA_NOCLDWAIT`, perhaps inherited from the launching
    ///   process), so the kernel reaped it as it ended and its status is
    ///   lost. `waitpid` still blocks until the child is gone, so the order
    ///   of events holds. [`reset_disposition`](crate::reset_disposition)
    ///   before forking prevents it.
    #[doc(alias = "waitpid")]
    pub fn wait(mut self) -> Result<WaitStatus, Errno> {
        self.wait_with(0)
    }

    /// `waitpid(pid, WNOHANG)`—Reaps the child if it has ended; `None` if it
    /// is still running.
    ///
    /// Async-signal-safe: yes.
    ///
    /// # Errors
    /// - `ECHILD`: the child was already reaped, or was reaped by the kernel
    ///   because `SIGCHLD` is ignored.
    #[doc(alias = "waitpid")]
    pub fn try_wait(&mut self) -> Result<Option<WaitStatus>, Errno> {
        self.waitpid_once(libc::WNOHANG)
    }

    /// `waitpid(pid, WUNTRACED)`—Waits until the child stops (returns
    /// [`WaitStatus::Stopped`]) or ends (reaps it and returns how). Retries
    /// `EINTR`.
    ///
    /// A child that stops itself (`kill(Pid::this(), Signal::STOP)`) is how
    /// it tells its parent "I am done" without a signal that could
    /// coalesce: each child has its own wait status, so N children that
    /// stop at once are N events, never fewer. The `ordered` example is
    /// built on it.
    ///
    /// Async-signal-safe: yes.
    ///
    /// # Errors
    /// - `ECHILD`: as for [`wait`](Child::wait).
    #[doc(alias = "waitpid")]
    pub fn wait_stopped(&mut self) -> Result<WaitStatus, Errno> {
        self.wait_with(libc::WUNTRACED)
    }

    /// Waits at most `timeout` for the child to end; reaps it and returns
    /// how, or `None` if it is still running.
    ///
    /// Millisecond precision and better (`alarm` has one-second
    /// granularity): it **temporarily blocks `SIGCHLD`** in the calling
    /// thread, checks the child with `WNOHANG`, and waits for `SIGCHLD` with
    /// `sigtimedwait` for the time left, checking again after each one (a
    /// `SIGCHLD` may come from another child, and coalesced ones are never
    /// counted). The mask is restored before it returns. A `SIGCHLD` that
    /// was pending is consumed; code that waits for `SIGCHLD` itself must
    /// check its children with `WNOHANG` anyway, because `SIGCHLD`s
    /// coalesce.
    ///
    /// Async-signal-safe: no.
    ///
    /// # Errors
    /// - `ECHILD`: the child was already reaped, or `SIGCHLD` is ignored:
    ///   the kernel then sends no `SIGCHLD` and reaps the child itself, so
    ///   there is nothing to wait for. Reported at once, not after the
    ///   timeout. [`reset_disposition`](crate::reset_disposition) before
    ///   forking prevents it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use procsig::{exit, fork, Fork, Signal};
    ///
    /// // SAFETY: the child calls only async-signal-safe functions.
    /// let Fork::Parent(mut child) = (unsafe { fork() }?) else {
    ///     loop {} // never ends by itself
    /// };
    /// assert_eq!(child.wait_timeout(Duration::from_millis(20))?, None);
    /// child.signal(Signal::KILL)?;
    /// assert!(child.wait_timeout(Duration::from_secs(60))?.is_some());
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[cfg(procsig_sigtimedwait)]
    #[doc(alias = "waitpid")]
    #[doc(alias = "sigtimedwait")]
    pub fn wait_timeout(&mut self, timeout: Duration) -> Result<Option<WaitStatus>, Errno> {
        if self.reaped {
            return Err(Errno::ECHILD);
        }
        if children_auto_reaped()? {
            // No SIGCHLD will come; the status may still be there if the
            // child ended before SIGCHLD was ignored.
            return self.try_wait()?.map(Some).ok_or(Errno::ECHILD);
        }
        // Blocked before the first check, so an exit after it leaves a
        // pending SIGCHLD that the wait below sees.
        let guard = SigSet::from(Signal::CHLD).block()?;
        let deadline = Deadline::after(timeout)?;
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(Some(status));
            }
            let left = deadline.remaining()?;
            if left.is_zero() {
                return Ok(None);
            }
            wait_blocked_timeout(guard.blocked(), left)?;
        }
    }

    /// Blocks until `waitpid` reports, retrying `EINTR`.
    fn wait_with(&mut self, options: c_int) -> Result<WaitStatus, Errno> {
        loop {
            match self.waitpid_once(options) {
                Ok(Some(status)) => return Ok(status),
                // Only WNOHANG reports "nothing yet"; never here.
                Ok(None) | Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// One `waitpid` for this child, and the bookkeeping of reaping.
    #[inline]
    fn waitpid_once(&mut self, options: c_int) -> Result<Option<WaitStatus>, Errno> {
        if self.reaped {
            return Err(Errno::ECHILD);
        }
        let mut status = 0;
        // SAFETY: waits for this one child, which is ours and unreaped.
        match unsafe { raw::waitpid(self.pid.as_raw(), Some(&mut status), options) } {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(self.record(status))),
            Err(Errno::ECHILD) => {
                // Gone without a status (SIGCHLD ignored): it cannot come back.
                self.reaped = true;
                Err(Errno::ECHILD)
            }
            Err(e) => Err(e),
        }
    }

    /// Decodes a status for this child and notes whether it reaped it.
    #[inline]
    fn record(&mut self, status: c_int) -> WaitStatus {
        let decoded = WaitStatus::from_raw(status);
        if matches!(decoded, WaitStatus::Exited(_) | WaitStatus::Signaled { .. }) {
            self.reaped = true;
        }
        decoded
    }
}
