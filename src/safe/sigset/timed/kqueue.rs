//! The timed signal wait through a kqueue (macOS, which has no
//! `sigtimedwait`).
//!
//! An `EVFILT_SIGNAL` filter fires for every signal sent to the process,
//! blocked ones included, and leaves the signal pending; it does not see
//! one that was pending before it was registered. So the filters come
//! first, then a look at what is pending (`sigpending`): a signal of the
//! set found there is taken with `sigwait`, which returns at once; else
//! `kevent` sleeps until a filter fires or the time is up, and the look is
//! made again. A signal sent after the filters are in place always wakes
//! the sleep, so none is missed between the look and the sleep.

use core::ffi::c_int;
use core::time::Duration;

use crate::safe::signal::Signal;
use crate::safe::sigset::wait::wait_blocked;
use crate::safe::sigset::{SigSet, SIGNALS};
use crate::safe::time::{timespec, Deadline};
use crate::{raw, Errno};

/// The longest one `kevent` sleeps.
const LONGEST_SLEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// A kqueue descriptor, closed on drop.
struct Kqueue(c_int);

impl Kqueue {
    /// A new kqueue, close-on-exec. (A kqueue is not inherited by `fork`,
    /// so another thread's `fork` + `exec` between the two calls cannot
    /// leak it.)
    fn new() -> Result<Kqueue, Errno> {
        // SAFETY: the descriptor is owned by the value returned, which
        // closes it once.
        let kq = Kqueue(unsafe { raw::kqueue()? });
        // SAFETY: F_SETFD takes an int; `kq.0` is our open descriptor.
        unsafe { raw::fcntl(kq.0, libc::F_SETFD, libc::FD_CLOEXEC)? };
        Ok(kq)
    }
}

impl Drop for Kqueue {
    fn drop(&mut self) {
        // SAFETY: our descriptor, closed once. Nothing to do on error.
        let _ = unsafe { raw::close(self.0) };
    }
}

/// An `EVFILT_SIGNAL` registration for `sig`, cleared once reported.
fn signal_filter(sig: Signal) -> libc::kevent {
    // SAFETY: `kevent` is plain data (integers and a pointer that may be
    // null), so all zeroes is a valid value.
    let mut change: libc::kevent = unsafe { core::mem::zeroed() };
    // A signal number is positive, so the cast is exact.
    change.ident = sig.as_raw() as libc::uintptr_t;
    change.filter = libc::EVFILT_SIGNAL;
    change.flags = libc::EV_ADD | libc::EV_CLEAR;
    change
}

/// The first signal of `set` that is pending, if any.
fn pending_in(set: &SigSet) -> Result<Option<Signal>, Errno> {
    let pending = SigSet::pending()?;
    Ok(set.iter().find(|&sig| pending.contains(sig)))
}

/// Waits at most `timeout` for a signal of `set`, which the caller knows
/// is blocked; `None` when the time ran out. `EINTR` (a handler of another
/// signal ran) is retried with the time left.
pub(crate) fn wait_blocked_timeout(
    set: &SigSet,
    timeout: Duration,
) -> Result<Option<Signal>, Errno> {
    let deadline = Deadline::after(timeout)?;
    let kq = Kqueue::new()?;
    // SAFETY: `kevent` is plain data; all zeroes is valid.
    let mut changes: [libc::kevent; SIGNALS] = unsafe { core::mem::zeroed() };
    let mut count = 0;
    for (slot, sig) in changes.iter_mut().zip(set.iter()) {
        *slot = signal_filter(sig);
        count += 1;
    }
    let changes = changes.get(..count).unwrap_or_default();
    // SAFETY: `kq` is our kqueue; the changes register signal filters, and
    // their `udata` is null.
    unsafe { raw::kevent(kq.0, changes, &mut [], None)? };
    loop {
        if let Some(sig) = pending_in(set)? {
            // Pending and blocked: `sigwait` takes one of the set at once.
            let mut only = SigSet::empty();
            only.insert(sig);
            return wait_blocked(&only).map(Some);
        }
        let left = deadline.remaining()?;
        if left.is_zero() {
            return Ok(None);
        }
        // At most a day per sleep: a far deadline (`Duration::MAX`) stays
        // a timeout the kernel accepts, and the loop sleeps again.
        let ts = timespec(left.min(LONGEST_SLEEP));
        // SAFETY: `kevent` is plain data; all zeroes is valid.
        let mut fired: [libc::kevent; 1] = unsafe { core::mem::zeroed() };
        // SAFETY: `kq` is our kqueue, `fired` a live buffer, `ts` live.
        match unsafe { raw::kevent(kq.0, &[], &mut fired, Some(&ts)) } {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}
