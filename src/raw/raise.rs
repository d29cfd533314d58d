use core::ffi::c_int;

use crate::Errno;

/// `raise(sig)`—Sends `sig` to the calling *thread* (not the process: in a
/// multithreaded process no other thread can take it).
///
/// If the signal is not blocked, its handler (or default action) runs
/// before `raise` returns.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINVAL`: `sig` is not a valid signal.
///
/// # Safety
/// No memory-safety precondition. The signal runs whatever handler is
/// installed, in this thread, now.
///
/// # Examples
/// ```
/// use procsig::raw::raise;
/// use procsig::{SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR1).block()?;
/// // SAFETY: USR1 is blocked: it waits, pending, for the guard.
/// unsafe { raise(libc::SIGUSR1) }?;
/// assert_eq!(guard.wait()?, Signal::USR1);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/raise.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/raise.3.html)
#[inline(always)]
pub unsafe fn raise(sig: c_int) -> Result<(), Errno> {
    // glibc returns -1 and sets errno (POSIX: non-zero).
    // SAFETY: an integer the C library checks.
    let r = match unsafe { libc::raise(sig) } {
        0 => Ok(()),
        _ => Err(Errno::last()),
    };
    trace!(
        "raise({}) {}",
        super::trace::Sig(sig),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
