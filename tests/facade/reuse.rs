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
#[cfg(target_os = "linux")]
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
#[cfg(target_os = "linux")]
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
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
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

/// Forks a child of ours onto `pid`, which must be free, in the pid
/// namespace the caller is pid 1 of. It stops itself at once and stays
/// stopped until killed; returns when the stop is reportable (unconsumed).
fn own_child_stopped_at(pid: libc::pid_t) -> libc::pid_t {
    loop {
        // The next fork in this namespace gets `pid`, if it is free.
        std::fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string()).unwrap();
        let later = spawn(|| loop {
            unsafe { libc::raise(libc::SIGSTOP) };
        });
        if later == pid {
            await_state(later, libc::WSTOPPED);
            return later;
        }
        // The kernel wakes a waiter for an auto-reaped child a moment
        // before it frees the pid: not free yet, so end this one and retry
        // (the scenario's watchdog bounds it).
        end_later_child(later);
        unsafe { libc::sched_yield() };
    }
}

/// How our later child on the reused pid stands, as `waitid` reports it
/// without consuming anything: `Ok(CLD_STOPPED)` while its stop is still
/// unreported, as [`own_child_stopped_at`] left it.
fn later_child_state(pid: libc::pid_t) -> Result<libc::c_int, Errno> {
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let options = libc::WEXITED | libc::WSTOPPED | libc::WNOHANG | libc::WNOWAIT;
    if unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, options) } != 0 {
        return Err(Errno::last());
    }
    if unsafe { info.si_pid() } == 0 {
        return Ok(0); // running: its stop was consumed by someone's wait
    }
    Ok(info.si_code)
}

/// Kills and reaps our later child (with SIGCHLD ignored, the kernel reaps
/// it and `waitpid` reports `ECHILD` once it is gone).
fn end_later_child(pid: libc::pid_t) {
    unsafe { libc::kill(pid, libc::SIGKILL) };
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
}

extern "C" fn on_chld(_: libc::c_int) {}

/// Children are reaped by the kernel (`SIGCHLD` ignored, or a handler with
/// `SA_NOCLDWAIT`): the handle's child is reaped as it ends, behind the
/// handle's back, and a later child of ours takes its pid. Without a
/// pidfd, "an unreaped child of ours has this pid" is then true of the
/// wrong child: the handle must refuse, not signal or wait for it.
///
/// With `restored`, the disposition is back to `SIG_DFL` before the later
/// child is forked and before any method is called: only the moment of the
/// fork saw the kernel reaping, and the handle must have learned it then.
#[cfg(procsig_timed_wait)]
fn auto_reaped_then_reused(nocldwait: bool, restored: bool) {
    if nocldwait {
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = on_chld as *const () as libc::sighandler_t;
            act.sa_flags = libc::SA_NOCLDWAIT | libc::SA_RESTART;
            libc::sigemptyset(&mut act.sa_mask);
            assert_eq!(
                libc::sigaction(libc::SIGCHLD, &act, std::ptr::null_mut()),
                0
            );
        }
    } else {
        set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    }
    let mut child = fork_child(|| 0);
    let pid = child.pid().as_raw();
    if pidfds_refused() {
        assert_eq!(child.pidfd(), None, "the pid fallback is under test");
    }
    // Blocks until the kernel has reaped it, then reports ECHILD.
    assert_eq!(unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) }, -1);
    if restored {
        set_disposition(libc::SIGCHLD, libc::SIG_DFL);
    }
    let later = own_child_stopped_at(pid);
    // A pidfd knows its process is gone (ESRCH); the pid fallback cannot
    // tell the later child from its own, so it refuses (ECHILD).
    let refused = if pidfds_refused() {
        Errno::ECHILD
    } else {
        Errno::ESRCH
    };
    let signal = child.signal(Signal::KILL);
    let after_signal = later_child_state(later);
    let try_wait = child.try_wait();
    let wait_stopped = child.wait_stopped();
    let wait_timeout = child.wait_timeout(Duration::from_secs(20));
    let after_waits = later_child_state(later);
    let mut slots = [Some(child)];
    let any = procsig::wait_any(&mut slots, Some(Duration::from_secs(20)));
    let after_wait_any = later_child_state(later);
    assert_eq!(
        (
            signal,
            after_signal,
            try_wait,
            wait_stopped,
            wait_timeout,
            after_waits
        ),
        (
            Err(refused),
            Ok(libc::CLD_STOPPED),
            Err(Errno::ECHILD),
            Err(Errno::ECHILD),
            Err(Errno::ECHILD),
            Ok(libc::CLD_STOPPED),
        ),
        "(signal, later child then, try_wait, wait_stopped, wait_timeout, later child then)"
    );
    let ended = any.unwrap().unwrap();
    assert_eq!((ended.index, ended.status), (0, Err(Errno::ECHILD)));
    assert_eq!(after_wait_any, Ok(libc::CLD_STOPPED));
    end_later_child(later);
}

