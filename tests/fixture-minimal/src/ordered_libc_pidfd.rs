//! `ordered` against `libc` directly, with the guarantees procsig's `Child`
//! gives: each child is reached through a pidfd (opened right after the
//! fork and proven to name our unreaped child), so no signal or wait can
//! reach a process that took over a reaped child's pid; where the kernel
//! has no pidfds, the pid. The baseline for what procsig's facade costs in
//! bytes for the same work (ordered_libc.rs is the same program without
//! pid-reuse safety).
#![no_std]
#![no_main]

mod common;
mod libc_child;
mod pidfd;

use pidfd::open_pidfd;

use libc_child::{child, say};

use core::ffi::{c_char, c_int};

const MAX_CHILDREN: usize = 4096;

/// A child: its pid, and its pidfd or -1.
#[derive(Clone, Copy)]
struct Handle {
    pid: libc::pid_t,
    fd: c_int,
}

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((k, work_ms)) = common::parse_args(argc, argv) else {
        say(b"usage: ordered-libc-pidfd [K] [--work-ms MS]\n");
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
        let parent = libc::getpid();
        let mut children = [Handle { pid: 0, fd: -1 }; MAX_CHILDREN];
        for i in 0..k {
            let pid = libc::fork();
            if pid < 0 {
                return 1;
            }
            if pid == 0 {
                child(i, (k - i) * work_ms);
            }
            children[i as usize] = Handle {
                pid,
                fd: open_pidfd(pid),
            };
        }
        let mut info: libc::siginfo_t = core::mem::zeroed();
        for c in &children[..k as usize] {
            if wait(*c, parent, &mut info, libc::WSTOPPED) != 0 || info.si_code != libc::CLD_STOPPED
            {
                return 1;
            }
        }
        for c in &children[..k as usize] {
            let sent = if c.fd >= 0 {
                libc::syscall(libc::SYS_pidfd_send_signal, c.fd, libc::SIGCONT, 0, 0) as c_int
            } else if still_ours(c, parent) {
                libc::kill(c.pid, libc::SIGCONT)
            } else {
                -1
            };
            if sent != 0
                || wait(*c, parent, &mut info, 0) != 0
                || info.si_code != libc::CLD_EXITED
                || info.si_status() != 0
            {
                return 1;
            }
            if c.fd >= 0 {
                libc::close(c.fd);
            }
        }
    }
    0
}

/// Without a pidfd, whether the pid may be signalled: only by the process
/// that forked the child (not by a copy of the handle in a later fork), and
/// only while the child is unreaped (`waitid` with `WNOWAIT` changes
/// nothing).
unsafe fn still_ours(c: &Handle, parent: libc::pid_t) -> bool {
    // SAFETY: plain system calls on valid arguments.
    unsafe {
        let mut info: libc::siginfo_t = core::mem::zeroed();
        let options =
            libc::WEXITED | libc::WSTOPPED | libc::WCONTINUED | libc::WNOHANG | libc::WNOWAIT;
        libc::getpid() == parent
            && libc::waitid(libc::P_PID, c.pid as libc::id_t, &mut info, options) == 0
    }
}

/// `waitid` for one child, through its pidfd if it has one, retrying EINTR.
/// Without a pidfd, only the process that forked the child may wait by pid.
unsafe fn wait(
    c: Handle,
    parent: libc::pid_t,
    info: &mut libc::siginfo_t,
    options: c_int,
) -> c_int {
    let (idtype, id) = if c.fd >= 0 {
        (libc::P_PIDFD, c.fd as libc::id_t)
    } else if unsafe { libc::getpid() } == parent {
        (libc::P_PID, c.pid as libc::id_t)
    } else {
        return -1;
    };
    loop {
        // SAFETY: `info` is a live siginfo_t.
        let r = unsafe { libc::waitid(idtype, id, info, libc::WEXITED | options) };
        // SAFETY: reads this thread's errno.
        if r != -1 || unsafe { *libc::__errno_location() } != libc::EINTR {
            return r;
        }
    }
}
