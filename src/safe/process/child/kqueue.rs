//! The kqueue behind [`Child::wait_timeout`](crate::Child::wait_timeout)
//! and [`wait_any`](crate::wait_any) on macOS and FreeBSD: an
//! `EVFILT_PROC` filter with `NOTE_EXIT` on each child's pid.
//!
//! Like a pidfd on Linux, the filter wakes the wait when *that* process
//! exits, whatever the threads' signal masks: no `SIGCHLD` is blocked,
//! waited for or consumed. The kernel only *reports* through it; the
//! reaping is still the handle's own `waitpid`, with every check of the
//! pid path (`pid.rs`) before it.
//!
//! What the kernels do, read from their sources (XNU's `kern_event.c`,
//! `kern_proc.c` and `kern_exit.c`; FreeBSD's `kern_event.c` and
//! `kern_exit.c`), and how this file copes:
//!
//! - **Registering on a zombie.** macOS refuses with `ESRCH`: its
//!   `proc_find` returns no process once it is exiting or a zombie (and
//!   none once reaped). FreeBSD accepts (`pfind_any` finds zombies) and
//!   reports `NOTE_EXIT` at once for a process that is exiting or a
//!   zombie; `ESRCH` only once it is reaped. So the filter goes in first
//!   and the child is looked at (`waitpid(WNOHANG)`) after: a child that
//!   ended before the filter is found by that look, one that ends after it
//!   fires the filter. `ESRCH` at registration means "exiting, a zombie,
//!   or reaped", and is handled as an exit seen.
//! - **The report comes before the zombie.** Both kernels post `NOTE_EXIT`
//!   on the way out, before the process becomes a zombie that `waitpid`
//!   can reap (XNU sets `SZOMB` later in `proc_exit`; FreeBSD sets
//!   `PRS_ZOMBIE` later in `exit1`), and the filter is then removed
//!   (`EV_ONESHOT`). A look right after the wake may find the child still
//!   running; so once an exit is seen (or `ESRCH`), the wait looks again
//!   after a millisecond ([`SOON`]), then after 2, 4, … ms, up to
//!   [`SOON_MOST`] (256 ms) apart, until the zombie is there or the time
//!   is up. The zombie is normally moments away, but a child can stay
//!   stuck in its exit for seconds or for good (`exit1` / `proc_exit`
//!   close its files: a hard-mounted dead NFS server, a wedged FUSE
//!   daemon, a socket with `SO_LINGER`); the back-off keeps such a child
//!   from being polled a thousand times a second, and its end is seen at
//!   most 256 ms after it became a zombie. A new exit report restarts the
//!   looks at 1 ms.
//! - **A safety net.** Every sleep is at most a second ([`RECHECK`]): a
//!   window of the kernels that this reading missed costs a second, never
//!   the whole timeout. None is known.
//! - **Pid reuse.** A filter names a pid, not a process. It is registered
//!   only after the handle's checks (used by the process that forked the
//!   child, `SIGCHLD` not ignored, not reaped by the handle) and a look
//!   that found the child unreaped, and it never acts on the process: at
//!   worst, if the child was reaped behind the handle's back and its pid
//!   taken meanwhile (what `Child`'s docs call unknowable), it watches that
//!   process, and the next look (`waitpid` on the pid, which knows only
//!   our children) reports `ECHILD` or, for a later child of ours, its
//!   state: the pid path's guarantees, no weaker.
//! - **`EINTR`**: a handler ran; the wait looks and sleeps again for the
//!   time left.

use core::ffi::c_int;
use core::time::Duration;

use crate::safe::pid::Pid;
use crate::safe::time::timespec;
use crate::{raw, Errno};

/// The longest one sleep lasts before the wait looks at its children
/// again, whatever the kernel reported: a safety net (see the module
/// docs), also for a far deadline (`Duration::MAX`).
pub(crate) const RECHECK: Duration = Duration::from_secs(1);

/// How soon the wait looks again once an exit was reported (or the
/// registration found the process exiting): the zombie is moments away.
pub(crate) const SOON: Duration = Duration::from_millis(1);

/// The longest sleep between two looks once an exit was seen: [`SOON`]
/// doubles up to this while the child is still not a zombie.
pub(crate) const SOON_MOST: Duration = Duration::from_millis(256);

/// How many events one sleep takes in at most (`wait_any` watches many
/// children; more exits than this wait in the kqueue for the next sleep).
const BATCH: usize = 32;

/// A kqueue that watches children's exits; closed on drop.
pub(crate) struct ExitWatch {
    kq: c_int,
    /// An exit was reported, or a registration found the process exiting,
    /// a zombie or reaped: the next sleep's cap, [`SOON`] doubling to
    /// [`SOON_MOST`] (see the module). `ZERO`: none seen.
    exiting: Duration,
}

