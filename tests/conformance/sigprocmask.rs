use std::sync::atomic::{AtomicBool, Ordering};

use procsig::raw;
use procsig::Errno;

use crate::support::*;

pub fn block_union() {
    let mut old = sigset(&[]);
    unsafe {
        raw::sigprocmask(
            libc::SIG_BLOCK,
            Some(&sigset(&[libc::SIGUSR1])),
            Some(&mut old),
        )
    }
    .unwrap();
    assert_eq!(members(&old), Vec::<i32>::new());
    unsafe {
        raw::sigprocmask(
            libc::SIG_BLOCK,
            Some(&sigset(&[libc::SIGUSR2])),
            Some(&mut old),
        )
    }
    .unwrap();
    assert_eq!(members(&old), vec![libc::SIGUSR1]);
    assert_eq!(members(&mask()), vec![libc::SIGUSR1, libc::SIGUSR2]);
}

pub fn setmask_and_unblock() {
    block(&[libc::SIGUSR1, libc::SIGUSR2]);
    let exact = sigset(&[libc::SIGTERM, libc::SIGHUP]);
    unsafe { raw::sigprocmask(libc::SIG_SETMASK, Some(&exact), None) }.unwrap();
    assert_eq!(members(&mask()), vec![libc::SIGHUP, libc::SIGTERM]);
    // Unblocking a signal that is not blocked is fine and changes nothing.
    unsafe { raw::sigprocmask(libc::SIG_UNBLOCK, Some(&sigset(&[libc::SIGINT])), None) }.unwrap();
    assert_eq!(members(&mask()), vec![libc::SIGHUP, libc::SIGTERM]);
}

pub fn no_set_reads() {
    block(&[libc::SIGCHLD]);
    let mut old = sigset(&[]);
    // `how` is ignored when there is no new set, even an invalid one.
    unsafe { raw::sigprocmask(12345, None, Some(&mut old)) }.unwrap();
    assert_eq!(members(&old), vec![libc::SIGCHLD]);
}

pub fn invalid_how() {
    block(&[libc::SIGUSR1]);
    let r = unsafe { raw::sigprocmask(12345, Some(&sigset(&[libc::SIGUSR2])), None) };
    assert_eq!(r, Err(Errno::EINVAL));
    assert_eq!(members(&mask()), vec![libc::SIGUSR1], "mask changed");
}

pub fn kill_stop_dropped() {
    let set = sigset(&[libc::SIGKILL, libc::SIGSTOP, libc::SIGUSR1]);
    unsafe { raw::sigprocmask(libc::SIG_BLOCK, Some(&set), None) }.unwrap();
    assert_eq!(members(&mask()), vec![libc::SIGUSR1]);
}

static RAN: AtomicBool = AtomicBool::new(false);
extern "C" fn handler(_: libc::c_int) {
    RAN.store(true, Ordering::SeqCst);
}

pub fn unblock_delivers() {
    set_disposition(libc::SIGUSR1, handler as *const () as libc::sighandler_t);
    let usr1 = sigset(&[libc::SIGUSR1]);
    unsafe { raw::sigprocmask(libc::SIG_BLOCK, Some(&usr1), None) }.unwrap();
    unsafe { raw::kill(raw::getpid(), libc::SIGUSR1) }.unwrap();
    assert!(!RAN.load(Ordering::SeqCst), "handler ran while blocked");
    assert!(is_member(&pending(), libc::SIGUSR1));
    unsafe { raw::sigprocmask(libc::SIG_UNBLOCK, Some(&usr1), None) }.unwrap();
    assert!(
        RAN.load(Ordering::SeqCst),
        "handler had not run when sigprocmask returned"
    );
    assert!(!is_member(&pending(), libc::SIGUSR1));
}
