use core::ffi::c_int;

use libc::sigset_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `signalfd(fd, mask, flags)`—Makes a file descriptor from which the
/// signals of `mask` are read instead of delivered (Linux).
///
/// With `fd` -1 it creates a new descriptor; with an existing signalfd it
/// replaces that descriptor's mask. A `read` of it dequeues pending
/// signals of `mask` (the calling thread's own and the process's) as
/// `sigwaitinfo` would, one `signalfd_siginfo` record of 128 bytes per
/// signal; it is readable (`poll`, `epoll`) while one of them is pending.
/// Only signals that are **blocked** stay pending: an unblocked one is
/// delivered as usual and never reaches the descriptor. Standard signals
/// coalesce there too (three `SIGUSR1` sent before a read are one record);
/// real-time signals queue (three are three). Flags: `SFD_CLOEXEC`
/// (close-on-exec), `SFD_NONBLOCK` (a read with nothing pending fails with
/// `EAGAIN`). After `fork` the child's copy reads the *child's* pending
/// signals, not the parent's.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINVAL`: unknown `flags`, or `fd` is not a signalfd.
/// - `EBADF`: `fd` is neither -1 nor open.
/// - `EMFILE`, `ENFILE`: no file descriptor is free.
/// - `ENOMEM`: the kernel could not allocate it.
///
/// # Safety
/// No memory-safety precondition: `mask` is a live set. The caller owns a
/// new descriptor and must [`close`](super::close) it exactly once.
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/signalfd.2.html)
///
/// ```
/// use procsig::raw::{close, read, signalfd};
/// use procsig::{kill, Pid, SigSet, Signal};
///
/// let usr1 = SigSet::from(Signal::USR1);
/// let _guard = usr1.block()?; // only a blocked signal stays pending
/// kill(Pid::this(), Signal::USR1)?;
/// let mut record = [0u8; 128]; // one `signalfd_siginfo`
/// // SAFETY: we own the descriptor and close it once.
/// unsafe {
///     let fd = signalfd(-1, usr1.as_sigset_t(), libc::SFD_CLOEXEC | libc::SFD_NONBLOCK)?;
///     assert_eq!(read(fd, &mut record)?, 128);
///     assert_eq!(read(fd, &mut record), Err(procsig::Errno::EAGAIN)); // dequeued
///     close(fd)?;
/// }
/// assert_eq!(u32::from_ne_bytes(record[..4].try_into().unwrap()), libc::SIGUSR1 as u32);
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn signalfd(fd: c_int, mask: &sigset_t, flags: c_int) -> Result<c_int, Errno> {
    // SAFETY: `mask` is a live `sigset_t` the call only reads; the kernel
    // checks `fd` and `flags`.
    let r = cvt(unsafe { libc::signalfd(fd, mask, flags) });
    trace!(
        "signalfd({fd}, {{...}}, {flags:#x}) {}",
        super::trace::Ret(&r)
    );
    r
}
