use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `fcntl(fd, cmd, arg)`—Reads or changes a property of a file
/// descriptor, for the commands whose argument is an `int` (or that take
/// none): `F_GETFD`/`F_SETFD` (the close-on-exec flag, `FD_CLOEXEC`),
/// `F_GETFL`/`F_SETFL` (`O_NONBLOCK`, …), `F_DUPFD_CLOEXEC`.
///
/// procsig's `ordered` runner calls it with `F_DUPFD_CLOEXEC` to hold a
/// descriptor free for the pidfd of the child it is about to fork; and on
/// macOS, which has no `pipe2`, with `F_SETFD` to make each end of a new
/// [`pipe`](super::pipe) close-on-exec. Between those two calls another
/// thread's `fork` + `exec` can still inherit the ends; see `pipe2` where
/// the target has it.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EBADF`: `fd` is not open.
/// - `EINVAL`: `cmd` is unknown, or `arg` is out of range for it.
///
/// # Safety
/// `cmd` must be a command that takes an `int` argument or none: a command
/// that reads or writes through a pointer (`F_GETLK`, `F_SETLK`, …) would
/// take `arg` for an address. The caller must own `fd` (or know what it
/// changes): the flags of a descriptor other code uses are its business.
///
/// # Examples
/// ```
/// use procsig::raw::{close, fcntl, pipe};
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once; F_GETFD and
/// // F_SETFD take an int.
/// unsafe {
///     pipe(&mut fds)?;
///     assert_eq!(fcntl(fds[0], libc::F_GETFD, 0)? & libc::FD_CLOEXEC, 0);
///     fcntl(fds[0], libc::F_SETFD, libc::FD_CLOEXEC)?;
///     assert_ne!(fcntl(fds[0], libc::F_GETFD, 0)? & libc::FD_CLOEXEC, 0);
///     fds.into_iter().try_for_each(|fd| close(fd))?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fcntl.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/fcntl.2.html)
/// - [macOS](https://developer.apple.com/library/archive/documentation/System/Conceptual/ManPages_iPhoneOS/man2/fcntl.2.html)
#[inline(always)]
pub unsafe fn fcntl(fd: c_int, cmd: c_int, arg: c_int) -> Result<c_int, Errno> {
    // SAFETY: the caller passes a command whose argument is an int (or
    // none, where the extra argument is ignored), so nothing is read or
    // written through `arg`.
    let r = cvt(unsafe { libc::fcntl(fd, cmd, arg) });
    trace!("fcntl({fd}, {cmd}, {arg}) {}", super::trace::Ret(&r));
    r
}
