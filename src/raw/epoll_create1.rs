use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `epoll_create1(flags)`—Creates an epoll instance: a kernel-side set of
/// descriptors to wait on, registered once with
/// [`epoll_ctl`](super::epoll_ctl) and waited on with
/// [`epoll_wait`](super::epoll_wait) (Linux).
///
/// Unlike [`poll`](super::poll), whose cost grows with the table passed on
/// every call, a wait costs about the same whether one or a thousand
/// descriptors are registered. Flags: `EPOLL_CLOEXEC` (close-on-exec).
/// After `fork` the child shares the *same* instance with the parent:
/// either process's waits take from the one ready list.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINVAL`: unknown `flags`.
/// - `EMFILE`, `ENFILE`: no file descriptor is free.
/// - `ENOMEM`: the kernel could not allocate it.
///
/// # Safety
/// No memory-safety precondition. The caller owns the descriptor and must
/// [`close`](super::close) it exactly once.
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/epoll_create1.2.html)
///
/// ```
/// use procsig::raw::{close, epoll_create1};
///
/// // SAFETY: we own the descriptor and close it once.
/// unsafe {
///     let ep = epoll_create1(libc::EPOLL_CLOEXEC)?;
///     close(ep)?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "epoll_create")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn epoll_create1(flags: c_int) -> Result<c_int, Errno> {
    // SAFETY: one integer argument, which the kernel checks.
    let r = cvt(unsafe { libc::epoll_create1(flags) });
    trace!("epoll_create1({flags:#x}) {}", super::trace::Ret(&r));
    r
}
