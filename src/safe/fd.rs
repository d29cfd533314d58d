//! Keeping the crate's descriptors off 0, 1 and 2.
//!
//! A new descriptor takes the lowest free number. In a program launched
//! with its standard descriptors closed (`prog <&- >&-`; the Rust runtime
//! reopens them on `/dev/null` before `main`, but a `#![no_main]` or C
//! program does not), a pipe or pidfd the crate opens would then *be*
//! standard input or output: output written before anyone reopens fd 1
//! would land in it, and every process forked later would take it as its
//! standard output. So every descriptor the crate keeps is moved above 2.

use core::ffi::c_int;

use crate::{raw, Errno};

/// `fcntl(fd, F_DUPFD_CLOEXEC, 3)`, then `close(fd)`—Returns `fd` if it is
/// above 2, else a close-on-exec copy of it numbered 3 or more, closing
/// `fd`. Takes ownership of `fd`: on an error (`EMFILE`: no number above 2
/// is free) it is closed and the error returned.
///
/// Async-signal-safe: yes. System calls: none (`fd` above 2); else
/// `fcntl`, `close`.
pub(crate) fn above_stdio(fd: c_int) -> Result<c_int, Errno> {
    // Not `(0..=2).contains`, which is a function of its own in a
    // size-optimised binary (28 bytes and its unwind entry).
    #[allow(clippy::manual_range_contains)]
    if fd < 0 || fd > 2 {
        return Ok(fd);
    }
    // SAFETY: F_DUPFD_CLOEXEC takes an int (the lowest number to use); the
    // copy is owned by the caller from here.
    let moved = unsafe { raw::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    // SAFETY: `fd` is ours (the caller handed it over) and, copied or not,
    // nothing uses it after this.
    let _ = unsafe { raw::close(fd) };
    moved
}

/// [`above_stdio`] for both ends of a new pipe: on an error both are
/// closed.
pub(crate) fn pipe_above_stdio(fds: [c_int; 2]) -> Result<[c_int; 2], Errno> {
    // Both ends moved, then one error path: an end that failed is closed
    // already (`above_stdio`), the other one is closed here.
    match (above_stdio(fds[0]), above_stdio(fds[1])) {
        (Ok(read), Ok(write)) => Ok([read, write]),
        (Ok(fd), Err(e)) | (Err(e), Ok(fd)) => {
            // SAFETY: the other end, ours, used by nothing after this.
            let _ = unsafe { raw::close(fd) };
            Err(e)
        }
        (Err(e), Err(_)) => Err(e),
    }
}
