//! `waitid` for one child, decoded into the [`WaitStatus`] that `waitpid`'s
//! word for the same event decodes to: the pidfd's waits and, on Linux,
//! the pid fallback's.

use core::ffi::c_int;

use libc::siginfo_t;

use crate::safe::pid::Pid;
use crate::safe::process::wait_status::{Report, WaitStatus};
use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// `waitid(idtype, id, WEXITED | options)` for one child, decoded into the
/// [`WaitStatus`] that `waitpid`'s word for the same event decodes to. `options` takes `waitpid`'s
/// `WNOHANG`, `WUNTRACED` and `WCONTINUED` (the same bits as `waitid`'s
/// `WNOHANG`, `WSTOPPED` and `WCONTINUED` on Linux), and `WNOWAIT`. `Ok(None)`: `WNOHANG` found
/// nothing to report.
pub(crate) fn waitid_report(
    idtype: libc::idtype_t,
    id: libc::id_t,
    options: c_int,
) -> Result<Option<Report>, Errno> {
    Ok(waitid_pid_report(idtype, id, options)?.map(|(_, report)| report))
}

/// [`waitid_report`], also saying which child reported: for `P_ALL`, where
/// the caller does not know. `id` is ignored there.
pub(crate) fn waitid_pid_report(
    idtype: libc::idtype_t,
    id: libc::id_t,
    options: c_int,
) -> Result<Option<(Pid, Report)>, Errno> {
    // SAFETY: `siginfo_t` is plain data; zeroed, `si_pid` reads 0 when
    // `WNOHANG` finds nothing to report.
    let mut info: siginfo_t = unsafe { core::mem::zeroed() };
    // SAFETY: `info` is live; `id` names one child (a pid, or an open pidfd
    // the caller owns), or, with `P_ALL`, nothing.
    unsafe { raw::waitid(idtype, id, &mut info, libc::WEXITED | options)? };
    // SAFETY: for a child's report (all `waitid` stores), `si_pid` and
    // `si_status` are the valid members of the union.
    let (pid, status) = unsafe { (info.si_pid(), info.si_status()) };
    // 0: `WNOHANG` found nothing to report (a child's pid is never 0).
    let Some(pid) = Pid::from_raw(pid) else {
        return Ok(None);
    };
    let code = info.si_code;
    let ended = matches!(code, libc::CLD_EXITED | libc::CLD_KILLED | libc::CLD_DUMPED);
    let status = match code {
        libc::CLD_EXITED => WaitStatus::Exited(status & 0xff),
        libc::CLD_CONTINUED => WaitStatus::Continued,
        _ => match Signal::from_raw(status) {
            Some(signal) if ended => WaitStatus::Signaled {
                signal,
                core_dumped: code == libc::CLD_DUMPED,
            },
            // CLD_STOPPED, CLD_TRAPPED.
            Some(signal) => WaitStatus::Stopped(signal),
            // A signal that is no `Signal` of this target (glibc's 32, 33):
            // the word `waitpid` would have stored, kept verbatim.
            None if ended => {
                WaitStatus::Unknown((status & 0x7f) | (c_int::from(code == libc::CLD_DUMPED) << 7))
            }
            None => WaitStatus::Unknown(((status & 0xff) << 8) | 0x7f),
        },
    };
    Ok(Some((pid, Report { status, ended })))
}
