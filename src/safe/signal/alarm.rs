//! [`alarm`] and [`cancel_alarm`]: the process's one-shot `SIGALRM` timer.

use crate::raw;

/// `alarm(seconds)`—Sends `SIGALRM` to this process in `seconds` seconds,
/// replacing any pending alarm. Returns the seconds that were left on the
/// replaced alarm, or `None` if there was none.
///
/// `SIGALRM` terminates the process by default: block it and wait for it
/// (as the `deadline --alarm` example does), or install a handler, first.
/// The granularity is one second; for millisecond timeouts use
/// [`SigSet::wait_timeout`][crate::SigSet::wait_timeout] or
/// [`Child::wait_timeout`][crate::Child::wait_timeout]. There is one alarm
/// per process; a forked child starts with none. `alarm(0)` cancels, as
/// [`cancel_alarm`] says more clearly.
///
/// Threads: the timer belongs to the process, so any thread may set or
/// cancel it, and its `SIGALRM` is process-directed: the kernel gives it to
/// any one thread that does not block it. To wait for it with
/// [`SigSet::wait`](crate::SigSet::wait), block `SIGALRM` in every thread
/// (in `main`, before spawning any).
///
/// Async-signal-safe: yes.
///
/// System calls: `alarm`.
///
/// # Examples
/// ```
/// use procsig::{alarm, cancel_alarm};
///
/// assert_eq!(alarm(30), None);
/// assert_eq!(alarm(60), Some(30));
/// assert_eq!(cancel_alarm(), Some(60));
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/alarm.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/alarm.2.html)
// Where the timed waits do not exist (no `sigtimedwait`), the links point
// to the Linux documentation. The empty line ends the References list, so
// that the link definitions are not read as more of its last item.
#[cfg_attr(not(procsig_timed_wait), doc = "")]
#[cfg_attr(
    not(procsig_timed_wait),
    doc = "[crate::SigSet::wait_timeout]: https://docs.rs/procsig/latest/x86_64-unknown-linux-gnu/procsig/struct.SigSet.html#method.wait_timeout"
)]
#[cfg_attr(
    not(procsig_timed_wait),
    doc = "[crate::Child::wait_timeout]: https://docs.rs/procsig/latest/x86_64-unknown-linux-gnu/procsig/struct.Child.html#method.wait_timeout"
)]
pub fn alarm(seconds: u32) -> Option<u32> {
    // SAFETY: `alarm` has no precondition; the caller is told above that
    // SIGALRM's default action terminates.
    let left = unsafe { raw::alarm(seconds) };
    (left != 0).then_some(left)
}

/// `alarm(0)`—Cancels the pending alarm. Returns the seconds it had left
/// (at least 1: a pending alarm never reports 0), or `None` if there was
/// none.
///
/// A `SIGALRM` that already fired stays pending if it is blocked.
///
/// Threads: cancels the process's one alarm, whichever thread set it.
///
/// Async-signal-safe: yes.
///
/// System calls: `alarm`.
///
/// # Examples
/// ```
/// use procsig::{alarm, cancel_alarm};
///
/// assert_eq!(cancel_alarm(), None); // nothing pending
/// alarm(100);
/// assert_eq!(cancel_alarm(), Some(100));
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/alarm.html)
#[doc(alias = "alarm")]
pub fn cancel_alarm() -> Option<u32> {
    alarm(0)
}
