use core::ffi::c_int;

use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `tcgetpgrp(fd)`—Returns the foreground process group of the terminal
/// open on `fd`, which must be the caller's controlling terminal.
///
/// The foreground group is the one the terminal's line discipline sends
/// `SIGINT` (Ctrl-C), `SIGQUIT` and `SIGTSTP` (Ctrl-Z) to, and the only one
/// that may read from it without being stopped by `SIGTTIN`. Any process
/// of the session may ask, from the foreground or the background.
///
/// Linux returns 0 when the terminal has no foreground group (its last
/// member has ended) or the group's leader is outside the caller's pid
/// namespace; POSIX allows any value above 1 that names no existing group.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EBADF`: `fd` is not an open descriptor.
/// - `ENOTTY`: `fd` is not a terminal, or not the caller's controlling
///   terminal.
///
/// # Safety
/// No memory-safety precondition; unsafe only for the uniformity of the raw
/// layer.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/tcgetpgrp.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/tcgetpgrp.3.html)
///
/// ```
/// use procsig::raw::{close, pipe, tcgetpgrp};
/// use procsig::Errno;
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     assert_eq!(tcgetpgrp(fds[0]), Err(Errno::ENOTTY)); // not a terminal
///     close(fds[0])?;
///     close(fds[1])?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
pub unsafe fn tcgetpgrp(fd: c_int) -> Result<pid_t, Errno> {
    // SAFETY: an integer the kernel checks; the C library passes its own
    // buffer to the `ioctl`.
    let r = cvt(unsafe { libc::tcgetpgrp(fd) });
    trace!("tcgetpgrp({fd}) {}", super::trace::Ret(&r));
    r
}
