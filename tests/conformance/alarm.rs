use std::time::{Duration, Instant};

use procsig::raw;

use crate::support::*;

const ALRM: libc::c_int = libc::SIGALRM;

pub fn none_pending() {
    assert_eq!(unsafe { raw::alarm(5) }, 0);
    assert_eq!(unsafe { raw::alarm(0) }, 5);
    assert_eq!(unsafe { raw::alarm(0) }, 0);
}

#[cfg(procsig_sigtimedwait)]
pub fn replace() {
    block(&[ALRM]);
    let start = Instant::now();
    assert_eq!(unsafe { raw::alarm(10) }, 0);
    let_time_pass(Duration::from_secs(1));
    let left = unsafe { raw::alarm(1) };
    // Linux rounds to the nearest second: 9 after ~1 s. A very slow machine
    // may have let another half second pass; the expected value follows the
    // time measured.
    let expected = (10.0 - start.elapsed().as_secs_f64()).round() as u32;
    assert!(
        left == 9 || left == expected,
        "alarm(1) returned {left}, expected 9"
    );
    // The replacement fires once, about a second later.
    assert_eq!(unsafe { raw::sigwait(&sigset(&[ALRM])) }, Ok(ALRM));
    let two = libc::timespec {
        tv_sec: 2,
        tv_nsec: 0,
    };
    let again = unsafe { raw::sigtimedwait(&sigset(&[ALRM]), None, Some(&two)) };
    assert_eq!(
        again,
        Err(procsig::Errno::EAGAIN),
        "a second SIGALRM arrived"
    );
}

#[cfg(procsig_sigtimedwait)]
pub fn cancel() {
    block(&[ALRM]);
    assert_eq!(unsafe { raw::alarm(2) }, 0);
    let left = unsafe { raw::alarm(0) };
    assert_eq!(left, 2);
    let three = libc::timespec {
        tv_sec: 3,
        tv_nsec: 0,
    };
    let r = unsafe { raw::sigtimedwait(&sigset(&[ALRM]), None, Some(&three)) };
    assert_eq!(r, Err(procsig::Errno::EAGAIN), "the cancelled alarm fired");
}

pub fn u32_max() {
    assert_eq!(unsafe { raw::alarm(u32::MAX) }, 0);
    assert_eq!(unsafe { raw::alarm(0) }, u32::MAX);
}

pub fn never_zero() {
    block(&[ALRM]);
    // Wait until about 0.4 s are left: rounding would say 0, but a pending
    // alarm says 1. If the scheduler delayed us past the alarm (it is then
    // pending), that attempt proves nothing and is made again.
    for _ in 0..3 {
        unsafe { raw::alarm(1) };
        let_time_pass(Duration::from_millis(600));
        let left = unsafe { raw::alarm(0) };
        if is_member(&pending(), ALRM) {
            unsafe { raw::sigwait(&sigset(&[ALRM])) }.unwrap();
            continue;
        }
        assert_eq!(left, 1);
        return;
    }
    panic!("the machine was too slow three times in a row");
}

pub fn kills_child() {
    let pid = spawn(|| {
        unsafe {
            raw::alarm(1);
            libc::pause();
        }
        0
    });
    let status = reap(pid);
    assert!(libc::WIFSIGNALED(status), "{status:#x}");
    assert_eq!(libc::WTERMSIG(status), ALRM);
}
