use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `getpgid(pid)`—Returns the process group id of process `pid` (0: the
/// caller).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `ESRCH`: no process has that pid.
/// - `EPERM`: the process is in another session (some systems).
///
/// # Safety
/// No memory-safety precondition; unsafe only for the uniformity of the raw
/// layer.
///
/// # Examples
/// ```
/// use procsig::raw::getpgid;
///
/// // SAFETY: no precondition.
/// let mine = unsafe { getpgid(0) }?;
/// assert!(mine > 0);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getpgid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/setpgid.2.html)
#[inline(always)]
pub unsafe fn getpgid(pid: pid_t) -> Result<pid_t, Errno> {
    // SAFETY: an integer the kernel checks.
    let r = cvt(unsafe { libc::getpgid(pid) });
    trace!("getpgid({pid}) {}", super::trace::Ret(&r));
    r
}
