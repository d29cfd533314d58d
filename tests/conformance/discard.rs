//! The kernel facts that differ between Linux and the BSDs (macOS among
//! them), each written for every target: the scenario runs wherever the
//! suite runs, and asserts what *that* kernel does. Here only the Linux
//! branches run (also under the macOS-like build, whose kernel is Linux);
//! the BSD and macOS branches are compiled for those targets in CI and
//! would run there.

use procsig::raw;
use procsig::Errno;

use crate::support::*;

const URG: libc::c_int = libc::SIGURG;
const USR1: libc::c_int = libc::SIGUSR1;

fn raise(sig: libc::c_int) {
    unsafe { raw::kill(raw::getpid(), sig) }.unwrap();
}

extern "C" fn noop(_: libc::c_int) {}

/// SIGURG (default action: ignore) blocked with `SIG_DFL`, then sent:
/// Linux keeps it pending; FreeBSD and macOS discard it on generation,
/// as POSIX allows — so a `sigwait` for it would sleep for good there.
pub fn blocked_default_ignored_without_handler() {
    set_disposition(URG, libc::SIG_DFL);
    block(&[URG]);
    raise(URG);
    let kept = is_member(&pending(), URG);
    if cfg!(target_os = "linux") {
        assert!(kept, "Linux keeps a blocked default-ignored signal pending");
    } else {
        assert!(
            !kept,
            "BSD and macOS discard it unless a handler is installed"
        );
    }
}

/// The same with a handler installed (the blog post's dummy handler):
/// pending on every kernel, and `sigwait` takes it without running the
/// handler.
pub fn blocked_default_ignored_with_handler() {
    set_disposition(
        URG,
        noop as extern "C" fn(libc::c_int) as libc::sighandler_t,
    );
    block(&[URG]);
    raise(URG);
    assert!(
        is_member(&pending(), URG),
        "pending with a handler installed"
    );
    assert_eq!(unsafe { raw::sigwait(&sigset(&[URG])) }, Ok(URG));
}

/// `SIG_IGN` and blocked: Linux keeps it pending, so `sigwait` accepts it;
/// the BSDs and macOS discard it.
pub fn blocked_and_ignored() {
    set_disposition(USR1, libc::SIG_IGN);
    block(&[USR1]);
    raise(USR1);
    let kept = is_member(&pending(), USR1);
    assert_eq!(kept, cfg!(target_os = "linux"), "kept pending: {kept}");
}

/// macOS has no real-time signals: its highest is 31 (`SIGUSR2`), and a
/// number above it is refused. Linux has them from 32 (the C library's
/// `SIGRTMIN` is later: 34 with glibc, 35 with musl) to 64. FreeBSD has
/// them from 65 (`SIGRTMIN`) to 126 (`SIGRTMAX`); 32 and 33 are its C
/// library's own (`SIGTHR`, `SIGLIBRT`), and nothing above 128
/// (`_SIG_MAXSIG`) exists.
pub fn numbers_above_the_standard_signals() {
    if cfg!(target_vendor = "apple") {
        let r = unsafe { raw::kill(raw::getpid(), 33) };
        assert_eq!(r, Err(Errno::EINVAL), "no signal 33 on macOS");
    } else if cfg!(target_os = "linux") {
        // 40: real-time with glibc and musl (32 to 34 are theirs).
        let above = 40;
        // Blocked first, so that it stays pending instead of ending the
        // scenario (a real-time signal's default action terminates).
        block(&[above]);
        let r = unsafe { raw::kill(raw::getpid(), above) };
        assert_eq!(r, Ok(()), "signal {above} is a real-time signal on Linux");
        assert!(is_member(&pending(), above));
    }
    #[cfg(target_os = "freebsd")]
    freebsd_realtime();
}

/// FreeBSD's `SIGRTMIN` and `SIGRTMAX` (`<sys/signal.h>`; the `libc` crate
/// does not define them for FreeBSD).
#[cfg(target_os = "freebsd")]
const FREEBSD_SIGRTMIN: libc::c_int = 65;
#[cfg(target_os = "freebsd")]
const FREEBSD_SIGRTMAX: libc::c_int = 126;

/// FreeBSD: 65 and 126 are signals (blocked, they stay pending), a
/// real-time signal sent twice is queued twice where a standard one
/// coalesces, and 129 is refused.
#[cfg(target_os = "freebsd")]
fn freebsd_realtime() {
    let (min, max) = (FREEBSD_SIGRTMIN, FREEBSD_SIGRTMAX);
    assert_eq!((libc::SIGTHR, libc::SIGLIBRT), (32, 33));
    block(&[min, max, USR1]);
    let set = sigset(&[min, max, USR1]);
    let zero = timespec(std::time::Duration::ZERO);
    let take = || unsafe { raw::sigtimedwait(&set, None, Some(&zero)) };
    raise(max);
    raise(min);
    raise(min);
    raise(USR1);
    raise(USR1);
    let p = pending();
    assert!(
        is_member(&p, min) && is_member(&p, max),
        "65 and 126 pending"
    );
    // In whatever order the kernel hands them out: USR1 once (its two
    // sends coalesced), SIGRTMIN twice (queued), SIGRTMAX once.
    let mut taken: Vec<_> = (0..4).map(|_| take()).collect();
    taken.sort();
    assert_eq!(taken, [Ok(USR1), Ok(min), Ok(min), Ok(max)]);
    assert_eq!(take(), Err(Errno::EAGAIN), "nothing left");
    let r = unsafe { raw::kill(raw::getpid(), 129) };
    assert_eq!(r, Err(Errno::EINVAL), "no signal above 128");
}