impl ExitWatch {
    /// A new, empty kqueue, close-on-exec. (A kqueue is not inherited by
    /// `fork`; the flag keeps it from surviving another thread's `exec`.)
    pub(crate) fn new() -> Result<ExitWatch, Errno> {
        // SAFETY: the descriptor is owned by the value returned, which
        // closes it once.
        let kq = unsafe { raw::kqueue()? };
        let watch = ExitWatch {
            kq,
            exiting: Duration::ZERO,
        };
        // SAFETY: F_SETFD takes an int; `watch.kq` is our descriptor.
        unsafe { raw::fcntl(watch.kq, libc::F_SETFD, libc::FD_CLOEXEC)? };
        Ok(watch)
    }

    /// Watches the exit of each of `pids` (`EVFILT_PROC`, `NOTE_EXIT`), one
    /// `kevent` call each. A pid the kernel does not find (`ESRCH`:
    /// exiting, a zombie, or reaped) counts as an exit seen. Other errors
    /// are returned.
    ///
    /// One call per pid, with no room for events, so that an error is the
    /// call's own: batched, the first refused change would stop the rest
    /// (the kernels stop at an error they cannot report as an event), and
    /// reporting each as an event (`EV_RECEIPT`) is not reliable on macOS:
    /// an older XNU's `kevent` sets a receipt's `data` to 0 even over the
    /// change's error (later ones keep the error), which would hide an
    /// `ESRCH`.
    pub(crate) fn watch(&mut self, pids: impl IntoIterator<Item = Pid>) -> Result<(), Errno> {
        for pid in pids {
            let change = [exit_filter(pid)];
            loop {
                // SAFETY: `kq` is our kqueue; the change names a pid and
                // carries a null `udata`; no events are stored.
                match unsafe { raw::kevent(self.kq, &change, &mut [], None) } {
                    Ok(_) => break,
                    Err(Errno::ESRCH) => {
                        self.exiting = SOON;
                        break;
                    }
                    // Registering does not sleep; retried all the same.
                    Err(Errno::EINTR) => continue,
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// Takes in one event: an exit (or an `ESRCH` error) marks the watch
    /// exiting; another error is returned.
    fn note(&mut self, event: &libc::kevent) -> Result<(), Errno> {
        if event.flags & libc::EV_ERROR != 0 {
            return match c_int::try_from(event.data) {
                Ok(0) => Ok(()),
                Ok(libc::ESRCH) => {
                    self.exiting = SOON;
                    Ok(())
                }
                Ok(e) => Err(Errno::from_raw(e)),
                Err(_) => Err(Errno::EINVAL),
            };
        }
        if event.filter == libc::EVFILT_PROC && event.fflags & libc::NOTE_EXIT != 0 {
            self.exiting = SOON;
        }
        Ok(())
    }

    /// Sleeps until a watched process exits or `left` has passed, at most
    /// [`RECHECK`], and once an exit was seen at most [`SOON`], doubling
    /// at each sleep up to [`SOON_MOST`]. `Ok` in
    /// every case, `EINTR` included: the caller looks at its children
    /// again.
    pub(crate) fn sleep(&mut self, left: Duration) -> Result<(), Errno> {
        let cap = if self.exiting.is_zero() {
            RECHECK
        } else {
            self.exiting
        };
        // The next sleep, if still exiting: twice as long (a report of an
        // exit in this one puts it back to SOON).
        if !self.exiting.is_zero() {
            self.exiting = self.exiting.saturating_mul(2).min(SOON_MOST);
        }
        let ts = timespec(left.min(cap));
        // SAFETY: `kevent` is plain data; all zeroes is valid.
        let mut fired: [libc::kevent; BATCH] = unsafe { core::mem::zeroed() };
        // SAFETY: `kq` is our kqueue, `fired` a live buffer, `ts` live.
        let got = match unsafe { raw::kevent(self.kq, &[], &mut fired, Some(&ts)) } {
            Ok(got) => usize::try_from(got).unwrap_or(0),
            Err(Errno::EINTR) => 0,
            Err(e) => return Err(e),
        };
        for event in fired.iter().take(got) {
            self.note(event)?;
        }
        Ok(())
    }
}

impl Drop for ExitWatch {
    fn drop(&mut self) {
        // SAFETY: our descriptor, closed once; its filters go with it.
        // Nothing to do on error.
        let _ = unsafe { raw::close(self.kq) };
    }
}

/// An `EVFILT_PROC` registration for the exit of `pid`. (The kernel makes
/// it `EV_CLEAR`, and `EV_ONESHOT` once the exit is reported.)
fn exit_filter(pid: Pid) -> libc::kevent {
    // SAFETY: `kevent` is plain data; all zeroes is valid.
    let mut change: libc::kevent = unsafe { core::mem::zeroed() };
    // A `Pid` is positive, so the cast is exact.
    change.ident = pid.as_raw() as libc::uintptr_t;
    change.filter = libc::EVFILT_PROC;
    change.flags = libc::EV_ADD;
    change.fflags = libc::NOTE_EXIT;
    change
}
