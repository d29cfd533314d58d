use std::sync::atomic::{AtomicBool, Ordering};

use procsig::raw;

use crate::support::*;

pub fn returns_pids() {
    let (r, w) = pipe();
    let parent = unsafe { raw::getpid() };
    let pid = unsafe { raw::fork() }.expect("fork");
    if pid == 0 {
        // Report getpid and getppid as seen in the child.
        let line = format!("{} {}", unsafe { raw::getpid() }, unsafe { raw::getppid() });
        write_all(w, line.as_bytes());
        unsafe { raw::_exit(0) };
    }
    close(w);
    assert!(pid > 0);
    let seen = String::from_utf8(read_to_end(r)).unwrap();
    assert_eq!(seen, format!("{pid} {parent}"));
    reap_ok(pid);
}

pub fn mask_kept_pending_cleared() {
    block(&[libc::SIGUSR1]);
    unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
    assert!(is_member(&pending(), libc::SIGUSR1));
    let pid = unsafe { raw::fork() }.expect("fork");
    if pid == 0 {
        let ok = is_member(&mask(), libc::SIGUSR1) && !is_member(&pending(), libc::SIGUSR1);
        unsafe { raw::_exit(if ok { 0 } else { 1 }) };
    }
    reap_ok(pid);
    assert!(
        is_member(&pending(), libc::SIGUSR1),
        "parent lost its pending USR1"
    );
}

static HANDLED: AtomicBool = AtomicBool::new(false);
extern "C" fn note(_: libc::c_int) {
    HANDLED.store(true, Ordering::SeqCst);
}

pub fn dispositions_inherited() {
    set_disposition(libc::SIGUSR1, note as *const () as libc::sighandler_t);
    set_disposition(libc::SIGUSR2, libc::SIG_IGN);
    let pid = unsafe { raw::fork() }.expect("fork");
    if pid == 0 {
        let ok = disposition(libc::SIGUSR1) == note as *const () as libc::sighandler_t
            && disposition(libc::SIGUSR2) == libc::SIG_IGN;
        // The handler really runs in the child, too.
        unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) };
        let ran = HANDLED.load(Ordering::SeqCst);
        unsafe { raw::_exit(if ok && ran { 0 } else { 1 }) };
    }
    reap_ok(pid);
}

pub fn alarm_not_inherited() {
    unsafe { raw::alarm(100) };
    let pid = unsafe { raw::fork() }.expect("fork");
    if pid == 0 {
        let left = unsafe { raw::alarm(0) };
        unsafe { raw::_exit(if left == 0 { 0 } else { 1 }) };
    }
    reap_ok(pid);
    let left = unsafe { raw::alarm(0) };
    assert!((98..=100).contains(&left), "parent's alarm: {left}");
}
