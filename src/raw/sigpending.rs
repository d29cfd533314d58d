use libc::sigset_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigpending(set)`—Stores the signals that are pending for the calling
/// thread or for the whole process (blocked, so not yet delivered).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None in practice (`EFAULT` for a bad pointer, which a reference cannot
/// be).
///
/// # Safety
/// No memory-safety precondition: `set` is a live `sigset_t`.
///
/// # Examples
/// ```
/// use procsig::raw::sigpending;
///
/// // SAFETY: `set` is a live sigset_t to fill.
/// let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
/// unsafe { sigpending(&mut set) }?;
/// assert_eq!(unsafe { libc::sigismember(&set, libc::SIGUSR1) }, 0);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigpending.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigpending.2.html)
#[inline(always)]
pub unsafe fn sigpending(set: &mut sigset_t) -> Result<(), Errno> {
    // SAFETY: `set` comes from a live `&mut sigset_t`.
    let r = cvt(unsafe { libc::sigpending(set) }).map(drop);
    trace!(
        "sigpending({}) {}",
        super::trace::Set(set),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
