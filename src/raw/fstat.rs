use core::ffi::c_int;

use libc::stat;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `fstat(fd, buf)`—Fills `buf` with what the kernel knows of the open
/// descriptor `fd`: its type and mode (`st_mode`), size, owner, times
/// (macOS and FreeBSD).
///
/// procsig reads only the type: the event wait on a kqueue refuses a
/// regular file or a directory (`S_IFREG`, `S_IFDIR`) as epoll does, since
/// a kqueue would report one ready only while its offset is before the
/// end, and a program that waits for more input there would wait forever.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EBADF`: `fd` is not open.
/// - `EOVERFLOW`: a field does not fit (not on 64-bit targets).
///
/// # Safety
/// No memory-safety precondition beyond the live `buf`; `fd` is only
/// looked at.
///
/// # Examples
/// ```no_run
/// # #[cfg(any(target_vendor = "apple", target_os = "freebsd"))] {
/// use procsig::raw::fstat;
///
/// // SAFETY: `stat` is plain data; all zeroes is valid.
/// let mut st: libc::stat = unsafe { core::mem::zeroed() };
/// // SAFETY: a live buffer; fd 0 is only looked at.
/// unsafe { fstat(0, &mut st) }?;
/// let regular = st.st_mode & libc::S_IFMT == libc::S_IFREG;
/// # let _ = regular;
/// # }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fstat.html)
/// - [FreeBSD](https://man.freebsd.org/cgi/man.cgi?query=fstat&sektion=2)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(any(target_vendor = "apple", target_os = "freebsd"))))]
pub unsafe fn fstat(fd: c_int, buf: &mut stat) -> Result<(), Errno> {
    // SAFETY: `buf` is a live `stat` the call fills.
    let r = cvt(unsafe { libc::fstat(fd, buf) }).map(|_| ());
    trace!("fstat({fd}) {}", super::trace::Ret(&super::trace::zero(&r)));
    r
}
