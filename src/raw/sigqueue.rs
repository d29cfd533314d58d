use core::ffi::c_int;

use libc::{pid_t, sigval};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `sigqueue(pid, sig, value)`—Sends `sig` with a value to process `pid`
/// (Linux).
///
/// Unlike [`kill`](super::kill) the receiver learns the value (`si_value`)
/// and the sender (`si_pid`), with `si_code` = `SI_QUEUE`; and a real-time
/// signal sent this way queues (each send is one delivery). `pid` is one
/// process only: no groups, no broadcast.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EAGAIN`: the receiver's queue of signals is full (`RLIMIT_SIGPENDING`).
/// - `EINVAL`: `sig` is not a valid signal.
/// - `EPERM`: the caller may not signal that process.
/// - `ESRCH`: no such process.
///
/// # Safety
/// No memory-safety precondition. `value` may carry a pointer, which means
/// nothing in another process.
///
/// # Examples
/// ```
/// use procsig::raw::sigqueue;
/// use procsig::{SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR2).block()?;
/// let value = libc::sigval { sival_ptr: 7 as *mut libc::c_void };
/// // SAFETY: USR2 is blocked: it waits, pending, for the guard.
/// unsafe { sigqueue(libc::getpid(), libc::SIGUSR2, value) }?;
/// assert_eq!(guard.wait_info()?.value, Some(7));
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigqueue.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/sigqueue.3.html)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn sigqueue(pid: pid_t, sig: c_int, value: sigval) -> Result<(), Errno> {
    // SAFETY: integers and a plain union the kernel copies.
    let r = cvt(unsafe { libc::sigqueue(pid, sig, value) }).map(drop);
    trace!(
        "sigqueue({pid}, {}, {:#x}) {}",
        super::trace::Sig(sig),
        value.sival_ptr as usize,
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
