use libc::sigset_t;

use crate::errno::{cvt, Errno};

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
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigpending.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigpending.2.html)
#[inline(always)]
pub unsafe fn sigpending(set: &mut sigset_t) -> Result<(), Errno> {
    // SAFETY: `set` comes from a live `&mut sigset_t`.
    cvt(unsafe { libc::sigpending(set) }).map(drop)
}
