//! The timed signal wait through a kqueue (macOS, which has no
//! `sigtimedwait`).
//!
//! An `EVFILT_SIGNAL` filter fires for every signal sent to the
//! *process*, blocked ones included, and leaves the signal pending; it
//! does not see one that was pending before it was registered. So the
//! filters come first, then a look at what is pending (`sigpending`): a
//! signal of the set found there is taken with `sigwait`, which returns at
//! once; else `kevent` sleeps until a filter fires or the time is up, and
//! the look is made again.
//!
//! What XNU does (`bsd/kern/kern_sig.c`), and how this file copes:
//! - `sigpending` shows the calling thread's pending signals only
//!   (`ut->uu_siglist`). A process-directed signal that every thread
//!   blocks is made pending on the thread `get_signalthread` picks: one
//!   that does not block it, or one in `sigwait` for it, else
//!   (`get_signalact`) the first thread of the task, the main thread. So
//!   off the main thread such a signal is never seen here: the wait
//!   refuses there ([`on_signal_thread`], `ENOTSUP`).
//! - The filter fires (`proc_knote`) *before* the signal is made pending
//!   (`proc_signalstart`, which may sleep, then `uu_siglist |= mask`): a
//!   look right after the wake may miss it. A wake whose look finds
//!   nothing makes the following looks come every millisecond for a while
//!   ([`RETRY`], [`GRACE`]).
//! - A thread-directed signal (`pthread_kill`, `raise`) fires no filter
//!   (`psignal_internal` posts the knote only without `PSIG_THREAD`): it
//!   is seen by the look at the start, and during a sleep by the next
//!   look, which comes at least once a second ([`LOOK`]).
use core::ffi::c_int;
use core::time::Duration;

use crate::safe::signal::Signal;
use crate::safe::sigset::wait::wait_blocked;
use crate::safe::sigset::{SigSet, SIGNALS};
use crate::safe::time::{now, timespec, Deadline};
use crate::{raw, Errno};

/// The longest one `kevent` sleeps: a thread-directed signal fires no
/// filter, so the pending signals are looked at this often.
const LOOK: Duration = Duration::from_secs(1);

/// How soon the next look comes after a wake whose look found nothing:
/// XNU fires the filter a moment before the signal is pending.
const RETRY: Duration = Duration::from_millis(1);

/// For how long after such a wake the looks come every [`RETRY`]; later,
/// every [`LOOK`] still.
const GRACE: Duration = Duration::from_millis(50);

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

/// `Ok` on the thread where XNU makes a process-directed signal pending
/// when every thread blocks it, the only one whose `sigpending` shows it:
/// the main thread (after `fork`, the child's one thread). `ENOTSUP` on
/// any other.
pub(crate) fn on_signal_thread() -> Result<(), Errno> {
    // SAFETY: no precondition.
    if unsafe { raw::pthread_main_np() } == 1 {
        Ok(())
    } else {
        Err(Errno::ENOTSUP)
    }
}

/// Waits at most `timeout` for a signal of `set`, which the caller knows
/// is blocked; `None` when the time ran out. `EINTR` (a handler of another
/// signal ran) is retried with the time left. `ENOTSUP` off the main
/// thread (see the module).
pub(crate) fn wait_blocked_timeout(
    set: &SigSet,
    timeout: Duration,
) -> Result<Option<Signal>, Errno> {
    on_signal_thread()?;
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
    // Until when the looks come every RETRY: a wake found nothing yet.
    let mut soon_until = Duration::ZERO;
    let mut woken = false;
    loop {
        if let Some(sig) = pending_in(set)? {
            // Pending and blocked: `sigwait` takes one of the set at once.
            let mut only = SigSet::empty();
            only.insert(sig);
            return wait_blocked(&only).map(Some);
        }
        let t = now()?;
        if woken {
            // A filter fired, and its signal is not pending here (yet).
            soon_until = t.saturating_add(GRACE);
        }
        let left = deadline.remaining_at(t);
        if left.is_zero() {
            return Ok(None);
        }
        let cap = if t < soon_until { RETRY } else { LOOK };
        let ts = timespec(left.min(cap));
        // SAFETY: `kevent` is plain data; all zeroes is valid.
        let mut fired: [libc::kevent; 1] = unsafe { core::mem::zeroed() };
        // SAFETY: `kq` is our kqueue, `fired` a live buffer, `ts` live.
        woken = match unsafe { raw::kevent(kq.0, &[], &mut fired, Some(&ts)) } {
            Ok(got) => got > 0,
            Err(Errno::EINTR) => false,
            Err(e) => return Err(e),
        };
    }
}
