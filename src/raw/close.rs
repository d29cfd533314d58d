use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `close(fd)`—Closes a file descriptor.
///
/// procsig closes the pidfds it opens. On Linux the descriptor is released
/// even when `close` reports an error, so it must never be retried (a
/// retry could close a descriptor another thread has just opened).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EBADF`: `fd` is not open.
/// - `EINTR`, `EIO`: reported by some file systems; the descriptor is closed
///   all the same on Linux.
///
/// # Safety
/// The caller must own `fd`: closing a descriptor that other code still
/// uses makes its later reads, writes or closes hit whatever file takes the
/// number next.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pipe};
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     close(fds[0])?;
///     close(fds[1])?;
///     assert_eq!(close(fds[1]), Err(procsig::Errno::EBADF)); // already closed
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/close.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/close.2.html)
#[inline(always)]
pub unsafe fn close(fd: c_int) -> Result<(), Errno> {
    // SAFETY: the caller owns `fd` (see `# Safety`).
    let r = cvt(unsafe { libc::close(fd) }).map(drop);
    trace!("close({fd}) {}", super::trace::Ret(&super::trace::zero(&r)));
    r
}
