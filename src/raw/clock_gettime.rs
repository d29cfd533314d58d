use libc::{clockid_t, timespec};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `clock_gettime(clockid, tp)`—Reads a clock.
///
/// procsig reads `CLOCK_MONOTONIC` to recompute the time left in a timed
/// wait after an `EINTR` (the monotonic clock does not jump when the wall
/// clock is set).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINVAL`: the clock is not supported.
///
/// # Safety
/// No memory-safety precondition: `tp` is a live `timespec`.
///
/// # Examples
/// ```
/// use procsig::raw::clock_gettime;
///
/// let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
/// // SAFETY: `ts` is a live timespec.
/// unsafe { clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) }?;
/// assert!(ts.tv_nsec < 1_000_000_000);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/clock_gettime.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/clock_gettime.2.html)
#[inline(always)]
pub unsafe fn clock_gettime(clockid: clockid_t, tp: &mut timespec) -> Result<(), Errno> {
    // SAFETY: `tp` comes from a live `&mut timespec`.
    let r = cvt(unsafe { libc::clock_gettime(clockid, tp) }).map(drop);
    trace!(
        "clock_gettime({clockid}) {} {{{}, {}}}",
        super::trace::Ret(&super::trace::zero(&r)),
        tp.tv_sec,
        tp.tv_nsec
    );
    r
}
