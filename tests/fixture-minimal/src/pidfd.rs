//! What the two hand-written pidfd binaries share: opening a child's pidfd,
//! keeping it off the standard descriptors and proving it names our
//! unreaped child, as procsig's `fork` does.

use core::ffi::c_int;

/// A pidfd for the child `pid`, numbered above 2 (launched with its
/// standard descriptors closed, the program would otherwise hand the pidfd
/// to every later child as its standard input, output or error), proven to
/// name it (`waitid` with `WNOWAIT` fails for any process that is not our
/// unreaped child), or -1.
pub unsafe fn open_pidfd(pid: libc::pid_t) -> c_int {
    // SAFETY: plain system calls on valid arguments.
    unsafe {
        let mut fd = libc::syscall(libc::SYS_pidfd_open, pid, 0) as c_int;
        if fd < 0 {
            return -1;
        }
        if fd <= 2 {
            let moved = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3);
            libc::close(fd);
            if moved < 0 {
                return -1;
            }
            fd = moved;
        }
        let mut info: libc::siginfo_t = core::mem::zeroed();
        let options = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        if libc::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, options) != 0 {
            libc::close(fd);
            return -1;
        }
        fd
    }
}
