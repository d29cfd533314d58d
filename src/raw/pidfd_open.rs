use core::ffi::{c_int, c_uint};

use libc::pid_t;

use crate::raw::cvt::cvt_long;
use crate::Errno;

/// `pidfd_open(pid, flags)`—Opens a file descriptor that refers to the
/// process `pid` itself, not to its number (Linux 5.3 and later).
///
/// The descriptor keeps naming that one process after it ends and after its
/// pid is reused: [`pidfd_send_signal`](super::pidfd_send_signal) through it
/// fails with `ESRCH` once the process is reaped, whatever process has the
/// number by then. It is close-on-exec, becomes readable ([`poll`](super::poll))
/// when the process ends (not when it stops), and, for a child of the
/// caller, can be waited on with [`waitid`](super::waitid) and `P_PIDFD`
/// (Linux 5.4 and later). glibc 2.36 added a `pidfd_open` function; this
/// calls the system call through `syscall(SYS_pidfd_open, …)` so that older
/// C libraries and musl work too.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `ESRCH`: no process has that pid (for a child: it was already reaped,
///   e.g. by the kernel because `SIGCHLD` is ignored).
/// - `EINVAL`: `flags` has unknown bits, or `pid` is not positive.
/// - `ENOSYS`: the kernel is older than 5.3.
/// - `EMFILE`, `ENFILE`: no file descriptor is free.
///
/// # Safety
/// No memory-safety precondition. The caller owns the returned descriptor
/// and must [`close`](super::close) it exactly once. A pid that is not a
/// child of the caller may already name a different process than the
/// caller thinks; only for an unreaped child is the pid certain to be it.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pidfd_open};
///
/// // SAFETY: we own the descriptor and close it.
/// unsafe {
///     if let Ok(fd) = pidfd_open(libc::getpid(), 0) {
///         // (ENOSYS on a kernel before 5.3)
///         close(fd)?;
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/pidfd_open.2.html)
#[doc(alias = "SYS_pidfd_open")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn pidfd_open(pid: pid_t, flags: c_uint) -> Result<c_int, Errno> {
    // SAFETY: the system call takes two integers; the kernel checks both.
    let r = cvt_long(unsafe { libc::syscall(libc::SYS_pidfd_open, pid, flags) })
        // A descriptor is a non-negative `int`.
        .and_then(|fd| c_int::try_from(fd).map_err(|_| Errno::EINVAL));
    trace!("pidfd_open({pid}, {flags}) {}", super::trace::Ret(&r));
    r
}
