use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `kqueue()`—Creates a kernel event queue and returns its descriptor
/// (macOS and the BSDs).
///
/// Events are registered with, and collected by, [`kevent`](super::kevent).
/// A kqueue is not inherited by a child of `fork`, but survives `exec`
/// unless `FD_CLOEXEC` is set on it ([`fcntl`](super::fcntl)); procsig sets
/// it at once. Close it with [`close`](super::close).
///
/// Async-signal-safe: yes in practice (a system call; not on POSIX's list,
/// which does not know it).
///
/// # Errors
/// - `EMFILE`, `ENFILE`: no descriptor is free.
/// - `ENOMEM`: the kernel could not allocate the queue.
///
/// # Safety
/// No memory-safety precondition; the caller owns the descriptor it gets
/// and must close it once.
///
/// # Examples
/// ```no_run
/// # #[cfg(target_vendor = "apple")] {
/// use procsig::raw::{close, kqueue};
///
/// // SAFETY: the descriptor is closed once, below.
/// let kq = unsafe { kqueue() }?;
/// unsafe { close(kq) }?;
/// # }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [FreeBSD](https://man.freebsd.org/cgi/man.cgi?query=kqueue&sektion=2)
/// - [macOS](https://developer.apple.com/library/archive/documentation/System/Conceptual/ManPages_iPhoneOS/man2/kqueue.2.html)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(any(target_vendor = "apple", target_os = "freebsd"))))]
pub unsafe fn kqueue() -> Result<c_int, Errno> {
    // SAFETY: no arguments; the descriptor is the caller's.
    let r = cvt(unsafe { libc::kqueue() });
    trace!("kqueue() {}", super::trace::Ret(&r));
    r
}
