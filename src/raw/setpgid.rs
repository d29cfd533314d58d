use core::ffi::c_int;

use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `setpgid(pid, pgid)`—Moves process `pid` (0: the caller) into process
/// group `pgid` (0: a new group whose id is `pid`).
///
/// Shells, and procsig's [`ForkOptions::own_group`](crate::ForkOptions::own_group),
/// call it on both sides of a `fork`: the child for itself, so that the
/// group exists before the child runs its own code, and the parent for
/// the child, so that it exists before the parent signals the group.
/// Whichever runs second finds the work done (or gets `EACCES` once the
/// child has called `exec`).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EACCES`: `pid` is a child that has already called `exec`.
/// - `EINVAL`: `pgid` is negative.
/// - `EPERM`: `pid` is a session leader, or `pgid` names a group in another
///   session, or `pid` is a child in another session.
/// - `ESRCH`: `pid` is neither the caller nor one of its children.
///
/// # Safety
/// No memory-safety precondition. Moving a process between groups changes
/// which group signals (`kill(-pgid)`, the terminal's Ctrl-C) reach it.
///
/// # Examples
/// ```
/// use procsig::raw::{_exit, fork, getpgid, setpgid, waitpid};
///
/// // SAFETY: the child calls only async-signal-safe functions and `_exit`.
/// unsafe {
///     let pid = fork()?;
///     if pid == 0 {
///         let _ = setpgid(0, 0); // both sides, as shells do
///         _exit(0);
///     }
///     let _ = setpgid(pid, pid); // EACCES would mean it already exec'd
///     assert_eq!(getpgid(pid)?, pid);
///     waitpid(pid, None, 0)?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/setpgid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/setpgid.2.html)
#[inline(always)]
pub unsafe fn setpgid(pid: pid_t, pgid: pid_t) -> Result<(), Errno> {
    // SAFETY: two integers the kernel checks.
    let r = cvt(unsafe { libc::setpgid(pid, pgid) }).map(drop::<c_int>);
    trace!(
        "setpgid({pid}, {pgid}) {}",
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
