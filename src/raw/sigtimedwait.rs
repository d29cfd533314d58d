use core::ffi::c_int;
use core::ptr;

use libc::{siginfo_t, sigset_t, timespec};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigtimedwait(set, info, timeout)`—Waits at most `timeout` for one of
/// the signals in `set`, accepts it and returns its number.
///
/// Like [`sigwait`](super::sigwait) (the signals must be blocked), but with
/// `info` `Some` it also stores the signal's `siginfo_t` (sender's
/// `si_pid`, `si_uid`, `si_code`, …), and with `timeout` `Some` it gives up
/// after that long. A zero timeout polls. `None` waits forever, like
/// [`sigwaitinfo`](super::sigwaitinfo).
///
/// Async-signal-safe: no (not in the POSIX list; on Linux it is the
/// `rt_sigtimedwait` system call).
///
/// # Errors
/// - `EAGAIN`: the timeout expired with no signal in `set` pending.
/// - `EINTR`: a handler for a signal outside `set` ran (glibc; musl retries).
/// - `EINVAL`: `timeout.tv_nsec` is negative or at least 1 000 000 000, or
///   `tv_sec` is negative.
///
/// # Safety
/// No memory-safety precondition: all pointers come from references.
///
/// # Examples
/// ```
/// use procsig::raw::sigtimedwait;
/// use procsig::{SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR1).block()?;
/// let zero = libc::timespec { tv_sec: 0, tv_nsec: 0 };
/// // SAFETY: the set is blocked; all pointers come from references.
/// let r = unsafe { sigtimedwait(guard.blocked().as_sigset_t(), None, Some(&zero)) };
/// assert_eq!(r, Err(procsig::Errno::EAGAIN)); // nothing pending
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigtimedwait.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigtimedwait.2.html)
#[inline(always)]
#[cfg_attr(
    docsrs,
    doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
)]
pub unsafe fn sigtimedwait(
    set: &sigset_t,
    info: Option<&mut siginfo_t>,
    timeout: Option<&timespec>,
) -> Result<c_int, Errno> {
    let info = info.map_or(ptr::null_mut(), |i| i as *mut siginfo_t);
    let timeout = timeout.map_or(ptr::null(), |t| t as *const timespec);
    // SAFETY: `set` is live, and `info` and `timeout` are null or from live
    // references of the right types.
    let r = cvt(unsafe { libc::sigtimedwait(set, info, timeout) });
    trace!(
        "sigtimedwait({}) {}",
        super::trace::Set(set),
        super::trace::Ret(&r.map(super::trace::Sig))
    );
    r
}
