//! CONFORMANCE.md, "pidfd (Linux ≥ 5.3)": the raw wrappers against the
//! kernel, with real children (pid reuse in a pid namespace).

use procsig::raw;

use crate::support::*;

/// A child that runs until `release` is closed; `(pid, release)`.
fn held() -> (libc::pid_t, libc::c_int) {
    let (r, w) = pipe();
    let pid = spawn(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    (pid, w)
}

fn open(pid: libc::pid_t) -> libc::c_int {
    unsafe { raw::pidfd_open(pid, 0) }.expect("pidfd_open of an unreaped child")
}

/// Whether `fd` is readable at once (poll with a zero timeout).
fn readable(fd: libc::c_int) -> bool {
    let mut fds = [libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }];
    unsafe { raw::poll(&mut fds, 0) }.unwrap() == 1 && fds[0].revents & libc::POLLIN != 0
}

/// Unreaped child → a close-on-exec descriptor that becomes readable when
/// the child ends, not when it stops; `waitid(P_PIDFD)` then reaps it.
pub fn readable_on_exit_not_stop() {
    let (pid, release) = held();
    let fd = open(pid);
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    assert_ne!(flags & libc::FD_CLOEXEC, 0, "not close-on-exec");
    assert!(!readable(fd), "readable while running");
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    await_state(pid, libc::WSTOPPED);
    assert!(!readable(fd), "readable while stopped");
    unsafe { libc::kill(pid, libc::SIGCONT) };
    close(release);
    await_state(pid, libc::WEXITED);
    assert!(readable(fd), "not readable once the child ended");
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    unsafe { raw::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, libc::WEXITED) }.unwrap();
    assert_eq!(unsafe { info.si_pid() }, pid);
    assert_eq!(info.si_code, libc::CLD_EXITED);
    assert_eq!(
        unsafe { libc::waitpid(pid, std::ptr::null_mut(), libc::WNOHANG) },
        -1
    );
    unsafe { raw::close(fd) }.unwrap();
}

/// An ended, unreaped child can be signalled through its pidfd; after it
/// is reaped, ESRCH — even when a new process has taken its pid.
pub fn send_signal_zombie_then_reused_pid() {
    in_new_pid_namespace(|| {
        let (pid, release) = held();
        let fd = open(pid);
        close(release);
        await_state(pid, libc::WEXITED);
        assert_eq!(
            unsafe { raw::pidfd_send_signal(fd, libc::SIGKILL, None, 0) },
            Ok(())
        );
        reap_ok(pid);
        let stranger = Stranger::at(pid);
        assert_eq!(
            unsafe { raw::pidfd_send_signal(fd, libc::SIGKILL, None, 0) },
            Err(procsig::Errno::ESRCH)
        );
        stranger.finish();
        unsafe { raw::close(fd) }.unwrap();
    });
}

/// No such process → ESRCH; unknown flags → EINVAL; a pidfd's process
/// that is not our child → waitid ECHILD.
pub fn open_errors() {
    let pid_max: libc::pid_t = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        unsafe { raw::pidfd_open(pid_max + 1, 0) },
        Err(procsig::Errno::ESRCH)
    );
    let me = unsafe { libc::getpid() };
    assert_eq!(
        unsafe { raw::pidfd_open(me, 0x7fff_0000) },
        Err(procsig::Errno::EINVAL)
    );
    let fd = open(me);
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let options = libc::WEXITED | libc::WNOHANG;
    assert_eq!(
        unsafe { raw::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, options) },
        Err(procsig::Errno::ECHILD)
    );
    unsafe { raw::close(fd) }.unwrap();
}

/// SIGCHLD ignored: a child that ended before `pidfd_open` was reaped by
/// the kernel, so the open fails with ESRCH (a handle must count it as
/// reaped). On a busy machine with a small `pid_max` (32768 here) another
/// process may take the freed pid before the open: the open then succeeds
/// on a process that is not our child (`waitid` through it: ECHILD), and
/// the round is run again; at most 100 rounds, each either ESRCH or such
/// a stranger.
pub fn auto_reaped_child_is_esrch() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    for _ in 0..100 {
        let pid = spawn(|| 0);
        // Blocks until the kernel has reaped it.
        assert_eq!(unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) }, -1);
        match unsafe { raw::pidfd_open(pid, 0) } {
            Err(e) => {
                assert_eq!(e, procsig::Errno::ESRCH);
                return;
            }
            Ok(fd) => {
                // Not our child: the pid is someone else's now.
                let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
                let options = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
                assert_eq!(
                    unsafe { raw::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, options) },
                    Err(procsig::Errno::ECHILD),
                    "pidfd_open succeeded on our own reaped child"
                );
                unsafe { raw::close(fd) }.unwrap();
            }
        }
    }
    panic!("100 rounds, and each time another process took the pid first");
}

/// A kernel without the call (simulated with seccomp) → ENOSYS, the
/// fallback's trigger.
pub fn enosys_without_the_call() {
    refuse_pidfds();
    let (pid, release) = held();
    assert_eq!(
        unsafe { raw::pidfd_open(pid, 0) },
        Err(procsig::Errno::ENOSYS)
    );
    close(release);
    reap_ok(pid);
}
