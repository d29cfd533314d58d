use core::ffi::c_int;

use libc::{nfds_t, pollfd};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `poll(fds, nfds, timeout)`—Waits until one of the descriptors in `fds`
/// is ready, or `timeout` milliseconds pass (-1: no limit; 0: check and
/// return).
///
/// Returns how many entries have a non-zero `revents` (0: the timeout
/// expired). procsig polls pidfds, which become readable (`POLLIN`) when
/// the process they refer to ends.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINTR`: a signal handler ran before a descriptor was ready or the
///   timeout expired.
/// - `EINVAL`: `fds` is longer than `RLIMIT_NOFILE`.
/// - `ENOMEM`: the kernel could not allocate its table.
///
/// # Safety
/// No memory-safety precondition: `fds` is a live slice. The descriptors
/// should be open; a closed one is reported with `POLLNVAL`.
///
/// # Examples
/// ```
/// use procsig::raw::{close, pipe, poll, write};
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own both descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     let mut table = [libc::pollfd { fd: fds[0], events: libc::POLLIN, revents: 0 }];
///     assert_eq!(poll(&mut table, 0)?, 0); // nothing to read yet
///     write(fds[1], b"x")?;
///     assert_eq!(poll(&mut table, 0)?, 1);
///     close(fds[0])?;
///     close(fds[1])?;
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/poll.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/poll.2.html)
#[inline(always)]
pub unsafe fn poll(fds: &mut [pollfd], timeout: c_int) -> Result<c_int, Errno> {
    // A slice's length fits `nfds_t` on every target procsig builds for.
    let nfds = fds.len() as nfds_t;
    // SAFETY: the pointer and length come from a live `&mut [pollfd]`.
    let r = cvt(unsafe { libc::poll(fds.as_mut_ptr(), nfds, timeout) });
    trace!("poll({nfds} fds, {timeout}) {}", super::trace::Ret(&r));
    r
}
