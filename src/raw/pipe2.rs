use core::ffi::c_int;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `pipe2(fds, flags)`—Creates a pipe, as [`pipe`](super::pipe), with
/// flags set on both ends in the same call: `O_CLOEXEC` (close-on-exec),
/// `O_NONBLOCK`.
///
/// With `O_CLOEXEC` no other thread's `fork` + `exec` can hand the new
/// descriptors to a program it runs, not even between two calls: with
/// `pipe` followed by `fcntl(FD_CLOEXEC)` there is a window in which they
/// are inherited. A stray copy of a pipe's write end in a long-running
/// program keeps the read end from ever reporting end of file. Every pipe
/// procsig makes is made this way where the target has `pipe2` (Linux,
/// Android, FreeBSD, DragonFly, NetBSD, OpenBSD, illumos; not macOS, which
/// has only `pipe`).
///
/// Async-signal-safe: yes (a system call; POSIX.1-2024 lists it).
///
/// # Errors
/// - `EMFILE`, `ENFILE`: no descriptor is free.
/// - `EINVAL`: a flag this system does not know.
///
/// # Safety
/// No memory-safety precondition. The caller owns both descriptors and
/// must close each once.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pipe2};
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe2(&mut fds, libc::O_CLOEXEC)?;
///     for fd in fds {
///         // Both ends are close-on-exec from the start.
///         assert_ne!(libc::fcntl(fd, libc::F_GETFD) & libc::FD_CLOEXEC, 0);
///         close(fd)?;
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pipe.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/pipe2.2.html)
/// - [FreeBSD](https://man.freebsd.org/cgi/man.cgi?query=pipe2&sektion=2)
#[doc(alias = "pipe")]
#[inline(always)]
pub unsafe fn pipe2(fds: &mut [c_int; 2], flags: c_int) -> Result<(), Errno> {
    // SAFETY: `fds` is a live array of two ints, which is all the call
    // writes; `flags` is passed by value (an unknown flag is EINVAL).
    let r = cvt(unsafe { libc::pipe2(fds.as_mut_ptr(), flags) }).map(drop);
    trace!(
        "pipe2([{}, {}], {flags:#x}) {}",
        fds[0],
        fds[1],
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
