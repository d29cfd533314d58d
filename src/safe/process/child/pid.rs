//! The pid fallback behind a [`Child`](crate::Child): where no pidfd can be
//! had (kernels before 5.4, other Unix systems, seccomp, no free descriptor),
//! the handle reaches its child by pid, checking before each use what can
//! be checked. What it cannot know is written on `Child`, "Without a pidfd".

use core::ffi::c_int;

use crate::safe::pid::Pid;
#[cfg(procsig_pidfd)]
use crate::safe::process::child::waitid::waitid_report;
use crate::safe::process::wait_status::Report;
#[cfg(not(procsig_pidfd))]
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::signal::disposition::children_auto_reaped;
use crate::Errno;

/// Without a pidfd, whether the pid may be used at all: `ECHILD` unless
/// the caller is `owner` (the process that forked the child; `None` if the
/// kernel reaped children at the fork) and children are not reaped by the
/// kernel now. With `SIGCHLD` ignored (or `SA_NOCLDWAIT`)
/// an ended child leaves no zombie to hold its pid: it may be free, or
/// already another child's, and `waitid` cannot tell that child from ours.
/// Not inlined: every signal and wait of the fallback shares it.
#[inline(never)]
pub(super) fn trusted(owner: Option<Pid>) -> Result<(), Errno> {
    if owner == Some(Pid::this()) && matches!(children_auto_reaped(), Ok(false)) {
        Ok(())
    } else {
        Err(Errno::ECHILD)
    }
}

/// The owner of a child this process forks now: this process, or `None`
/// while the kernel reaps children as they end (`SIGCHLD` ignored, or
/// `SA_NOCLDWAIT`), when the handle must never trust the pid. The same
/// check as every later use of the pid ([`trusted`]), made only where no
/// pidfd could be had.
pub(super) fn trusted_owner() -> Option<Pid> {
    let me = Pid::this();
    trusted(Some(me)).ok().map(|()| me)
}

/// `ECHILD` unless the caller is the process that forked the child and
/// children are not reaped by the kernel; `ESRCH` unless the child is still
/// unreaped. What a signal through the pid checks first.
pub(super) fn check(pid: Pid, owner: Option<Pid>) -> Result<(), Errno> {
    let trust = match owner {
        Some(_) => trusted(owner),
        // Forked while the kernel reaped children: if no child of ours has
        // the pid, the child is gone (`ESRCH` below); if one has, it may
        // be a later one (`ECHILD`).
        None => Err(Errno::ECHILD),
    };
    // Asked once, for a pid trusted or never trusted (not for one whose
    // owner is another process, or while the kernel reaps children):
    // reports without reaping or consuming anything (WNOWAIT, WNOHANG),
    // only whether `pid` is still an unreaped child of ours.
    if (trust.is_ok() || owner.is_none()) && matches!(still_unreaped(pid), Err(Errno::ECHILD)) {
        return Err(Errno::ESRCH);
    }
    trust
}

/// `waitid(P_PID, pid, WEXITED | WSTOPPED | WCONTINUED | WNOHANG | WNOWAIT)`:
/// `ECHILD` if `pid` is no unreaped child of ours; changes nothing.
fn still_unreaped(pid: Pid) -> Result<(), Errno> {
    // SAFETY: `siginfo_t` is plain data, valid all zeros.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    let options = libc::WEXITED | libc::WSTOPPED | libc::WCONTINUED | libc::WNOHANG | libc::WNOWAIT;
    // A `Pid` is positive, so the cast to `id_t` is exact.
    // SAFETY: `info` is live; asks about one child of ours.
    unsafe { crate::raw::waitid(libc::P_PID, pid.as_raw() as libc::id_t, &mut info, options) }
}

/// One wait for the child `pid` (`options`: `waitpid`'s `WNOHANG`,
/// `WUNTRACED`, `WCONTINUED`). On Linux `waitid(P_PID)`, decoded as the pidfd's waits are.
#[cfg(procsig_pidfd)]
#[inline(always)] // a call of its own would be a thunk, and an unwind entry
pub(super) fn wait_report(pid: Pid, options: c_int) -> Result<Option<Report>, Errno> {
    // A `Pid` is positive, so the cast to `id_t` is exact.
    waitid_report(libc::P_PID, pid.as_raw() as libc::id_t, options)
}

/// One wait for the child `pid`, reached by its pid: `waitpid`, whose
/// status word is portable where `waitid`'s reports are not always.
#[cfg(not(procsig_pidfd))]
pub(super) fn wait_report(pid: Pid, options: c_int) -> Result<Option<Report>, Errno> {
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
