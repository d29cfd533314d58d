use core::ffi::c_int;

use libc::epoll_event;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `epoll_wait(epfd, events, maxevents, timeout)`—Waits until one of the
/// descriptors registered in `epfd` is ready, or `timeout` milliseconds
/// pass (-1: no limit; 0: check and return); fills `events` with up to
/// `events.len()` reports and returns how many (0: the timeout expired)
/// (Linux).
///
/// Each report carries the `u64` given at registration and what is ready
/// (`EPOLLIN`, `EPOLLOUT`, `EPOLLHUP`, `EPOLLERR`). Its cost does not grow
/// with the number of registered descriptors, unlike [`poll`](super::poll).
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINTR`: a signal handler ran before anything was ready or the
///   timeout expired.
/// - `EBADF`, `EINVAL`: `epfd` is no epoll instance, or `events` is empty.
///
/// # Safety
/// No memory-safety precondition: `events` is a live slice.
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/epoll_wait.2.html)
///
/// ```
/// use procsig::raw::{close, epoll_create1, epoll_ctl, epoll_wait, pipe, write};
///
/// let mut fds = [-1; 2];
/// let mut ready = [libc::epoll_event { events: 0, u64: 0 }; 4];
/// // SAFETY: we own the descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     let ep = epoll_create1(libc::EPOLL_CLOEXEC)?;
///     let mut event = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 7 };
///     epoll_ctl(ep, libc::EPOLL_CTL_ADD, fds[0], Some(&mut event))?;
///     assert_eq!(epoll_wait(ep, &mut ready, 0)?, 0); // nothing to read yet
///     write(fds[1], b"x")?;
///     assert_eq!(epoll_wait(ep, &mut ready, 0)?, 1);
///     let key = ready[0].u64;
///     assert_eq!(key, 7);
///     for fd in [ep, fds[0], fds[1]] {
///         close(fd)?;
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn epoll_wait(
    epfd: c_int,
    events: &mut [epoll_event],
    timeout: c_int,
) -> Result<c_int, Errno> {
    // At most `c_int::MAX` reports: the kernel takes an `int`.
    let max = events.len().min(c_int::MAX as usize) as c_int;
    // SAFETY: the pointer and length come from a live `&mut [epoll_event]`.
    let r = cvt(unsafe { libc::epoll_wait(epfd, events.as_mut_ptr(), max, timeout) });
    trace!(
        "epoll_wait({epfd}, {max}, {timeout}) {}",
        super::trace::Ret(&r)
    );
    r
}
