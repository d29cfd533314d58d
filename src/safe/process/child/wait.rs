//! The untimed waits of [`Child`]: `wait`, `try_wait`, `wait_stopped`,
//! `wait_changed`, `try_wait_changed`, each one `waitid` (or, without pidfds off Linux, `waitpid`) of this
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
    /// let Fork::Parent(child) = unsafe { fork() }? else { exit(4) };
    /// assert_eq!(child.wait()?, WaitStatus::Exited(4));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "waitid")]
    #[inline] // a wrapper; in a minimal binary with one caller, no function of its own
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
    /// let Fork::Parent(mut child) = unsafe { fork() }? else { loop {} };
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
    /// for a child nobody continues is forever. To learn of continues as
    /// well (a shell's `bg`, or anyone's `SIGCONT`), use
    /// [`wait_changed`](Child::wait_changed).
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
    /// let Fork::Parent(mut child) = unsafe { fork() }? else {
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

    /// `waitid(…, WEXITED | WSTOPPED | WCONTINUED)` or `waitpid(pid,
    /// WUNTRACED | WCONTINUED)`—Waits until the child stops, is continued
    /// or ends, and returns that change: [`WaitStatus::Stopped`],
    /// [`WaitStatus::Continued`], or how it ended (then it is reaped).
    /// Retries `EINTR`.
    ///
    /// What a shell needs of each job: Ctrl-Z stopped it (take the
    /// terminal back, print "Stopped"), `bg` or a stranger's `SIGCONT`
    /// continued it, or it ended. Each change is reported once: called
    /// again, it blocks until the next one.
    ///
    /// The kernel keeps the child's latest state, not a queue of changes:
    /// a stop that is followed by a continue before this looks is reported
    /// as the continue alone (and a continue followed by a stop as the
    /// stop), and a child that ends meanwhile reports only its end. A wait
    /// status never undercounts ends, though, and never reports a change
    /// that did not happen.
    ///
    /// Blocks only the calling thread; changes no mask and consumes no
    /// signal. Other threads may do anything, except wait for this child
    /// themselves.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `waitid`; without pidfds: `getpid`, `rt_sigaction`,
    /// `waitid`.
    ///
    /// # Errors
    /// - `ECHILD`: as for [`wait`](Child::wait).
    ///
    /// # References
    /// - [POSIX `waitid`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/waitid.html)
    /// - [Linux](https://man7.org/linux/man-pages/man2/waitid.2.html)
    ///
    /// ```
    /// use procsig::{fork, Fork, Signal, WaitStatus};
    ///
    /// // SAFETY: the child only loops.
    /// let Fork::Parent(mut job) = (unsafe { fork() }?) else { loop {} };
    /// // Ctrl-Z sends SIGTSTP, which the kernel discards in an orphaned
    /// // group (as a doc test's may be); SIGSTOP always stops.
    /// job.signal(Signal::STOP)?;
    /// assert_eq!(job.wait_changed()?, WaitStatus::Stopped(Signal::STOP));
    /// job.signal(Signal::CONT)?; // bg
    /// assert_eq!(job.wait_changed()?, WaitStatus::Continued);
    /// job.signal(Signal::KILL)?;
    /// assert_eq!(
    ///     job.wait_changed()?,
    ///     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false }
    /// );
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "WCONTINUED")]
    pub fn wait_changed(&mut self) -> Result<WaitStatus, Errno> {
        self.wait_with(libc::WUNTRACED | libc::WCONTINUED)
    }

    /// `waitid(…, WEXITED | WSTOPPED | WCONTINUED | WNOHANG)` or
    /// `waitpid(pid, WUNTRACED | WCONTINUED | WNOHANG)`—The child's change
    /// since it was last reported, without waiting: stopped, continued, or
    /// ended (then it is reaped); `None` if nothing changed.
    ///
    /// Reports as [`wait_changed`](Child::wait_changed) does, each change
    /// once. A shell calls it for each job when a `SIGCHLD` or the event
    /// wait says something happened.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `waitid`; without pidfds: `getpid`, `rt_sigaction`,
    /// `waitid`.
    ///
    /// # Errors
    /// - `ECHILD`: as for [`wait`](Child::wait).
    ///
    /// # References
    /// - [POSIX `waitid`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/waitid.html)
    ///
    /// ```
    /// use procsig::{fork, Fork, Signal, WaitStatus};
    ///
    /// // SAFETY: the child only loops.
    /// let Fork::Parent(mut job) = (unsafe { fork() }?) else { loop {} };
    /// assert_eq!(job.try_wait_changed()?, None); // running, nothing new
    /// job.signal(Signal::STOP)?;
    /// assert_eq!(job.wait_changed()?, WaitStatus::Stopped(Signal::STOP));
    /// assert_eq!(job.try_wait_changed()?, None); // that stop was reported
    /// job.signal(Signal::KILL)?;
    /// while job.try_wait_changed()?.is_none() {}
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "waitpid")]
    #[doc(alias = "WCONTINUED")]
    pub fn try_wait_changed(&mut self) -> Result<Option<WaitStatus>, Errno> {
        self.wait_once(libc::WUNTRACED | libc::WCONTINUED | libc::WNOHANG)
    }

    /// One non-blocking look at the child for the event wait: reaps it if
    /// it has ended; with `stops`, also reports a stop or a continue (each
    /// once). The handle's bookkeeping is the waits' own (`wait_once`).
    #[cfg(any(procsig_linux, procsig_kqueue))]
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
    /// `WUNTRACED`, `WCONTINUED`), and the bookkeeping: a child that ended, whatever its
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
