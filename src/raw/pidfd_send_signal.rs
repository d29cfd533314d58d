use core::ffi::{c_int, c_uint};
use core::ptr;

use libc::siginfo_t;

use crate::raw::cvt::cvt_long;
use crate::Errno;

/// `pidfd_send_signal(pidfd, sig, info, flags)`—Sends `sig` to the process
/// a pidfd refers to (Linux 5.1 and later).
///
/// Unlike [`kill`](super::kill), it cannot reach a process that took over
/// the pid: once the process the descriptor was opened for has been
/// reaped, it fails with `ESRCH`. An ended but unreaped process (a zombie)
/// can still be signalled, to no effect. `info` `None` sends as `kill`
/// does; `flags` must be 0. Called through `syscall(SYS_pidfd_send_signal,
/// …)`, as no C library procsig supports has needed a wrapper.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `ESRCH`: the process has been reaped.
/// - `EBADF`: `pidfd` is not an open descriptor; `EBADF` or `EINVAL` if it
///   is not a pidfd.
/// - `EINVAL`: `sig` is not a valid signal, or `flags` is not 0.
/// - `EPERM`: the caller may not signal that process.
/// - `ENOSYS`: the kernel is older than 5.1.
///
/// # Safety
/// No memory-safety precondition: `info` is `None` or a live `siginfo_t`.
/// A signal sent to the calling process runs whatever handler is installed.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pidfd_open, pidfd_send_signal};
///
/// // SAFETY: signal 0 is never delivered; we own the descriptor.
/// unsafe {
///     if let Ok(fd) = pidfd_open(libc::getpid(), 0) {
///         pidfd_send_signal(fd, 0, None, 0)?; // we exist
///         close(fd)?;
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/pidfd_send_signal.2.html)
#[doc(alias = "SYS_pidfd_send_signal")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn pidfd_send_signal(
    pidfd: c_int,
    sig: c_int,
    info: Option<&siginfo_t>,
    flags: c_uint,
) -> Result<(), Errno> {
    let info = info.map_or(ptr::null(), |i| i as *const siginfo_t);
    // SAFETY: integers the kernel checks, and `info` null or from a live
    // reference.
    let r =
        cvt_long(unsafe { libc::syscall(libc::SYS_pidfd_send_signal, pidfd, sig, info, flags) })
            .map(drop);
    trace!(
        "pidfd_send_signal({pidfd}, {}, {}, {flags}) {}",
        super::trace::Sig(sig),
        if info.is_null() { "NULL" } else { "{...}" },
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
