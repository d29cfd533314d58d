use core::ffi::c_int;
use core::ptr;

use libc::sigset_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigprocmask(how, set, oldset)`—Examines and changes the calling
/// thread's signal mask.
///
/// `how` is `SIG_BLOCK` (add `set`), `SIG_UNBLOCK` (remove `set`) or
/// `SIG_SETMASK` (replace by `set`). With `set` `None` the mask is unchanged
/// and `how` is ignored. With `oldset` `Some`, the previous mask is written
/// there. `SIGKILL` and `SIGSTOP` are silently left out of any mask; glibc
/// also leaves out its two internal signals (32 and 33), musl its three
/// (32 to 34).
///
/// A signal unblocked by this call that was pending is delivered before the
/// call returns. On Linux the mask is per thread (POSIX leaves
/// `sigprocmask` unspecified in multithreaded processes; glibc and musl make
/// it `pthread_sigmask`).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINVAL`: `how` is invalid and `set` is `Some`; the mask is unchanged.
///
/// # Safety
/// No memory-safety precondition: the references are valid `sigset_t`s.
/// Unblocking a signal runs its handler now if it was pending.
///
/// # Examples
/// ```
/// use procsig::raw::sigprocmask;
/// use procsig::{SigSet, Signal};
///
/// let usr1 = SigSet::from(Signal::USR1);
/// let mut old = SigSet::empty();
/// // SAFETY: blocks, then unblocks, one signal; no handler runs.
/// unsafe {
///     sigprocmask(libc::SIG_BLOCK, Some(usr1.as_sigset_t()), Some(old.as_mut_sigset_t()))?;
///     sigprocmask(libc::SIG_UNBLOCK, Some(usr1.as_sigset_t()), None)?;
/// }
/// assert!(!old.contains(Signal::USR1));
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_sigmask.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigprocmask.2.html)
#[inline(always)]
pub unsafe fn sigprocmask(
    how: c_int,
    set: Option<&sigset_t>,
    oldset: Option<&mut sigset_t>,
) -> Result<(), Errno> {
    let set = set.map_or(ptr::null(), |s| s as *const sigset_t);
    let oldset = oldset.map_or(ptr::null_mut(), |s| s as *mut sigset_t);
    // SAFETY: each pointer is null or comes from a live reference of the
    // right type, so the kernel reads and writes only valid memory.
    let r = cvt(unsafe { libc::sigprocmask(how, set, oldset) }).map(drop);
    trace!(
        "sigprocmask({}, {}) {}",
        super::trace::How(how),
        // SAFETY: `set` is null or from the caller's live reference.
        super::trace::MaybeSet(unsafe { set.as_ref() }),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
