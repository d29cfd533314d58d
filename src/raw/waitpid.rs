use core::ffi::c_int;
use core::ptr;

use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `waitpid(pid, status, options)`—Waits for a child to change state and
/// reports it.
///
/// `pid > 0` waits for that child; `-1` for any child; `0` for any child in
/// the caller's process group; `< -1` for any child in group `-pid`.
/// `options` is a combination of `WNOHANG` (return `Ok(0)` at once if no
/// child has changed state), `WUNTRACED` (also report children that
/// stopped) and `WCONTINUED` (also report children resumed by `SIGCONT`).
/// Returns the pid of the child whose state is stored in `status`; an exited
/// or killed child is reaped by this call and its pid may then be reused.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `ECHILD`: no such child, or every matching child was already reaped,
///   or `SIGCHLD` is ignored (`SIG_IGN` or `SA_NOCLDWAIT`) so children are
///   reaped automatically — then `waitpid` blocks until they have all
///   exited and reports `ECHILD`.
/// - `EINTR`: a signal handler ran while it blocked (`WNOHANG` unset).
/// - `EINVAL`: `options` has unknown bits (e.g. -1).
///
/// # Safety
/// No memory-safety precondition: `status` is `None` or a live `c_int`.
/// Waiting for `-1` or a group can reap children that other code in the
/// process is waiting for.
///
/// # Examples
/// ```
/// use procsig::raw::{_exit, fork, waitpid};
///
/// // SAFETY: the child calls only `_exit`; we wait for that one child.
/// unsafe {
///     let pid = fork()?;
///     if pid == 0 {
///         _exit(0);
///     }
///     assert_eq!(waitpid(pid, None, 0)?, pid);
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/waitpid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/waitpid.2.html)
#[inline(always)]
pub unsafe fn waitpid(
    pid: pid_t,
    status: Option<&mut c_int>,
    options: c_int,
) -> Result<pid_t, Errno> {
    let status = status.map_or(ptr::null_mut(), |s| s as *mut c_int);
    // SAFETY: `status` is null or comes from a live `&mut c_int`.
    let r = cvt(unsafe { libc::waitpid(pid, status, options) });
    #[cfg(feature = "trace")]
    {
        use super::trace::{emit, Flags, Ret, Status, WAITPID_FLAGS};
        let flags = Flags(options, WAITPID_FLAGS);
        // SAFETY: `status` is null or the caller's live word, written by
        // the call when it reported a child.
        match (r, unsafe { status.as_ref() }) {
            (Ok(p), Some(&word)) if p > 0 => emit(format_args!(
                "waitpid({pid}, {flags}) {} {}",
                Ret(&r),
                Status(word)
            )),
            _ => emit(format_args!("waitpid({pid}, {flags}) {}", Ret(&r))),
        }
    }
    r
}
