//! The deadline program against `libc` directly, with the guarantees
//! procsig's `Child` gives: a pidfd per child, opened after the fork and
//! proven to name our unreaped child (`waitid(P_PIDFD, …, WNOWAIT)`), that
//! takes the kill and the wait; the pid, checked, where the kernel has no
//! pidfds; `EINTR` retried. The baseline for deadline_procsig.rs.
#![no_std]
#![no_main]

mod common;
mod pidfd;

use pidfd::open_pidfd;

use core::ffi::{c_char, c_int};

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((timeout_s, work_ms)) = common::parse_deadline(argc, argv) else {
        say(b"usage: deadline-libc-pidfd TIMEOUT_S WORK_MS\n");
        return 2;
    };
    // SAFETY: plain libc calls on valid arguments; single-threaded; the
    // child ends with `_exit`.
    unsafe {
        let mut dfl: libc::sigaction = core::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        if libc::sigaction(libc::SIGCHLD, &dfl, core::ptr::null_mut()) != 0 {
            return 2;
        }
        let mut set: libc::sigset_t = core::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGCHLD);
        libc::sigaddset(&mut set, libc::SIGALRM);
        if libc::sigprocmask(libc::SIG_BLOCK, &set, core::ptr::null_mut()) != 0 {
            return 1;
        }
        let parent = libc::getpid();
        let pid = libc::fork();
        if pid < 0 {
            return 1;
        }
        if pid == 0 {
            let ts = libc::timespec {
                tv_sec: (work_ms / 1000) as _,
                tv_nsec: ((work_ms % 1000) * 1_000_000) as _,
            };
            libc::nanosleep(&ts, core::ptr::null_mut());
            libc::_exit(0);
        }
        let fd = open_pidfd(pid);
        libc::alarm(timeout_s);
        let mut sig: c_int = 0;
        loop {
            match libc::sigwait(&set, &mut sig) {
                0 => break,
                libc::EINTR => continue,
                _ => libc::_exit(1),
            }
        }
        if sig == libc::SIGCHLD {
            say(b"child process finished\n");
        } else {
            say(b"too late; killing child process\n");
            let sent = if fd >= 0 {
                libc::syscall(libc::SYS_pidfd_send_signal, fd, libc::SIGKILL, 0, 0) as c_int
            } else if libc::getpid() == parent {
                libc::kill(pid, libc::SIGKILL)
            } else {
                -1
            };
            if sent != 0 {
                libc::_exit(1);
            }
        }
        let (idtype, id) = if fd >= 0 {
            (libc::P_PIDFD, fd as libc::id_t)
        } else {
            (libc::P_PID, pid as libc::id_t)
        };
        let mut info: libc::siginfo_t = core::mem::zeroed();
        loop {
            if libc::waitid(idtype, id, &mut info, libc::WEXITED) == 0 {
                break;
            }
            if *libc::__errno_location() != libc::EINTR {
                libc::_exit(1);
            }
        }
        if fd >= 0 {
            libc::close(fd);
        }
        // The signals stay blocked: a late SIGALRM must not end us.
        libc::_exit(0)
    }
}

fn say(bytes: &[u8]) {
    // SAFETY: a valid buffer of that length.
    unsafe { libc::write(1, bytes.as_ptr().cast(), bytes.len()) };
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: `_exit` ends the process.
    unsafe { libc::_exit(101) }
}
