use core::ffi::c_int;

use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `tcsetpgrp(fd, pgrp)`—Makes `pgrp` the foreground process group of the
/// terminal open on `fd`, which must be the caller's controlling terminal;
/// `pgrp` must be a group of the caller's session.
///
/// A shell gives the terminal to a job it runs in the foreground (`fg`),
/// and takes it back when the job stops or ends.
///
/// # The `SIGTTOU` rule
/// A caller in a **background** group of the terminal's session (which a
/// shell is, once it has given the terminal away) is sent `SIGTTOU`, to
/// its whole process group, instead of the change: its default action
/// stops the group, and a handler that returns makes the call fail with
/// `EINTR`. Only when the caller **blocks or ignores** `SIGTTOU` does the
/// kernel make the change (and send nothing). A caller in an orphaned
/// group gets `EIO` instead of the signal. The facade's
/// [`Terminal::give_to`](crate::Terminal::give_to) blocks `SIGTTOU` around
/// the call for this reason.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EBADF`: `fd` is not an open descriptor.
/// - `ENOTTY`: `fd` is not a terminal, or not the caller's controlling
///   terminal.
/// - `EPERM`: `pgrp` is no process group of the caller's session.
/// - `EINVAL`: `pgrp` is negative.
/// - `EINTR`: the caller was in the background, `SIGTTOU` neither blocked
///   nor ignored, and a handler for it ran.
/// - `EIO`: the caller was in the background in an orphaned group, with
///   `SIGTTOU` neither blocked nor ignored.
///
/// # Safety
/// No memory-safety precondition. Called from the background with
/// `SIGTTOU` at its default, it stops the caller's whole process group.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/tcsetpgrp.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/tcsetpgrp.3.html)
///
/// ```
/// use procsig::raw::{close, getpgrp, pipe, tcsetpgrp};
/// use procsig::Errno;
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once; on a pipe
/// // `tcsetpgrp` can only fail, and sends no signal.
/// unsafe {
///     pipe(&mut fds)?;
///     assert_eq!(tcsetpgrp(fds[0], getpgrp()), Err(Errno::ENOTTY));
///     close(fds[0])?;
///     close(fds[1])?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
pub unsafe fn tcsetpgrp(fd: c_int, pgrp: pid_t) -> Result<(), Errno> {
    // SAFETY: two integers the kernel checks; the C library passes its own
    // copy of `pgrp` to the `ioctl`.
    let r = cvt(unsafe { libc::tcsetpgrp(fd, pgrp) }).map(drop::<c_int>);
    trace!(
        "tcsetpgrp({fd}, {pgrp}) {}",
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
