use core::ffi::c_int;

use libc::{id_t, idtype_t, siginfo_t};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `waitid(idtype, id, info, options)`—Waits for a child to change state
/// and stores what happened in `info`.
///
/// `idtype` says what `id` is: `P_PID` (one child), `P_PGID` (a process
/// group), `P_ALL` (any child), or, on Linux 5.4 and later, `P_PIDFD` (the
/// child a pidfd refers to: immune to pid reuse). `options` must name at
/// least one of `WEXITED`, `WSTOPPED`, `WCONTINUED`, and may add `WNOHANG`
/// (return at once; `info.si_pid` is then 0 if nothing changed) and
/// `WNOWAIT` (report without reaping: a later wait sees the same state).
/// Unlike [`waitpid`](super::waitpid) it returns no status word: the child's
/// `si_code` (`CLD_EXITED`, `CLD_KILLED`, `CLD_DUMPED`, `CLD_STOPPED`,
/// `CLD_TRAPPED`, `CLD_CONTINUED`) and `si_status` (exit code or signal)
/// are in `info`.
///
/// Async-signal-safe: no in POSIX's list, but it is one system call on
/// Linux and the BSDs.
///
/// # Errors
/// - `ECHILD`: no such child, or it was already reaped (by an earlier wait,
///   or by the kernel because `SIGCHLD` is ignored); for `P_PIDFD`, the
///   process the pidfd refers to is not a child of the caller.
/// - `EINTR`: a signal handler ran while it blocked.
/// - `EINVAL`: `options` names no state or has unknown bits, or `idtype`
///   is unknown (`P_PIDFD` before Linux 5.4).
/// - `EBADF`: with `P_PIDFD`, `id` is not an open descriptor.
///
/// # Safety
/// No memory-safety precondition: `info` is a live `siginfo_t`. Waiting for
/// `P_ALL` or a group can reap children that other code in the process is
/// waiting for.
///
/// # Examples
/// ```
/// use procsig::raw::{_exit, fork, waitid};
///
/// // SAFETY: the child calls only `_exit`; `info` is a live siginfo_t.
/// unsafe {
///     let pid = fork()?;
///     if pid == 0 {
///         _exit(5);
///     }
///     let mut info: libc::siginfo_t = std::mem::zeroed();
///     waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED)?;
///     assert_eq!((info.si_code, info.si_status()), (libc::CLD_EXITED, 5));
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/waitid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/waitid.2.html)
#[inline(always)]
pub unsafe fn waitid(
    idtype: idtype_t,
    id: id_t,
    info: &mut siginfo_t,
    options: c_int,
) -> Result<(), Errno> {
    // SAFETY: `info` comes from a live `&mut siginfo_t`.
    let r = cvt(unsafe { libc::waitid(idtype, id, info, options) }).map(drop);
    trace!(
        "waitid({}, {id}, {}) {}",
        super::trace::IdType(idtype),
        super::trace::Flags(options, super::trace::WAITID_FLAGS),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