#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn later_child_while_sigchld_ignored() {
    in_new_pid_namespace(|| auto_reaped_then_reused(false, false));
}

#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn later_child_with_sa_nocldwait() {
    in_new_pid_namespace(|| auto_reaped_then_reused(true, false));
}

/// `SIGCHLD` was ignored when the child was forked, and is not any more.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn later_child_after_sigchld_was_ignored() {
    in_new_pid_namespace(|| auto_reaped_then_reused(false, true));
}

/// `SA_NOCLDWAIT` was set when the child was forked, and is not any more.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn later_child_after_sa_nocldwait() {
    in_new_pid_namespace(|| auto_reaped_then_reused(true, true));
}

/// A handle that reaped its child never uses the pid again, whichever
/// method reaped it: a later child of ours on that pid is neither
/// signalled nor waited for by any method, nor by dropping the handle.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn reaped_handle_leaves_later_child_alone() {
    in_new_pid_namespace(|| {
        for how in 0..4 {
            let mut child = fork_child(|| 7);
            let pid = child.pid().as_raw();
            await_state(pid, libc::WEXITED);
            let status = match how {
                0 => child.try_wait(),
                1 => child.wait_stopped().map(Some),
                2 => child.wait_timeout(Duration::from_secs(20)),
                _ => {
                    let mut slots = [Some(child)];
                    let ended = procsig::wait_any(&mut slots, Some(Duration::from_secs(20)));
                    assert_eq!(ended.unwrap().unwrap().status, Ok(WaitStatus::Exited(7)));
                    continue; // the slot is empty: wait_any took the handle
                }
            };
            assert_eq!(
                status,
                Ok(Some(WaitStatus::Exited(7))),
                "reaped by method {how}"
            );
            let later = own_child_stopped_at(pid);
            assert_eq!(
                child.signal(Signal::KILL),
                Err(Errno::ESRCH),
                "method {how}"
            );
            assert_eq!(child.try_wait(), Err(Errno::ECHILD), "method {how}");
            assert_eq!(child.wait_stopped(), Err(Errno::ECHILD), "method {how}");
            assert_eq!(
                child.wait_timeout(Duration::from_secs(20)),
                Err(Errno::ECHILD),
                "method {how}"
            );
            let mut slots = [Some(child)];
            let ended = procsig::wait_any(&mut slots, Some(Duration::from_secs(20)));
            assert_eq!(ended.unwrap().unwrap().status, Err(Errno::ECHILD));
            assert_eq!(
                later_child_state(later),
                Ok(libc::CLD_STOPPED),
                "method {how}"
            );
            end_later_child(later);
        }
        // And through a process group it led, and by dropping or waiting.
        let child = match unsafe { procsig::ForkOptions::new().own_group().fork() }.unwrap() {
            procsig::Fork::Child => procsig::exit(7),
            procsig::Fork::Parent(child) => child,
        };
        let pid = child.pid().as_raw();
        await_state(pid, libc::WEXITED);
        let mut child = child;
        assert_eq!(child.try_wait(), Ok(Some(WaitStatus::Exited(7))));
        let later = own_child_stopped_at(pid);
        assert_eq!(child.signal_group(Signal::KILL), Err(Errno::ESRCH));
        assert_eq!(child.wait(), Err(Errno::ECHILD));
        assert_eq!(later_child_state(later), Ok(libc::CLD_STOPPED));
        end_later_child(later);
    });
}
