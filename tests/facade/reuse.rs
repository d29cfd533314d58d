//! Pid reuse, for real: in a new pid namespace a stranger is put on the pid
//! of a child that is gone, and a `Child` handle that still has that pid
//! must not reach it. (Run as root; each scenario says it skipped where no
//! namespace can be made.)

use std::time::Duration;

use procsig::{Child, Errno, Signal, WaitStatus};

use crate::fork_child;
use crate::support::*;

/// A child that runs until killed.
fn endless_child() -> Child {
    fork_child(|| loop {
        unsafe { libc::pause() };
    })
}

/// Killed by glibc's reserved signal 33, which is no `Signal`: the status
/// decodes as `Unknown`, and the child still counts as reaped.
pub fn killed_by_reserved_signal() {
    in_new_pid_namespace(|| {
        // `cargo test` starts test binaries with 32 and 33 ignored, and
        // glibc's sigaction refuses to touch them: the kernel's own call
        // puts the default (terminate) back for the child to inherit.
        let default_action = [0u64; 4]; // handler SIG_DFL, no flags, empty mask
        let r = unsafe {
            libc::syscall(
                libc::SYS_rt_sigaction,
                33,
                default_action.as_ptr(),
                std::ptr::null_mut::<u64>(),
                8,
            )
        };
        assert_eq!(
            r,
            0,
            "rt_sigaction(33): {}",
            std::io::Error::last_os_error()
        );
        let mut child = endless_child();
        let pid = child.pid().as_raw();
        assert_eq!(unsafe { libc::kill(pid, 33) }, 0);
        await_state(pid, libc::WEXITED);
        let status = child.try_wait().unwrap();
        assert!(
            matches!(status, Some(WaitStatus::Unknown(_))),
            "killed by 33: {status:?}"
        );
        let stranger = Stranger::at(pid);
        assert_eq!(child.signal(Signal::KILL), Err(Errno::ESRCH));
        assert_eq!(child.try_wait(), Err(Errno::ECHILD));
        stranger.finish();
    });
}

/// `SIGCHLD` ignored: the kernel reaps the child as it ends, and the handle
/// never hears of it. Its signal must still not reach the pid's new owner.
pub fn reaped_by_the_kernel() {
    in_new_pid_namespace(|| {
        set_disposition(libc::SIGCHLD, libc::SIG_IGN);
        let (r, w) = pipe();
        let child = fork_child(move || {
            close(w);
            read_to_end(r);
            0
        });
        close(r);
        let pid = child.pid().as_raw();
        close(w);
        // Blocks until the kernel has reaped it, then reports ECHILD.
        assert_eq!(unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) }, -1);
        // Back to the default, so that the stranger's launcher can be
        // waited for; the child is gone either way.
        set_disposition(libc::SIGCHLD, libc::SIG_DFL);
        let stranger = Stranger::at(pid);
        assert_eq!(child.signal(Signal::KILL), Err(Errno::ESRCH));
        stranger.finish();
    });
}

/// A later `fork` copies the parent's `Child` into another process; the
/// parent reaps the child; the copy then tries to signal it.
pub fn copied_by_a_later_fork() {
    in_new_pid_namespace(|| {
        let mut child = endless_child();
        let pid = child.pid().as_raw();
        let (go_r, go_w) = pipe();
        let copy_holder = spawn(|| {
            close(go_w);
            read_to_end(go_r);
            // This process has a bitwise copy of the parent's handle.
            match child.signal(Signal::KILL) {
                Err(Errno::ESRCH | Errno::ECHILD) => 0,
                other => {
                    println!("the copy's signal: {other:?}");
                    1
                }
            }
        });
        close(go_r);
        child.signal(Signal::TERM).unwrap();
        // Reaped through the handle, which must then forget the pid.
        let status = child.wait_timeout(Duration::from_secs(20)).unwrap();
        assert!(status.is_some(), "SIGTERM did not end the child");
        let stranger = Stranger::at(pid);
        close(go_w);
        reap_ok(copy_holder);
        stranger.finish();
    });
}
