//! kqueue's `EVFILT_SIGNAL` (macOS; the BSDs too), the facts procsig's
//! timed signal wait on macOS stands on (`src/safe/sigset/timed/kqueue.rs`).
//! Compiled for macOS in CI; nothing here can run it.

use procsig::raw;

use crate::support::*;

const USR1: libc::c_int = libc::SIGUSR1;

fn raise(sig: libc::c_int) {
    unsafe { raw::kill(raw::getpid(), sig) }.unwrap();
}

/// A new kqueue with an `EVFILT_SIGNAL` filter on `sig`.
fn watching(sig: libc::c_int) -> libc::c_int {
    let kq = unsafe { raw::kqueue() }.unwrap();
    let mut change: libc::kevent = unsafe { std::mem::zeroed() };
    change.ident = sig as libc::uintptr_t;
    change.filter = libc::EVFILT_SIGNAL;
    change.flags = libc::EV_ADD | libc::EV_CLEAR;
    unsafe { raw::kevent(kq, &[change], &mut [], None) }.unwrap();
    kq
}

/// Events ready now (a zero timeout).
fn ready(kq: libc::c_int) -> i32 {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut out: [libc::kevent; 4] = unsafe { std::mem::zeroed() };
    unsafe { raw::kevent(kq, &[], &mut out, Some(&zero)) }.unwrap()
}

/// Blocked USR1 sent after the filter is registered → the filter fires,
/// and USR1 is still pending (the filter does not consume it); `sigwait`
/// then takes it.
pub fn fires_for_a_blocked_signal_and_leaves_it_pending() {
    block(&[USR1]);
    let kq = watching(USR1);
    assert_eq!(ready(kq), 0);
    raise(USR1);
    assert_eq!(ready(kq), 1, "the filter fired");
    assert!(is_member(&pending(), USR1), "still pending");
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
    assert_eq!(ready(kq), 0, "EV_CLEAR: reported once");
}

/// A signal pending *before* the filter was registered → the filter does
/// not fire: the wait must look at `sigpending` after registering.
pub fn misses_a_signal_pending_before_it() {
    block(&[USR1]);
    raise(USR1);
    let kq = watching(USR1);
    assert_eq!(ready(kq), 0, "not reported");
    assert!(is_member(&pending(), USR1));
}

/// A kqueue is not inherited by `fork`: the child's copy of the number is
/// not a kqueue.
pub fn not_inherited_by_fork() {
    let kq = watching(USR1);
    let child = spawn(move || {
        let zero = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        let r = unsafe { raw::kevent(kq, &[], &mut [], Some(&zero)) };
        i32::from(r != Err(procsig::Errno::EBADF))
    });
    reap_ok(child);
}
