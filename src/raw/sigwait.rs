use core::ffi::c_int;

use libc::sigset_t;

use crate::raw::cvt::cvt_nz;
use crate::Errno;

/// `sigwait(set, &mut sig)`—Waits for one of the signals in `set` to be
/// pending, accepts it, and returns its number.
///
/// The signals in `set` must be blocked in the calling thread (and, in a
/// multithreaded process, in every thread): a signal that arrives while it
/// is not blocked is delivered (its handler or default action runs) and
/// `sigwait` never sees it. Accepting a standard signal clears it from the
/// pending set; any number of sends of one standard signal made while it
/// was pending are one signal (they coalesce). Real-time signals queue: one
/// `sigwait` accepts one instance, lowest number first.
///
/// Async-signal-safe: no (not in the POSIX list; in practice glibc's and
/// musl's are system calls in a loop and safe).
///
/// # Errors
/// The error comes back as the return value on glibc and as -1 with `errno`
/// on musl; this wrapper reads both.
/// - `EINVAL`: `set` contains an invalid signal number (POSIX permits this;
///   Linux silently drops invalid bits, and drops `SIGKILL` and `SIGSTOP`).
/// - `EINTR`: musl only, if a handler interrupted it (glibc retries
///   internally and never reports it).
///
/// # Safety
/// No memory-safety precondition. An empty `set`, or one holding only
/// `SIGKILL`/`SIGSTOP`, waits forever.
///
/// # Examples
/// ```
/// use procsig::raw::sigwait;
/// use procsig::{kill, Pid, SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR1).block()?;
/// kill(Pid::this(), Signal::USR1)?;
/// // SAFETY: the set is blocked in this (only) thread.
/// assert_eq!(unsafe { sigwait(guard.blocked().as_sigset_t()) }?, libc::SIGUSR1);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigwait.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/sigwait.3.html)
#[inline(always)]
pub unsafe fn sigwait(set: &sigset_t) -> Result<c_int, Errno> {
    let mut sig: c_int = 0;
    // SAFETY: `set` is a live `sigset_t` and `sig` a live `c_int` the call
    // writes on success.
    let r = cvt_nz(unsafe { libc::sigwait(set, &mut sig) }).map(|()| sig);
    trace!(
        "sigwait({}) {}",
        super::trace::Set(set),
        super::trace::Ret(&r.map(super::trace::Sig))
    );
    r
}
