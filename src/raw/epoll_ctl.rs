use core::ffi::c_int;

use libc::epoll_event;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `epoll_ctl(epfd, op, fd, event)`—Adds (`EPOLL_CTL_ADD`), changes
/// (`EPOLL_CTL_MOD`) or removes (`EPOLL_CTL_DEL`, `event` ignored) the
/// registration of `fd` in the epoll instance `epfd` (Linux).
///
/// `event.events` says what to wait for (`EPOLLIN`, `EPOLLOUT`; with
/// `EPOLLONESHOT` the registration is disarmed after one report until
/// `EPOLL_CTL_MOD` arms it again) and `event.u64` is handed back with each
/// report. A registration belongs to the open file, not to the number: it
/// goes away by itself only when every descriptor for the file is closed
/// (a copy in a forked process keeps it).
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EEXIST`: `EPOLL_CTL_ADD` of a descriptor already registered.
/// - `ENOENT`: `EPOLL_CTL_MOD` or `EPOLL_CTL_DEL` of one that is not.
/// - `EBADF`: `epfd` or `fd` is not open.
/// - `EPERM`: `fd` cannot be waited on (a regular file).
/// - `EINVAL`: `epfd` is no epoll instance, `fd` is `epfd`, or `op` is
///   unknown.
/// - `ENOMEM`, `ENOSPC`: the kernel's or the user's limit on registrations.
///
/// # Safety
/// No memory-safety precondition: `event` is live (or `None` for
/// `EPOLL_CTL_DEL`). The caller should own both descriptors.
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/epoll_ctl.2.html)
///
/// ```
/// use procsig::raw::{close, epoll_create1, epoll_ctl, pipe};
///
/// let mut fds = [-1; 2];
/// // SAFETY: we own the descriptors and close each once.
/// unsafe {
///     pipe(&mut fds)?;
///     let ep = epoll_create1(libc::EPOLL_CLOEXEC)?;
///     let mut event = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 7 };
///     epoll_ctl(ep, libc::EPOLL_CTL_ADD, fds[0], Some(&mut event))?;
///     assert_eq!(
///         epoll_ctl(ep, libc::EPOLL_CTL_ADD, fds[0], Some(&mut event)),
///         Err(procsig::Errno::EEXIST)
///     );
///     epoll_ctl(ep, libc::EPOLL_CTL_DEL, fds[0], None)?;
///     for fd in [ep, fds[0], fds[1]] {
///         close(fd)?;
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn epoll_ctl(
    epfd: c_int,
    op: c_int,
    fd: c_int,
    event: Option<&mut epoll_event>,
) -> Result<(), Errno> {
    let event = event.map_or(core::ptr::null_mut(), |e| e as *mut epoll_event);
    // SAFETY: `event` is null (allowed for EPOLL_CTL_DEL since Linux
    // 2.6.9; refused with EFAULT otherwise) or a live `epoll_event`.
    let r = cvt(unsafe { libc::epoll_ctl(epfd, op, fd, event) }).map(drop);
    trace!(
        "epoll_ctl({epfd}, {op}, {fd}, {{...}}) {}",
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
