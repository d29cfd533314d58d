use std::time::{Duration, Instant};

use procsig::raw;
use procsig::Errno;

use crate::support::*;

const USR1: libc::c_int = libc::SIGUSR1;

fn raise(sig: libc::c_int) {
    unsafe { raw::kill(raw::getpid(), sig) }.unwrap();
}

pub fn accepts_pending() {
    block(&[USR1]);
    raise(USR1);
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
    assert!(!is_member(&pending(), USR1), "still pending after sigwait");
}

/// The sender waits until the scenario is asleep inside the wait system
/// call (read from /proc), so the signal cannot have arrived earlier.
#[cfg(target_os = "linux")]
pub fn blocks_until_sent() {
    block(&[USR1]);
    let waiter = unsafe { raw::getpid() };
    let sender = spawn(move || {
        loop {
            let asleep = proc_state(waiter) == Some('S');
            // /proc/<pid>/syscall starts with the number of the system call
            // the task is blocked in (where the kernel exposes it).
            let in_wait = match std::fs::read_to_string(format!("/proc/{waiter}/syscall")) {
                Ok(s) => s.split(' ').next() == Some(&libc::SYS_rt_sigtimedwait.to_string()),
                Err(_) => true,
            };
            if asleep && in_wait {
                break;
            }
            unsafe { libc::sched_yield() };
        }
        unsafe { raw::kill(waiter, USR1) }.unwrap();
        0
    });
    assert!(!is_member(&pending(), USR1));
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
    reap_ok(sender);
}

#[cfg(procsig_sigtimedwait)]
pub fn coalesce() {
    block(&[USR1]);
    for _ in 0..4 {
        raise(USR1);
    }
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
    assert!(
        !is_member(&pending(), USR1),
        "four sends were not one signal"
    );
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let again = unsafe { raw::sigtimedwait(&sigset(&[USR1]), None, Some(&zero)) };
    assert_eq!(again, Err(Errno::EAGAIN));
}

#[cfg(procsig_rtsig)]
pub fn rt_queue() {
    let rt = libc::SIGRTMIN();
    block(&[rt]);
    raise(rt);
    raise(rt);
    let set = sigset(&[rt]);
    assert_eq!(unsafe { raw::sigwait(&set) }, Ok(rt));
    assert!(is_member(&pending(), rt), "the second instance was lost");
    assert_eq!(unsafe { raw::sigwait(&set) }, Ok(rt));
    assert!(!is_member(&pending(), rt));
}

#[cfg(procsig_rtsig)]
pub fn rt_order() {
    let (low, high) = (libc::SIGRTMIN() + 1, libc::SIGRTMIN() + 2);
    block(&[low, high]);
    raise(high);
    raise(low);
    let set = sigset(&[low, high]);
    assert_eq!(unsafe { raw::sigwait(&set) }, Ok(low));
    assert_eq!(unsafe { raw::sigwait(&set) }, Ok(high));
}

/// Linux only: the BSDs discard it (see `discard::blocked_and_ignored`).
#[cfg(target_os = "linux")]
pub fn ignored_blocked() {
    set_disposition(USR1, libc::SIG_IGN);
    block(&[USR1]);
    raise(USR1);
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
}

/// The platform fact `raw::sigwait` relies on. A null set makes the kernel
/// fail with EFAULT; the wrappers cannot pass one, so libc is called here.
#[cfg(target_os = "linux")]
pub fn error_is_return_value() {
    let mut sig = 0;
    unsafe { *libc::__errno_location() = 0 };
    let ret = unsafe { libc::sigwait(std::ptr::null(), &mut sig) };
    if cfg!(target_env = "musl") {
        assert_eq!(ret, -1);
        assert_eq!(Errno::last(), Errno::EFAULT);
    } else {
        assert_eq!(ret, libc::EFAULT, "glibc returns the error number");
    }
}

#[cfg(procsig_sigtimedwait)]
pub fn timed_zero() {
    block(&[USR1]);
    let start = Instant::now();
    let r = unsafe { raw::sigtimedwait(&sigset(&[USR1]), None, Some(&timespec(Duration::ZERO))) };
    assert_eq!(r, Err(Errno::EAGAIN));
    assert!(
        start.elapsed() < Duration::from_millis(50),
        "{:?}",
        start.elapsed()
    );
}

#[cfg(procsig_sigtimedwait)]
pub fn timed_100ms() {
    block(&[USR1]);
    let start = Instant::now();
    let r = unsafe {
        raw::sigtimedwait(
            &sigset(&[USR1]),
            None,
            Some(&timespec(Duration::from_millis(100))),
        )
    };
    let took = start.elapsed();
    assert_eq!(r, Err(Errno::EAGAIN));
    assert!(took >= Duration::from_millis(100), "woke early: {took:?}");
    assert!(took < Duration::from_secs(5), "woke far too late: {took:?}");
}

#[cfg(procsig_sigtimedwait)]
pub fn timed_si_pid() {
    block(&[USR1]);
    let me = unsafe { raw::getpid() };
    let sender = spawn(move || i32::from(unsafe { raw::kill(me, USR1) }.is_err()));
    reap_ok(sender);
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let ten = timespec(Duration::from_secs(10));
    let r = unsafe { raw::sigtimedwait(&sigset(&[USR1]), Some(&mut info), Some(&ten)) };
    assert_eq!(r, Ok(USR1));
    assert_eq!(unsafe { info.si_pid() }, sender);
    assert_eq!(info.si_signo, USR1);
}

#[cfg(procsig_sigtimedwait)]
pub fn timed_invalid() {
    block(&[USR1]);
    let set = sigset(&[USR1]);
    for (sec, nsec) in [(0, -1), (0, 1_000_000_000), (-1, 0)] {
        let ts = libc::timespec {
            tv_sec: sec,
            tv_nsec: nsec,
        };
        let r = unsafe { raw::sigtimedwait(&set, None, Some(&ts)) };
        assert_eq!(r, Err(Errno::EINVAL), "timeout {sec} s {nsec} ns");
    }
}

#[cfg(procsig_sigtimedwait)]
pub fn waitinfo_si_pid() {
    block(&[USR1]);
    let me = unsafe { raw::getpid() };
    let sender = spawn(move || i32::from(unsafe { raw::kill(me, USR1) }.is_err()));
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let r = unsafe { raw::sigwaitinfo(&sigset(&[USR1]), Some(&mut info)) };
    assert_eq!(r, Ok(USR1));
    assert_eq!(unsafe { info.si_pid() }, sender);
    reap_ok(sender);
}
