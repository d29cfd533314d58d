//! Taking a signal the kqueue reported, on FreeBSD: `sigtimedwait` with a
//! zero timeout, which reads the kernel's `siginfo_t` (sender, value,
//! code).

use core::ffi::c_int;

use super::Took;
use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::safe::sigset::siginfo::SigInfo;
use crate::safe::sigset::SigSet;
use crate::{raw, Errno};

/// FreeBSD's `si_code` values (`<sys/signal.h>`), which the `libc` crate
/// does not define there: `kill`, `sigqueue`, and `thr_kill` (a
/// thread-directed send).
const SI_USER: c_int = 0x10001;
const SI_QUEUE: c_int = 0x10002;
const SI_LWP: c_int = 0x10007;

/// Takes one pending signal of `set` (blocked: the guard's), without
/// waiting; [`Took::Nothing`] if none is pending (another thread took it
/// first, or the report counted a send that had coalesced with one
/// already taken). `EINTR` is retried.
///
/// [`Took::Pending`]: the zero-timeout `sigtimedwait` failed (`EAGAIN`)
/// though a signal of `set` is pending. FreeBSD's `kern_sigtimedwait`
/// asks `cursig` for the one signal this thread would take next, the
/// lowest-numbered pending one its mask (less `set`) lets through: a
/// handled signal that this thread does not block, numbered below, comes
/// first; it is not in `set`, and with no time to wait the call fails.
/// That signal's handler runs as the call returns, so the next take
/// finds `set`'s: the caller takes again soon. (`sigpending` there is
/// the process's pending signals and the thread's.)
pub(super) fn take_one(set: &SigSet) -> Result<Took, Errno> {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `siginfo_t` is plain data, valid all zeros.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    loop {
        // SAFETY: the set is blocked (the guard's); `info` and `zero` live.
        match unsafe { raw::sigtimedwait(set.as_sigset_t(), Some(&mut info), Some(&zero)) } {
            Ok(_) => return from_siginfo(&info).map(Took::Signal),
            Err(Errno::EAGAIN) => {
                let pending = SigSet::pending()?;
                return Ok(if set.iter().any(|sig| pending.contains(sig)) {
                    Took::Pending
                } else {
                    Took::Nothing
                });
            }
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// What FreeBSD's `siginfo_t` says of one signal.
fn from_siginfo(info: &libc::siginfo_t) -> Result<SigInfo, Errno> {
    let signal = Signal::from_raw(info.si_signo).ok_or(Errno::EINVAL)?;
    let code = info.si_code;
    // A SIGCHLD's codes are CLD_EXITED (1) to CLD_CONTINUED (6), with the
    // child's pid.
    let from_a_process =
        matches!(code, SI_USER | SI_QUEUE | SI_LWP) || (signal == Signal::CHLD && code > 0);
    let sender = if from_a_process {
        // SAFETY: for these codes the kernel fills `si_pid`.
        Pid::from_raw(unsafe { info.si_pid() })
    } else {
        None
    };
    let value = (code == SI_QUEUE).then(|| {
        // SAFETY: for SI_QUEUE the kernel fills `si_value`.
        unsafe { info.si_value() }.sival_ptr as usize
    });
    Ok(SigInfo {
        signal,
        sender,
        value,
        code,
        detailed: true,
    })
}
