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
/// the caller is `owner` (the process that forked the child) and children
/// are not reaped by the kernel. With `SIGCHLD` ignored (or `SA_NOCLDWAIT`)
/// an ended child leaves no zombie to hold its pid: it may be free, or
/// already another child's, and `waitid` cannot tell that child from ours.
/// Not inlined: every signal and wait of the fallback shares it.
#[inline(never)]
pub(super) fn trusted(owner: Pid) -> Result<(), Errno> {
    if Pid::this() == owner && matches!(children_auto_reaped(), Ok(false)) {
        Ok(())
    } else {
        Err(Errno::ECHILD)
    }
}

/// `ECHILD` unless the caller is the process that forked the child and
/// children are not reaped by the kernel; `ESRCH` unless the child is still
/// unreaped. What a signal through the pid checks first.
pub(super) fn check(pid: Pid, owner: Pid) -> Result<(), Errno> {
    trusted(owner)?;
    // Reports without reaping or consuming anything (WNOWAIT, WNOHANG):
    // only whether `pid` is still an unreaped child of ours.
    match still_unreaped(pid) {
        Err(Errno::ECHILD) => Err(Errno::ESRCH),
        _ => Ok(()),
    }
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
/// `WUNTRACED`). On Linux `waitid(P_PID)`, decoded as the pidfd's waits are.
#[cfg(procsig_pidfd)]
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
