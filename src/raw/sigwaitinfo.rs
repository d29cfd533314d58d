use core::ffi::c_int;
use core::ptr;

use libc::{siginfo_t, sigset_t};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigwaitinfo(set, info)`—Waits for one of the signals in `set`, accepts
/// it, and returns its number and (with `info` `Some`) its `siginfo_t`.
///
/// [`sigtimedwait`](super::sigtimedwait) without a timeout. `si_pid` tells
/// which process sent the signal, which is how to learn *who* signalled
/// even when standard signals coalesce.
///
/// Async-signal-safe: no (not in the POSIX list; on Linux it is the
/// `rt_sigtimedwait` system call).
///
/// # Errors
/// - `EINTR`: a handler for a signal outside `set` ran (glibc; musl retries).
///
/// # Safety
/// No memory-safety precondition: all pointers come from references.
///
/// # Examples
/// ```
/// use procsig::raw::sigwaitinfo;
/// use procsig::{kill, Pid, SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR1).block()?;
/// kill(Pid::this(), Signal::USR1)?;
/// // SAFETY: the set is blocked; `info` is a live siginfo_t.
/// let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
/// unsafe { sigwaitinfo(guard.blocked().as_sigset_t(), Some(&mut info)) }?;
/// assert_eq!(unsafe { info.si_pid() }, Pid::this().as_raw());
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigwaitinfo.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigwaitinfo.2.html)
#[inline(always)]
#[cfg_attr(
    docsrs,
    doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
)]
pub unsafe fn sigwaitinfo(set: &sigset_t, info: Option<&mut siginfo_t>) -> Result<c_int, Errno> {
    let info = info.map_or(ptr::null_mut(), |i| i as *mut siginfo_t);
    // SAFETY: `set` is live and `info` null or from a live reference.
    let r = cvt(unsafe { libc::sigwaitinfo(set, info) });
    trace!(
        "sigwaitinfo({}) {}",
        super::trace::Set(set),
        super::trace::Ret(&r.map(super::trace::Sig))
    );
    r
}
