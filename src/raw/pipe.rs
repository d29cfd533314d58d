use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `pipe(fds)`—Creates a pipe: `fds[0]` is its read end, `fds[1]` its
/// write end.
///
/// Writes of at most `PIPE_BUF` bytes (4096 on Linux, at least 512
/// anywhere) are atomic: records from several writers never interleave.
/// Once every copy of the write end is closed, the read end reports end of
/// file (and `POLLHUP`), which is how procsig's `ordered` module learns
/// that a job's process has ended where there are no pidfds.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EMFILE`, `ENFILE`: no descriptor is free.
///
/// # Safety
/// No memory-safety precondition. The caller owns both descriptors and
/// must close each once; they are not close-on-exec: another thread's
/// `fork` + `exec` hands them to the program it runs. Where the target has
/// it, `pipe2` with `O_CLOEXEC` makes a pipe that cannot be
/// inherited so; procsig itself uses `pipe` only on macOS, which has no
/// `pipe2`.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pipe, read, write};
///
/// let mut fds = [-1; 2];
/// let mut buf = [0u8; 2];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     write(fds[1], b"hi")?;
///     close(fds[1])?;
///     assert_eq!(read(fds[0], &mut buf)?, 2);
///     assert_eq!(read(fds[0], &mut buf)?, 0); // end of file: no writer left
///     close(fds[0])?;
/// }
/// assert_eq!(&buf, b"hi");
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pipe.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/pipe.2.html)
#[inline(always)]
pub unsafe fn pipe(fds: &mut [c_int; 2]) -> Result<(), Errno> {
    // SAFETY: `fds` is a live array of two ints.
    let r = cvt(unsafe { libc::pipe(fds.as_mut_ptr()) }).map(drop);
    trace!(
        "pipe([{}, {}]) {}",
        fds[0],
        fds[1],
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
