//! Signalling a [`Child`]: through its pidfd, or its checked pid.

use crate::safe::process::child::{pid, Child, Via};
use crate::safe::process::kill::{kill, kill_group};
use crate::safe::signal::Signal;
use crate::Errno;

impl Child {
    /// `pidfd_send_signal(pidfd, sig)`, or `kill(pid, sig)` without a
    /// pidfd—Sends `sig` to the child.
    ///
    /// An ended but unreaped child (a zombie) can still be signalled, to no
    /// effect. Usable from any thread.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `pidfd_send_signal`; without pidfds: `getpid`, `kill`,
    /// `rt_sigaction`, `waitid`.
    ///
    /// # Errors
    /// - `ESRCH`: the child has been reaped (by this handle's waits, by the
    ///   kernel because `SIGCHLD` is ignored, or by other code); nothing is
    ///   sent, because its pid may now belong to another process.
    /// - `ECHILD`: without a pidfd, the pid cannot be trusted, so nothing is
    ///   sent: `SIGCHLD` is ignored (or `SA_NOCLDWAIT`), so the child may
    ///   have been reaped as it ended and its pid taken by a later child,
    ///   even if it is still running (see [`Child`], "Without a pidfd"); or
    ///   the handle is a copy that a later `fork` put into a process that is
    ///   not the child's parent.
    /// - `EPERM`: the child changed its user id and may not be signalled.
    ///
    /// ```
    /// # #[cfg(procsig_timed_wait)] {
    /// use procsig::{fork, Errno, Fork, Signal, WaitStatus};
    ///
    /// // SAFETY: the child only loops.
    /// let Fork::Parent(mut child) = unsafe { fork() }? else { loop {} };
    /// child.signal(Signal::TERM)?;
    /// let status = child.wait_timeout(std::time::Duration::from_secs(60))?;
    /// assert_eq!(status, Some(WaitStatus::Signaled { signal: Signal::TERM, core_dumped: false }));
    /// assert_eq!(child.signal(Signal::TERM), Err(Errno::ESRCH)); // reaped: refused
    /// # }
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "kill")]
    #[doc(alias = "pidfd_send_signal")]
    #[inline]
    pub fn signal(&self, sig: Signal) -> Result<(), Errno> {
        if self.reaped {
            return Err(Errno::ESRCH);
        }
        match &self.via {
            #[cfg(procsig_pidfd)]
            Via::Pidfd(fd) => fd.send(sig),
            Via::Pid { owner } => {
                pid::check(self.pid, *owner)?;
                kill(self.pid, sig)
            }
        }
    }

    /// `kill(-pid, sig)`—Sends `sig` to every process in the child's
    /// process group: the child, and every process it started that stayed
    /// in the group.
    ///
    /// Threads: any thread of the forking process may call it.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `kill`, `pidfd_send_signal`; without pidfds: `getpid`,
    /// `kill`, `rt_sigaction`, `waitid`.
    ///
    /// # Errors
    /// - `EINVAL`: the child was not forked into its own group
    ///   ([`ForkOptions::own_group`](crate::ForkOptions::own_group)).
    /// - `ESRCH`: the child has been reaped. Its group may live on in
    ///   processes it started, but once they are gone too the number is
    ///   free for another process's group, so nothing is sent; use
    ///   [`kill_group`](crate::kill_group) on [`group`](Child::group) if you
    ///   know the group still exists. Also `ESRCH` if no process is left in
    ///   the group.
    /// - `ECHILD`: as for [`signal`](Child::signal), without a pidfd.
    /// - `EPERM`: the caller may signal no member of the group. A leader
    ///   the caller may not signal (it changed its user id) is no error
    ///   while it is unreaped: the signal goes to the group, and reaches
    ///   the members the caller may signal.
    ///
    /// ```
    /// use procsig::{fork, Fork, ForkOptions, Signal, WaitStatus};
    ///
    /// // SAFETY: the child only loops.
    /// let Fork::Parent(child) = unsafe { ForkOptions::new().own_group().fork() }? else { loop {} };
    /// child.signal_group(Signal::KILL)?; // the child and all it started
    /// assert_eq!(child.wait()?, WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false });
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "killpg")]
    pub fn signal_group(&self, sig: Signal) -> Result<(), Errno> {
        if !self.leads_group {
            return Err(Errno::EINVAL);
        }
        if self.reaped {
            return Err(Errno::ESRCH);
        }
        match &self.via {
            // Signal 0 through the pidfd: ESRCH once the leader is reaped,
            // by anyone. EPERM (the leader changed its user id) says it is
            // not reaped just as well: the members may still be ours to
            // signal.
            #[cfg(procsig_pidfd)]
            Via::Pidfd(fd) => match fd.probe() {
                Ok(()) | Err(Errno::EPERM) => {}
                Err(e) => return Err(e),
            },
            Via::Pid { owner } => pid::check(self.pid, *owner)?,
        }
        // While the leader is unreaped, its pid (the group's id) is taken,
        // so the group is the child's.
        kill_group(self.pid, sig)
    }
}
