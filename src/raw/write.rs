use core::ffi::c_int;

use crate::raw::cvt::cvt_size;
use crate::Errno;

/// `write(fd, buf, len)`—Writes at most `buf.len()` bytes to `fd`; returns
/// how many.
///
/// To a pipe, a write of at most `PIPE_BUF` bytes is all or nothing.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINTR`: a signal handler ran before anything was written.
/// - `EPIPE`: a pipe with no reader (and `SIGPIPE` is sent, unless it is
///   blocked or ignored).
/// - `EBADF`: `fd` is not open for writing.
///
/// # Safety
/// No memory-safety precondition: `buf` is a live slice. The caller should
/// own `fd` (or know what it writes to).
///
/// # Examples
/// ```
/// use procsig::raw::write;
///
/// // SAFETY: writes to stderr, which this process owns.
/// assert_eq!(unsafe { write(2, b"") }?, 0);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/write.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/write.2.html)
#[inline(always)]
pub unsafe fn write(fd: c_int, buf: &[u8]) -> Result<usize, Errno> {
    // SAFETY: the pointer and length come from a live `&[u8]`.
    let r = cvt_size(unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) });
    trace!("write({fd}, {} bytes) {}", buf.len(), super::trace::Ret(&r));
    r
}
