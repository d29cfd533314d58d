//! What the two hand-written pidfd binaries share: opening a child's pidfd
//! and proving it names our unreaped child, as procsig's `fork` does.

use core::ffi::c_int;

/// A pidfd for the child `pid`, proven to name it (`waitid` with `WNOWAIT`
/// fails for any process that is not our unreaped child), or -1.
pub unsafe fn open_pidfd(pid: libc::pid_t) -> c_int {
    // SAFETY: plain system calls on valid arguments.
    unsafe {
        let fd = libc::syscall(libc::SYS_pidfd_open, pid, 0) as c_int;
        if fd < 0 {
            return -1;
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
