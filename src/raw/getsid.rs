use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `getsid(pid)`—Returns the session id of process `pid` (0: the caller):
/// the pid of its session's leader.
///
/// Linux returns 0 when the session's leader is outside the caller's pid
/// namespace (a process started by `unshare --pid --fork` without a new
/// session sees its session that way).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `ESRCH`: no process has that pid.
/// - `EPERM`: the process is in another session (some systems; not Linux).
///
/// # Safety
/// No memory-safety precondition; unsafe only for the uniformity of the raw
/// layer.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getsid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getsid.2.html)
///
/// ```
/// use procsig::raw::getsid;
///
/// // SAFETY: no precondition.
/// let mine = unsafe { getsid(0) }?;
/// assert!(mine >= 0);
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
pub unsafe fn getsid(pid: pid_t) -> Result<pid_t, Errno> {
    // SAFETY: an integer the kernel checks.
    let r = cvt(unsafe { libc::getsid(pid) });
    trace!("getsid({pid}) {}", super::trace::Ret(&r));
    r
}
