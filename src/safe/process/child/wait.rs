//! The untimed waits of [`Child`]: `wait`, `try_wait`, `wait_stopped`,
//! each one `waitid` (or, without pidfds off Linux, `waitpid`) of this
//! child alone.

use core::ffi::c_int;

use crate::safe::process::child::{pid, Child, Via};
use crate::safe::process::wait_status::WaitStatus;
use crate::Errno;

impl Child {
    /// `waitid(P_PIDFD, pidfd, WEXITED)`, or `waitpid(pid, 0)` without a
    /// pidfd—Waits until the child ends, reaps it, and returns how it ended
    /// (`Exited` or `Signaled`). Retries `EINTR`.
    ///
    /// Blocks only the calling thread; other threads may do anything,
    /// except reap this child themselves.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `close`, `waitid`; without pidfds: `getpid`,
    /// `rt_sigaction`, `waitid`. The `close` is the handle's pidfd: `wait`
    /// consumes the handle.
    ///
    /// # Errors
    /// - `ECHILD`: the child was already reaped, or `SIGCHLD` is ignored
    ///   (`SIG_IGN` or `SA_NOCLDWAIT`, perhaps inherited from the launching
    ///   process), so the kernel reaps it as it ends and its status is
    ///   lost. With a pidfd the wait still blocks until the child is gone,
    ///   so the order of events holds; without one it returns at once,
    ///   since the pid may already be a later child's (see [`Child`],
    ///   "Without a pidfd"). [`reset_disposition`](crate::reset_disposition)
    ///   before forking prevents it. Also from a copy of the handle in a
    ///   process that is not the child's parent.
    ///
    /// ```
    /// use procsig::{exit, fork, Fork, WaitStatus};
    ///
    /// // SAFETY: the child calls only `exit`.
    /// let Fork::Parent(child) = (unsafe { fork() }?) else { exit(4) };
    /// assert_eq!(child.wait()?, WaitStatus::Exited(4));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "waitid")]
    pub fn wait(mut self) -> Result<WaitStatus, Errno> {
        self.wait_with(0)
    }

    /// `waitid(…, WEXITED | WNOHANG)` or `waitpid(pid, WNOHANG)`—Reaps the
    /// child if it has ended; `None` if it is still running (or stopped).
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `waitid`; without pidfds: `getpid`, `rt_sigaction`,
    /// `waitid`.
    ///
    /// # Errors
    /// - `ECHILD`: as for [`wait`](Child::wait).
    ///
    /// ```
    /// use procsig::{fork, Fork, Signal};
    ///
    /// // SAFETY: the child only loops.
    /// let Fork::Parent(mut child) = (unsafe { fork() }?) else { loop {} };
    /// assert_eq!(child.try_wait()?, None); // still running
    /// child.signal(Signal::KILL)?;
    /// while child.try_wait()?.is_none() {}
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "WNOHANG")]
    pub fn try_wait(&mut self) -> Result<Option<WaitStatus>, Errno> {
        self.wait_once(libc::WNOHANG)
    }

    /// `waitid(…, WEXITED | WSTOPPED)` or `waitpid(pid, WUNTRACED)`—Waits
    /// until the child stops (returns [`WaitStatus::Stopped`]) or ends
    /// (reaps it and returns how). Retries `EINTR`.
    ///
    /// A child that stops itself (`kill(Pid::this(), Signal::STOP)`) is how
    /// it tells its parent "I am done" without a signal that could
    /// coalesce: each child has its own wait status, so N children that
    /// stop at once are N events, never fewer. (Waiting to be continued is
    /// not a turn only the parent can give, though: any `SIGCONT` ends the
    /// stop, so `procsig::ordered` waits in a `read` instead.)
    ///
    /// A stop is reported once. Called again on a child that is still
    /// stopped and whose stop was already reported, it blocks until the
    /// next change (the child is continued and stops again, or ends), which
    /// for a child nobody continues is forever.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `waitid`; without pidfds: `getpid`, `rt_sigaction`,
    /// `waitid`.
    ///
    /// # Errors
    /// - `ECHILD`: as for [`wait`](Child::wait).
    ///
    /// ```
    /// use procsig::{exit, fork, kill, Fork, Pid, Signal, WaitStatus};
    ///
    /// // SAFETY: the child calls only async-signal-safe functions.
    /// let Fork::Parent(mut child) = (unsafe { fork() }?) else {
    ///     kill(Pid::this(), Signal::STOP).ok(); // "done"
    ///     exit(0)
    /// };
    /// assert_eq!(child.wait_stopped()?, WaitStatus::Stopped(Signal::STOP));
    /// child.signal(Signal::CONT)?;
    /// assert_eq!(child.wait_stopped()?, WaitStatus::Exited(0));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "WUNTRACED")]
    pub fn wait_stopped(&mut self) -> Result<WaitStatus, Errno> {
        self.wait_with(libc::WUNTRACED)
    }

    /// One non-blocking look at the child for the event wait: reaps it if
    /// it has ended; with `stops`, also reports a stop or a continue (each
    /// once). The handle's bookkeeping is the waits' own (`wait_once`).
    #[cfg(target_os = "linux")]
    pub(crate) fn check_state(&mut self, stops: bool) -> Result<Option<WaitStatus>, Errno> {
        let options = if stops {
            libc::WNOHANG | libc::WUNTRACED | libc::WCONTINUED
        } else {
            libc::WNOHANG
        };
        self.wait_once(options)
    }

    /// Blocks until the child reports, retrying `EINTR`.
    fn wait_with(&mut self, options: c_int) -> Result<WaitStatus, Errno> {
        loop {
            match self.wait_once(options) {
                Ok(Some(status)) => return Ok(status),
                // Only WNOHANG reports "nothing yet"; never here.
                Ok(None) | Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// One wait for this child (`options`: `waitpid`'s `WNOHANG`,
    /// `WUNTRACED`), and the bookkeeping: a child that ended, whatever its
    /// status decodes to, or that is gone (`ECHILD`) is reaped for good.
    #[inline]
    fn wait_once(&mut self, options: c_int) -> Result<Option<WaitStatus>, Errno> {
        if self.reaped {
            return Err(Errno::ECHILD);
        }
        let reported = match &self.via {
            // A copy of the handle in another process cannot trust the pid;
            // nor can anyone while the kernel reaps children as they end: a
            // wait would report (or reap) a later child on the pid. The
            // child may have ended at any moment of that, so the ECHILD
            // below makes the handle give up the pid for good.
            Via::Pid { owner } => {
                pid::trusted(*owner).and_then(|()| pid::wait_report(self.pid, options))
            }
            #[cfg(procsig_pidfd)]
            Via::Pidfd(fd) => fd.wait(options),
        };
        match reported {
            Ok(None) => Ok(None),
            Ok(Some(report)) => {
                self.reaped |= report.ended;
                Ok(Some(report.status))
            }
            Err(Errno::ECHILD) => {
                // Reaped by someone else (or not our child): for good.
                self.reaped = true;
                Err(Errno::ECHILD)
            }
            Err(e) => Err(e),
        }
    }
}
