use core::ffi::c_int;

use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `kill(pid, sig)`—Sends a signal to a process or a process group.
///
/// `pid > 0` names one process; `0` every process in the caller's process
/// group; `-1` every process the caller may signal except init and itself;
/// `pid < -1` every process in the group `-pid`. `sig == 0` sends nothing
/// but still checks that the target exists and may be signalled.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINVAL`: `sig` is not a valid signal number (e.g. 65, 2000, -1 on
///   Linux).
/// - `EPERM`: the caller may not signal the target (different real or
///   effective user id and no `CAP_KILL`), or, for a group, any member.
/// - `ESRCH`: no process or group has that id. A zombie (exited, not yet
///   reaped) still exists: it can be signalled without error until reaped.
///
/// # Safety
/// No memory-safety precondition. A signal sent to the calling process runs
/// whatever handler was installed for it, and `pid` 0 or -1 reaches
/// processes the caller did not create; the caller is responsible for both.
///
/// # Examples
/// ```
/// use procsig::raw::kill;
///
/// // SAFETY: signal 0 is never delivered.
/// unsafe {
///     kill(libc::getpid(), 0)?; // we exist
///     assert_eq!(kill(libc::getpid(), 2000), Err(procsig::Errno::EINVAL));
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/kill.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/kill.2.html)
#[inline(always)]
pub unsafe fn kill(pid: pid_t, sig: c_int) -> Result<(), Errno> {
    // SAFETY: both arguments are plain integers that the kernel validates.
    let r = cvt(unsafe { libc::kill(pid, sig) }).map(drop);
    trace!(
        "kill({pid}, {}) {}",
        super::trace::Sig(sig),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
