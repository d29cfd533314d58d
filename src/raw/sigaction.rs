use core::ffi::c_int;
use core::ptr;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigaction(signum, act, oldact)`—Examines and changes the disposition of
/// a signal.
///
/// With `act` `Some`, installs its handler (`SIG_DFL`, `SIG_IGN` or a
/// function), mask and flags for `signum`; with `oldact` `Some`, stores the
/// previous action there. Dispositions are per process and are inherited by
/// `fork`'s child; `exec` resets handled signals to `SIG_DFL` but keeps
/// `SIG_IGN`.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EINVAL`: `signum` is invalid, or is `SIGKILL` or `SIGSTOP` with an
///   `act` (their action cannot be changed).
///
/// # Safety
/// A handler in `act.sa_sigaction` must be an `extern "C" fn(c_int)` (or,
/// with `SA_SIGINFO`, `extern "C" fn(c_int, *mut siginfo_t, *mut c_void)`)
/// that calls only async-signal-safe functions and stays valid for as long
/// as it is installed.
///
/// # Examples
/// ```
/// use procsig::raw::sigaction;
///
/// // SAFETY: only reads the current action.
/// let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
/// unsafe { sigaction(libc::SIGCONT, None, Some(&mut old)) }?;
/// assert_eq!(old.sa_sigaction, libc::SIG_DFL);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigaction.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/sigaction.2.html)
#[inline(always)]
pub unsafe fn sigaction(
    signum: c_int,
    act: Option<&libc::sigaction>,
    oldact: Option<&mut libc::sigaction>,
) -> Result<(), Errno> {
    let act = act.map_or(ptr::null(), |a| a as *const libc::sigaction);
    let oldact = oldact.map_or(ptr::null_mut(), |a| a as *mut libc::sigaction);
    // SAFETY: each pointer is null or from a live reference; the caller
    // vouches for the handler the new action installs.
    let r = cvt(unsafe { libc::sigaction(signum, act, oldact) }).map(drop);
    trace!(
        "sigaction({}, {}) {}",
        super::trace::Sig(signum),
        if act.is_null() { "NULL" } else { "{...}" },
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
