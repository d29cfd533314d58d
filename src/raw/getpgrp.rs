use libc::pid_t;

/// `getpgrp()`—Returns the caller's process group id.
///
/// The same as [`getpgid(0)`](crate::raw::getpgid), without an error to
/// handle. Linux returns 0 when the group's leader is outside the caller's
/// pid namespace.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None: `getpgrp` cannot fail.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getpgrp.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getpgrp.2.html)
///
/// ```
/// use procsig::raw::{getpgid, getpgrp};
///
/// // SAFETY: no precondition.
/// unsafe { assert_eq!(Ok(getpgrp()), getpgid(0)) };
/// ```
#[inline(always)]
pub unsafe fn getpgrp() -> pid_t {
    // SAFETY: no arguments, no failure mode.
    let pgrp = unsafe { libc::getpgrp() };
    trace!("getpgrp() = {pgrp}");
    pgrp
}
