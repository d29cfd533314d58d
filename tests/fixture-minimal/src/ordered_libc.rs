//! `ordered` against `libc` directly: the same program as
//! ordered_procsig.rs, with every call written by hand, as the baseline
//! that shows what procsig's facade costs in bytes.
#![no_std]
#![no_main]

mod common;
mod libc_child;

use libc_child::{child, say};

use core::ffi::{c_char, c_int};

const MAX_CHILDREN: usize = 4096;

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((k, work_ms)) = common::parse_args(argc, argv) else {
        say(b"usage: ordered-libc [K] [--work-ms MS]\n");
        return 2;
    };
    if k as usize > MAX_CHILDREN {
        return 2;
    }
    // SAFETY: plain libc calls on valid arguments throughout; the program is
    // single-threaded and each child ends with `_exit`.
    unsafe {
        let mut dfl: libc::sigaction = core::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        if libc::sigaction(libc::SIGCHLD, &dfl, core::ptr::null_mut()) != 0 {
            return 2;
        }
        let mut pids = [0 as libc::pid_t; MAX_CHILDREN];
        for i in 0..k {
            let pid = libc::fork();
            if pid < 0 {
                return 1;
            }
            if pid == 0 {
                child(i, (k - i) * work_ms);
            }
            pids[i as usize] = pid;
        }
        let mut status = 0;
        for &pid in &pids[..k as usize] {
            if waitpid_retry(pid, &mut status, libc::WUNTRACED) != pid || !libc::WIFSTOPPED(status)
            {
                return 1;
            }
        }
        for &pid in &pids[..k as usize] {
            if libc::kill(pid, libc::SIGCONT) != 0
                || waitpid_retry(pid, &mut status, 0) != pid
                || !libc::WIFEXITED(status)
                || libc::WEXITSTATUS(status) != 0
            {
                return 1;
            }
        }
    }
    0
}

/// `waitpid`, retrying EINTR, as procsig's `Child` does.
unsafe fn waitpid_retry(pid: libc::pid_t, status: &mut c_int, options: c_int) -> libc::pid_t {
    loop {
        // SAFETY: `status` is a live c_int.
        let r = unsafe { libc::waitpid(pid, status, options) };
        // SAFETY: reads this thread's errno.
        if r != -1 || unsafe { *libc::__errno_location() } != libc::EINTR {
            return r;
        }
    }
}
