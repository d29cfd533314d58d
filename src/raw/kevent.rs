use core::ffi::c_int;
use core::ptr;

use libc::{kevent as Kevent, timespec};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `kevent(kq, changes, nchanges, events, nevents, timeout)`—Registers the
/// `changes` with kqueue `kq`, then waits at most `timeout` for events and
/// stores up to `events.len()` of them; returns how many it stored (macOS
/// and the BSDs).
///
/// procsig registers `EVFILT_SIGNAL` (a signal sent to the process, even
/// one that is blocked or ignored; the signal itself stays pending) and
/// waits with a timeout: the timed signal wait on macOS, which has no
/// `sigtimedwait`. It also registers `EVFILT_PROC` with `NOTE_EXIT` (the
/// process with that pid exits; macOS and FreeBSD), on which `Child`'s
/// timed waits and `wait_any` sleep there, and the event wait
/// ([`Events`](crate::Events), macOS and FreeBSD) registers all three of
/// those and `EVFILT_READ` and `EVFILT_WRITE` (a descriptor is ready).
/// `timeout` `None` waits forever; a zero timeout polls.
/// An empty `events` only registers.
///
/// Async-signal-safe: yes in practice (a system call).
///
/// # Errors
/// - `EINTR`: a handler ran before any event came (nothing is retried).
/// - `EBADF`: `kq` is not a kqueue; `EINVAL`: a change's filter or the
///   timeout is invalid; `ENOENT`, `ESRCH`: a change names an event or a
///   process that does not exist. An error about one change may instead be
///   stored as an event with `EV_ERROR` when `events` has room.
///
/// # Safety
/// Each change's `udata` is stored by the kernel and handed back
/// untouched; nothing else is read or written through pointers outside the
/// slices. The caller answers for what its changes ask of the kernel.
///
/// # Examples
/// ```no_run
/// # #[cfg(any(target_vendor = "apple", target_os = "freebsd"))] {
/// use procsig::raw::{close, kevent, kqueue};
///
/// // SAFETY: registers nothing and polls; the descriptor is closed below.
/// let kq = unsafe { kqueue() }?;
/// let zero = libc::timespec { tv_sec: 0, tv_nsec: 0 };
/// let mut events: [libc::kevent; 1] = unsafe { core::mem::zeroed() };
/// assert_eq!(unsafe { kevent(kq, &[], &mut events, Some(&zero)) }?, 0);
/// unsafe { close(kq) }?;
/// # }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [FreeBSD](https://man.freebsd.org/cgi/man.cgi?query=kevent&sektion=2)
/// - [macOS](https://developer.apple.com/library/archive/documentation/System/Conceptual/ManPages_iPhoneOS/man2/kqueue.2.html)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(any(target_vendor = "apple", target_os = "freebsd"))))]
pub unsafe fn kevent(
    kq: c_int,
    changes: &[Kevent],
    events: &mut [Kevent],
    timeout: Option<&timespec>,
) -> Result<c_int, Errno> {
    // The slices' lengths are a few dozen entries at most in procsig, and
    // saturate at `c_int::MAX` otherwise (the kernel then reads fewer).
    let nchanges = c_int::try_from(changes.len()).unwrap_or(c_int::MAX);
    let nevents = c_int::try_from(events.len()).unwrap_or(c_int::MAX);
    let timeout = timeout.map_or(ptr::null(), |t| t as *const timespec);
    // SAFETY: the pointers and counts come from live slices (a count no
    // larger than the slice's length), and `timeout` is null or from a
    // live reference.
    let r = cvt(unsafe {
        libc::kevent(
            kq,
            changes.as_ptr(),
            nchanges,
            events.as_mut_ptr(),
            nevents,
            timeout,
        )
    });
    trace!(
        "kevent({kq}, {nchanges} changes, {nevents} events) {}",
        super::trace::Ret(&r)
    );
    r
}
