//! The waits of [`Child`]: `wait`, `try_wait`, `wait_stopped`,
//! `wait_timeout`, through the child's pidfd where it has one.

use core::ffi::c_int;
#[cfg(procsig_sigtimedwait)]
use core::time::Duration;

use crate::safe::pid::Pid;
#[cfg(procsig_pidfd)]
use crate::safe::process::child::pidfd::waitid_report;
use crate::safe::process::child::{pid_trusted, Child, Via};
use crate::safe::process::wait_status::{Report, WaitStatus};
#[cfg(procsig_sigtimedwait)]
use crate::safe::signal::disposition::children_auto_reaped;
#[cfg(procsig_sigtimedwait)]
use crate::safe::signal::Signal;
#[cfg(procsig_sigtimedwait)]
use crate::safe::sigset::wait::wait_blocked_timeout;
#[cfg(procsig_sigtimedwait)]
use crate::safe::sigset::SigSet;
#[cfg(procsig_sigtimedwait)]
use crate::safe::time::Deadline;
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

    /// Waits at most `timeout` for the child to end; reaps it and returns
    /// how, or `None` if it is still running.
    ///
    /// **With a pidfd** (see [`Child`]): `poll` on it for the time left,
    /// then `waitid(P_PIDFD, …, WNOHANG)`. No signal is consumed and no mask
    /// changed; it is prompt from any thread, whatever the other threads
    /// block or wait for. Millisecond resolution (the time left is rounded
    /// up, so it never returns early).
    ///
    /// **Without one**: it **temporarily blocks `SIGCHLD`** in the calling
    /// thread, checks the child with `WNOHANG`, and waits for `SIGCHLD`
    /// with `sigtimedwait` for the time left, checking again after each one
    /// (a `SIGCHLD` may come from another child, and coalesced ones are
    /// never counted); the mask is restored before it returns. A `SIGCHLD`
    /// that was pending is consumed. The kernel hands a process-directed
    /// `SIGCHLD` to any thread that does not block it, so it is prompt only
    /// if **`SIGCHLD` is blocked in every other thread**; otherwise it may
    /// sleep out its timeout. Block it in `main` before spawning threads.
    ///
    /// Either way `EINTR` is retried with the time left recomputed from the
    /// monotonic clock.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `poll`, `rt_sigaction`, `waitid`; without pidfds:
    /// `getpid`, `rt_sigaction`, `rt_sigprocmask`, `rt_sigtimedwait`, `waitid`.
    /// `rt_sigaction` reads `SIGCHLD`'s disposition (ignored: `ECHILD` at
    /// once); the pidfd path sleeps in `poll` on the pidfd, the other in
    /// `rt_sigtimedwait` for `SIGCHLD`, whose mask it reads first.
    ///
    /// System calls (zero timeout): `rt_sigaction`, `waitid`; without
    /// pidfds: `getpid`, `rt_sigaction`, `rt_sigprocmask`, `waitid`. It checks
    /// the child once and never sleeps.
    ///
    /// # Errors
    /// - `ECHILD`: the child was already reaped, or `SIGCHLD` is ignored:
    ///   the kernel then reaps the child itself (and sends no `SIGCHLD`),
    ///   so its status will be lost (and without a pidfd the pid cannot be
    ///   trusted: see [`Child`], "Without a pidfd"). Reported at once (one
    ///   `sigaction` call checks), never after sleeping out the timeout.
    ///   [`reset_disposition`](crate::reset_disposition) before forking
    ///   prevents it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use procsig::{exit, fork, Fork, Signal};
    ///
    /// // SAFETY: the child calls only async-signal-safe functions.
    /// let Fork::Parent(mut child) = unsafe { fork() }? else {
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
    #[doc(alias = "poll")]
    #[cfg_attr(
        docsrs,
        doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
    )]
    pub fn wait_timeout(&mut self, timeout: Duration) -> Result<Option<WaitStatus>, Errno> {
        if self.reaped {
            return Err(Errno::ECHILD);
        }
        if children_auto_reaped()? {
            // The status will be lost (or, if the child ended before
            // SIGCHLD was ignored, is still there): say so now.
            return self.try_wait()?.map(Some).ok_or(Errno::ECHILD);
        }
        match self.via {
            // Woken by the pidfd becoming readable.
            #[cfg(procsig_pidfd)]
            Via::Pidfd(_) => self.wait_until(timeout, |child, left| match &child.via {
                Via::Pidfd(fd) => fd.poll(left).map(drop),
                Via::Pid { .. } => Err(Errno::ECHILD),
            }),
            // Woken by a SIGCHLD, blocked before the first check so that an
            // exit after it leaves one pending for the wait to see.
            Via::Pid { .. } => {
                let guard = SigSet::from(Signal::CHLD).block_scoped()?;
                self.wait_until(timeout, |_, left| {
                    wait_blocked_timeout(guard.blocked(), left).map(drop)
                })
            }
        }
    }

    /// Checks the child, then sleeps with `sleep` (which may wake early, on
    /// `EINTR` or another child's event) for the time left, until the child
    /// has ended or `timeout` has passed.
    #[cfg(procsig_sigtimedwait)]
    fn wait_until(
        &mut self,
        timeout: Duration,
        mut sleep: impl FnMut(&Child, Duration) -> Result<(), Errno>,
    ) -> Result<Option<WaitStatus>, Errno> {
        let deadline = Deadline::after(timeout)?;
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(Some(status));
            }
            let left = deadline.remaining()?;
            if left.is_zero() {
                return Ok(None);
            }
            sleep(self, left)?;
        }
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
            Via::Pid { owner } => pid_trusted(*owner),
            #[cfg(procsig_pidfd)]
            Via::Pidfd(_) => Ok(()),
        }
        .and_then(|()| wait_report(self.pid, &self.via, options));
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

/// One wait for the child `pid`, reached as `via` says.
/// On Linux `waitid`, with `P_PIDFD` or `P_PID`.
#[cfg(procsig_pidfd)]
fn wait_report(pid: Pid, via: &Via, options: c_int) -> Result<Option<Report>, Errno> {
    // Descriptors and `Pid`s are positive, so the casts to `id_t` are exact.
    let (idtype, id) = match via {
        Via::Pidfd(fd) => (libc::P_PIDFD, fd.as_raw() as libc::id_t),
        Via::Pid { .. } => (libc::P_PID, pid.as_raw() as libc::id_t),
    };
    waitid_report(idtype, id, options)
}

/// One wait for the child `pid`, reached by its pid: `waitpid`, whose
/// status word is portable where `waitid`'s reports are not always.
#[cfg(not(procsig_pidfd))]
fn wait_report(pid: Pid, _via: &Via, options: c_int) -> Result<Option<Report>, Errno> {
    let mut word = 0;
    // SAFETY: waits for this one child of ours.
    match unsafe { crate::raw::waitpid(pid.as_raw(), Some(&mut word), options)? } {
        0 => Ok(None),
        _ => Ok(Some(Report {
            status: WaitStatus::from_raw(word),
            // Only a stop or a continue leaves the child unreaped.
            ended: !(libc::WIFSTOPPED(word) || libc::WIFCONTINUED(word)),
        })),
    }
}
