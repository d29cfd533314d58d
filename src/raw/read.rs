use core::ffi::c_int;

use crate::raw::cvt::cvt_size;
use crate::Errno;

/// `read(fd, buf, len)`—Reads at most `buf.len()` bytes from `fd`; returns
/// how many (0: end of file).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINTR`: a signal handler ran before anything was read.
/// - `EAGAIN`: `fd` is non-blocking and nothing is there.
/// - `EBADF`: `fd` is not open for reading.
///
/// # Safety
/// No memory-safety precondition: `buf` is a live slice. The caller should
/// own `fd` (or know what it reads from).
///
/// # Examples
/// ```
/// use procsig::raw::{close, pipe, read, write};
///
/// let mut fds = [-1; 2];
/// let mut buf = [0u8; 8];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     write(fds[1], b"abc")?;
///     assert_eq!(read(fds[0], &mut buf)?, 3);
///     close(fds[0])?;
///     close(fds[1])?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/read.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/read.2.html)
#[inline(always)]
pub unsafe fn read(fd: c_int, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the pointer and length come from a live `&mut [u8]`.
    let r = cvt_size(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) });
    trace!("read({fd}, {} bytes) {}", buf.len(), super::trace::Ret(&r));
    r
}
