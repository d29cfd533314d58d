//! Sending signals: [`kill`], [`kill_group`], [`probe`], [`raise`].

use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// `kill(pid, sig)`—Sends `sig` to the one process `pid`.
///
/// A [`Pid`] is always greater than zero, so unlike C's `kill` this can
/// never reach a process group (0, `-n`) or every process (-1). Sending to
/// the calling process delivers the signal (or makes it pending, if
/// blocked) before this returns.
///
/// Threads: any thread may call it. A signal sent to this process is
/// process-directed: the kernel gives it to any one thread that does not
/// block it (see [`SigSet::wait`](crate::SigSet::wait) for waiting on it).
/// To signal a child you forked, prefer [`Child::signal`](crate::Child::signal):
/// a bare pid may have been reused.
///
/// Async-signal-safe: yes.
///
/// System calls: `kill`.
///
/// # Errors
/// - `ESRCH`: no such process. A zombie (exited, not yet waited for) still
///   exists and can be signalled; after it is reaped its pid may be reused,
///   which is why [`Child::signal`](crate::Child::signal) refuses once the
///   child is reaped.
/// - `EPERM`: the caller may not signal that process.
///
/// # Examples
/// ```
/// use procsig::{kill, Pid, SigSet, Signal};
///
/// let usr1 = SigSet::from(Signal::USR1);
/// let guard = usr1.block()?;          // blocked: it will wait, not kill us
/// kill(Pid::this(), Signal::USR1)?;
/// assert_eq!(guard.wait()?, Signal::USR1);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/kill.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/kill.2.html)
#[inline(always)]
pub fn kill(pid: Pid, sig: Signal) -> Result<(), Errno> {
    // SAFETY: `pid` is positive, so exactly one process is addressed;
    // signals sent to this process run handlers whose installation (an
    // unsafe `sigaction`) vouched for them.
    unsafe { raw::kill(pid.as_raw(), sig.as_raw()) }
}

/// `kill(-pgid, sig)`—Sends `sig` to every process in the process group
/// `pgid`.
///
/// Threads: as [`kill`]; each member gets one process-directed signal.
///
/// Async-signal-safe: yes.
///
/// System calls: `kill`.
///
/// # Errors
/// - `ESRCH`: no process is in that group.
/// - `EPERM`: the caller may signal no member of the group.
/// - `EINVAL`: `pgid` is 1. C's `kill(-1, sig)` means "every process the
///   caller may signal", not "group 1", so group 1 cannot be addressed and
///   this refuses instead of broadcasting.
///
/// # Examples
/// ```
/// use procsig::{kill_group, Errno, Pid, Signal};
///
/// // Group 1 would be "every process" in C's kill: refused.
/// assert_eq!(kill_group(Pid::from_raw(1).unwrap(), Signal::TERM), Err(Errno::EINVAL));
/// // A group no process is in.
/// assert_eq!(kill_group(Pid::NO_PROCESS, Signal::TERM), Err(Errno::ESRCH));
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/kill.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/kill.2.html)
#[doc(alias = "kill")]
#[doc(alias = "killpg")]
#[inline(always)]
pub fn kill_group(pgid: Pid, sig: Signal) -> Result<(), Errno> {
    if pgid.as_raw() == 1 {
        return Err(Errno::EINVAL);
    }
    // A `Pid` is positive, so this cannot overflow; checked all the same,
    // since a debug build would panic.
    let group = pgid.as_raw().checked_neg().ok_or(Errno::EINVAL)?;
    // SAFETY: `group` is below -1, so one process group is addressed.
    unsafe { raw::kill(group, sig.as_raw()) }
}

/// `kill(pid, 0)`—Checks that `pid` exists and may be signalled, sending
/// nothing.
///
/// Threads: any thread may call it; the answer may be stale by the time it
/// returns (the process may end, and its pid be reused).
///
/// Async-signal-safe: yes.
///
/// System calls: `kill`.
///
/// # Errors
/// - `ESRCH`: no such process (zombies exist until reaped).
/// - `EPERM`: it exists, but the caller may not signal it.
///
/// # Examples
/// ```
/// use procsig::{probe, Pid};
///
/// assert_eq!(probe(Pid::this()), Ok(()));
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/kill.html)
#[doc(alias = "kill")]
#[inline(always)]
pub fn probe(pid: Pid) -> Result<(), Errno> {
    // SAFETY: signal 0 is never delivered.
    unsafe { raw::kill(pid.as_raw(), 0) }
}

/// `raise(sig)`—Sends `sig` to the calling **thread**.
///
/// Thread-directed: unlike [`kill`](crate::kill) to this process, no other
/// thread can take it. If it is not blocked, its handler or default action
/// runs before this returns.
///
/// Async-signal-safe: yes.
///
/// System calls: `getpid`, `gettid`, `tgkill`. glibc's `raise` is
/// `tgkill(getpid(), gettid(), sig)`.
///
/// # Errors
/// None in practice: a [`Signal`] is always valid.
///
/// ```
/// use procsig::{raise, SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR2).block()?;
/// raise(Signal::USR2)?;
/// assert_eq!(guard.wait()?, Signal::USR2);
/// # Ok::<(), procsig::Errno>(())
/// ```
pub fn raise(sig: Signal) -> Result<(), Errno> {
    // SAFETY: the signal runs handlers whose installation vouched for them.
    unsafe { raw::raise(sig.as_raw()) }
}
