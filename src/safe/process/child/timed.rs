//! [`Child::wait_timeout`]: a wait with a deadline, on the targets that have
//! a timed wait (`sigtimedwait`, or on macOS a kqueue; chosen on the `mod`
//! line). Through the pidfd it is a `poll`; through the pid, a kqueue's
//! `EVFILT_PROC` filter on macOS and FreeBSD (`kqueue.rs`), elsewhere a
//! `SIGCHLD` blocked first.

use core::time::Duration;

#[cfg(procsig_kqueue)]
use crate::safe::process::child::kqueue::ExitWatch;
use crate::safe::process::child::{Child, Via};
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::signal::disposition::children_auto_reaped;
#[cfg(not(procsig_kqueue))]
use crate::safe::signal::Signal;
#[cfg(not(procsig_kqueue))]
use crate::safe::sigset::timed::wait_blocked_timeout;
#[cfg(not(procsig_kqueue))]
use crate::safe::sigset::SigSet;
use crate::safe::time::Deadline;
use crate::Errno;

impl Child {
    /// Waits at most `timeout` for the child to end; reaps it and returns
    /// how, or `None` if it is still running.
    ///
    /// **With a pidfd** (see [`Child`]): `poll` on it for the time left,
    /// then `waitid(P_PIDFD, …, WNOHANG)`. No signal is consumed and no mask
    /// changed; it is prompt from any thread, whatever the other threads
    /// block or wait for. Millisecond resolution (the time left is rounded
    /// up, so it never returns early).
    ///
    /// **Without one, on macOS and FreeBSD**: it checks the child with
    /// `WNOHANG`; if it is running, it registers an `EVFILT_PROC` filter
    /// with `NOTE_EXIT` on the pid in a new kqueue (close-on-exec, closed
    /// before it returns), checks again (the child may have ended before
    /// the filter went in), and sleeps in `kevent` for the time left,
    /// checking after each wake. No signal is consumed and no mask
    /// changed: prompt from any thread, whatever the other threads block.
    /// Both kernels report the exit a moment before the child is a zombie
    /// that `waitpid` can reap, so once the exit is reported (or the
    /// registration finds the process exiting: `ESRCH` on macOS) it checks
    /// after 1 ms, then 2, 4, … up to 256 ms apart until it is (normally a
    /// moment; a child stuck in its exit, closing a file on a dead NFS
    /// mount, is seen ended at most 256 ms after it became a zombie); and
    /// it checks at least once a second
    /// whatever the kernel reports, a safety net for a window of the
    /// kernels not known. Microsecond resolution. A zero timeout checks
    /// once and makes no kqueue.
    ///
    /// **Without one, elsewhere** (Linux without pidfds, NetBSD, DragonFly):
    /// it **temporarily blocks `SIGCHLD`** in the calling thread, checks
    /// the child with `WNOHANG`, and waits for `SIGCHLD` with
    /// `sigtimedwait` for the time left, checking again after each one
    /// (a `SIGCHLD` may come from another child, and coalesced ones are
    /// never counted); the mask is restored before it returns. A `SIGCHLD`
    /// that was pending is consumed. The kernel hands a process-directed
    /// `SIGCHLD` to any thread that does not block it, so it is prompt only
    /// if **`SIGCHLD` is blocked in every other thread**; otherwise it may
    /// sleep out its timeout. Block it in `main` before spawning threads.
    ///
    /// Every way, `EINTR` is retried with the time left recomputed from the
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
    ///   If another thread ignores `SIGCHLD` during the wait, the kernel
    ///   sends no `SIGCHLD` any more: through a pidfd or a kqueue the
    ///   child's end still wakes the wait (and the check then reports
    ///   `ECHILD`); the `SIGCHLD` fallback looks at the disposition again
    ///   every second, so it reports `ECHILD` within about a second.
    ///   [`reset_disposition`](crate::reset_disposition) before forking
    ///   prevents it.
    /// - `EMFILE`, `ENFILE`, `ENOMEM` (macOS and FreeBSD, once a first
    ///   check found the child running): no kqueue could be made. The
    ///   child is untouched; a later wait may succeed.
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
    #[doc(alias = "waitpid")]
    #[doc(alias = "sigtimedwait")]
    #[doc(alias = "poll")]
    #[cfg_attr(docsrs, doc(cfg(not(target_os = "openbsd"))))]
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
            // Woken by an `EVFILT_PROC` filter on the pid (macOS,
            // FreeBSD), registered after a first look finds the child
            // running: no signal, no mask (see `kqueue.rs`).
            #[cfg(procsig_kqueue)]
            Via::Pid { .. } => {
                let mut watch: Option<ExitWatch> = None;
                self.wait_until(timeout, |child, left| match &mut watch {
                    Some(watch) => watch.sleep(left),
                    None => {
                        // Made only once a look found the child running
                        // (a zero timeout makes none). No sleep yet: the
                        // child is looked at again first, as it may have
                        // ended before the filter went in.
                        let mut new = ExitWatch::new()?;
                        new.watch([child.pid])?;
                        watch = Some(new);
                        Ok(())
                    }
                })
            }
            // Woken by a SIGCHLD, blocked before the first check so that an
            // exit after it leaves one pending for the wait to see.
            #[cfg(not(procsig_kqueue))]
            Via::Pid { .. } => {
                let guard = SigSet::from(Signal::CHLD).block_scoped()?;
                self.wait_until(timeout, |_, left| {
                    sleep_for_sigchld(guard.blocked(), Some(left))
                })
            }
        }
    }

    /// Checks the child, then sleeps with `sleep` (which may wake early, on
    /// `EINTR` or another child's event) for the time left, until the child
    /// has ended or `timeout` has passed.
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
}

/// How long the pid fallback sleeps for a `SIGCHLD` before it looks at the
/// child again. Another thread may ignore `SIGCHLD` during the sleep; from
/// then on the kernel reaps children itself and sends no `SIGCHLD` at all,
/// so only a look (the disposition, checked by every wait of the fallback)
/// can end the wait. One wake a second, and only while the fallback waits.
#[cfg(not(procsig_kqueue))]
const RECHECK: Duration = Duration::from_secs(1);

/// The pid fallback's sleep: until a `SIGCHLD` of `set` (blocked by the
/// caller) is pending, `left` has passed (`None`: no limit), or
/// [`RECHECK`], whichever comes first. `Ok` in every case: the caller
/// looks at its children again.
#[cfg(not(procsig_kqueue))]
pub(crate) fn sleep_for_sigchld(set: &SigSet, left: Option<Duration>) -> Result<(), Errno> {
    let slice = left.map_or(RECHECK, |left| left.min(RECHECK));
    wait_blocked_timeout(set, slice).map(drop)
}
