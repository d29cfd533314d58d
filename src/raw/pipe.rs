use core::ffi::c_int;

use crate::errno::{cvt, Errno};

/// `pipe(fds)`—Creates a pipe: `fds[0]` is its read end, `fds[1]` its
/// write end.
///
/// Writes of at most `PIPE_BUF` bytes (4096 on Linux, at least 512
/// anywhere) are atomic: records from several writers never interleave.
/// Once every copy of the write end is closed, the read end reports end of
/// file (and `POLLHUP`), which is how [`ordered`](crate::ordered) learns
/// that a job's process has ended where there are no pidfds.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EMFILE`, `ENFILE`: no descriptor is free.
///
/// # Safety
/// No memory-safety precondition. The caller owns both descriptors and
/// must close each once; they are not close-on-exec.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pipe.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/pipe.2.html)
#[inline(always)]
pub unsafe fn pipe(fds: &mut [c_int; 2]) -> Result<(), Errno> {
    // SAFETY: `fds` is a live array of two ints.
    cvt(unsafe { libc::pipe(fds.as_mut_ptr()) }).map(drop)
}
