use core::ffi::c_uint;

/// `alarm(seconds)`—Arranges for `SIGALRM` to be sent to the calling
/// process after `seconds` seconds, replacing any pending alarm.
///
/// `seconds == 0` cancels the pending alarm. Returns the seconds that were
/// left on the previous alarm, or 0 if there was none. Linux rounds the
/// remainder to the nearest second and reports 1, never 0, for an alarm
/// that is still pending. Alarms are per process, are not inherited by
/// `fork`'s child, and survive `exec`.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None: `alarm` cannot fail.
///
/// # Safety
/// No memory-safety precondition. `SIGALRM`'s default action terminates the
/// process; the caller must block it, wait for it, or install a handler.
///
/// # Examples
/// ```
/// use procsig::raw::alarm;
///
/// // SAFETY: SIGALRM would terminate us, but the alarm is cancelled at once.
/// unsafe {
///     assert_eq!(alarm(100), 0); // none was pending
///     assert_eq!(alarm(0), 100); // cancelled; ~100 s were left
/// }
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/alarm.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/alarm.2.html)
#[inline(always)]
pub unsafe fn alarm(seconds: c_uint) -> c_uint {
    // SAFETY: a plain integer argument; `alarm` has no failure mode.
    let left = unsafe { libc::alarm(seconds) };
    trace!("alarm({seconds}) = {left}");
    left
}
