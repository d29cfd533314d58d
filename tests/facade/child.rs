use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use procsig::{Child, Errno, Pid, SigSet, Signal, WaitStatus};

use crate::fork_child;

use crate::support::*;

/// Blocks until the child has ended, without reaping it.
fn await_exit(child: &Child) {
    await_state(child.pid().as_raw(), libc::WEXITED);
}

pub fn fork_sides() {
    let (r, w) = pipe();
    let child = fork_child(|| {
        write_all(w, Pid::this().to_string().as_bytes());
        let parent_ok = Pid::parent().is_some();
        i32::from(!parent_ok)
    });
    close(w);
    assert_eq!(
        String::from_utf8(read_to_end(r)).unwrap(),
        child.pid().to_string()
    );
    assert_ne!(child.pid(), Pid::this());
    assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)));
}

pub fn signal_after_reap() {
    let mut child = fork_child(|| 5);
    await_exit(&child);
    assert_eq!(
        child.signal(Signal::USR1),
        Ok(()),
        "an unreaped zombie can be signalled"
    );
    assert_eq!(child.try_wait(), Ok(Some(WaitStatus::Exited(5))));
    assert_eq!(
        child.signal(Signal::KILL),
        Err(Errno::ESRCH),
        "reaped: its pid may be reused"
    );
    assert_eq!(child.try_wait(), Err(Errno::ECHILD));
    assert_eq!(child.wait_stopped(), Err(Errno::ECHILD));
}

static INTERRUPTS: AtomicUsize = AtomicUsize::new(0);
extern "C" fn count(_: libc::c_int) {
    INTERRUPTS.fetch_add(1, Ordering::SeqCst);
}

/// glibc's waitpid returns EINTR when a handler runs; `Child::wait` retries.
#[cfg(target_os = "linux")]
pub fn wait_eintr() {
    set_disposition(libc::SIGUSR2, count as *const () as libc::sighandler_t);
    let (r, w) = pipe();
    let child = fork_child(move || {
        close(w);
        read_to_end(r);
        9
    });
    close(r);
    let me = unsafe { libc::getpid() };
    let helper = spawn(move || {
        await_in_syscall(me, CHILD_WAIT_SYSCALLS);
        for _ in 0..200 {
            unsafe { libc::kill(me, libc::SIGUSR2) };
            unsafe { libc::sched_yield() };
        }
        close(w); // lets the child exit
        0
    });
    close(w);
    assert_eq!(child.wait(), Ok(WaitStatus::Exited(9)));
    reap_ok(helper);
    assert!(INTERRUPTS.load(Ordering::SeqCst) > 0, "no handler ran");
}

pub fn try_wait() {
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    assert_eq!(child.try_wait(), Ok(None));
    close(w);
    await_exit(&child);
    assert_eq!(child.try_wait(), Ok(Some(WaitStatus::Exited(0))));
    assert_eq!(child.try_wait(), Err(Errno::ECHILD));
}

#[cfg(procsig_timed_wait)]
pub fn wait_timeout_expires() {
    let before = SigSet::current().unwrap();
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    for ms in [1, 50] {
        let start = Instant::now();
        assert_eq!(child.wait_timeout(Duration::from_millis(ms)), Ok(None));
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(ms), "woke early: {took:?}");
        assert!(
            took < Duration::from_millis(ms + 2000),
            "far too late: {took:?}"
        );
    }
    assert_eq!(SigSet::current().unwrap(), before, "SIGCHLD left blocked");
    close(w);
    assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)));
}

#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn wait_timeout_exit() {
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        4
    });
    close(r);
    let me = unsafe { libc::getpid() };
    // Lets the child go only once the parent is inside its timed wait.
    let helper = spawn(move || {
        await_in_syscall(me, CHILD_WAIT_SYSCALLS);
        close(w);
        0
    });
    close(w);
    let start = Instant::now();
    assert_eq!(
        child.wait_timeout(Duration::from_secs(60)),
        Ok(Some(WaitStatus::Exited(4)))
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    reap_ok(helper);
    assert_eq!(child.signal(Signal::TERM), Err(Errno::ESRCH));
}

pub fn stopped() {
    let mut child = fork_child(|| {
        procsig::kill(Pid::this(), Signal::STOP).unwrap();
        6
    });
    assert_eq!(child.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    assert_eq!(child.try_wait(), Ok(None), "a stopped child has not ended");
    child.signal(Signal::CONT).unwrap();
    assert_eq!(child.wait_stopped(), Ok(WaitStatus::Exited(6)));
    assert_eq!(child.signal(Signal::CONT), Err(Errno::ESRCH));
}

/// The handle takes a pidfd where the kernel has them, and its fallback
/// where `pidfd_open` is refused (the `no_pidfd::` run): so each run tests
/// the path it claims to. Also under the macOS-like build, which has no
/// pidfd: there the handle must never claim one.
pub fn pidfd_where_available() {
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    assert_eq!(child.pidfd().is_some(), !pidfds_refused(), "{child:?}");
    close(w);
    // The scenario's watchdog bounds the wait.
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Exited(0)));
    assert_eq!(child.pidfd(), None, "reaped: the pidfd is closed");
}

/// Linux 5.3 has `pidfd_open` but `waitid` does not know `P_PIDFD`
/// (simulated with seccomp): the handle must notice and fall back.
#[cfg(all(procsig_timed_wait, procsig_pidfd, target_os = "linux"))]
pub fn kernel_without_p_pidfd_falls_back() {
    fail_syscall(libc::SYS_waitid, Some(libc::P_PIDFD), libc::EINVAL);
    let mut child = fork_child(|| {
        procsig::kill(Pid::this(), Signal::STOP).unwrap();
        2
    });
    assert_eq!(child.pidfd(), None);
    assert_eq!(child.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    child.signal(Signal::CONT).unwrap();
    assert_eq!(
        child.wait_timeout(Duration::from_secs(20)),
        Ok(Some(WaitStatus::Exited(2)))
    );
    assert_eq!(child.signal(Signal::CONT), Err(Errno::ESRCH));
}

/// `wait_changed` reports a stop (Ctrl-Z's `SIGTSTP`: the scenario's
/// group is not orphaned), a continue and the end, each once; after the
/// end the handle is spent.
pub fn wait_changed_each_once() {
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        7
    });
    close(r);
    assert_eq!(child.try_wait_changed(), Ok(None), "running, nothing new");
    child.signal(Signal::TSTP).unwrap();
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Stopped(Signal::TSTP)));
    assert_eq!(child.try_wait_changed(), Ok(None), "the stop was reported");
    assert_eq!(child.try_wait(), Ok(None), "a stopped child has not ended");
    child.signal(Signal::CONT).unwrap();
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Continued));
    assert_eq!(
        child.try_wait_changed(),
        Ok(None),
        "the continue was reported"
    );
    child.signal(Signal::STOP).unwrap();
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Stopped(Signal::STOP)));
    child.signal(Signal::CONT).unwrap();
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Continued));
    close(w);
    assert_eq!(child.wait_changed(), Ok(WaitStatus::Exited(7)));
    assert_eq!(child.try_wait_changed(), Err(Errno::ECHILD));
    assert_eq!(child.wait_changed(), Err(Errno::ECHILD));
    assert_eq!(child.signal(Signal::CONT), Err(Errno::ESRCH));
}

/// The kernel keeps the latest state, as `wait_changed`'s docs say: a stop
/// followed by a continue before anyone looks is reported as the
/// continue alone; an end after a stop, as the end alone.
pub fn wait_changed_reports_the_latest_state() {
    let (r, w) = pipe();
    let mut child = fork_child(move || {
        close(w);
        read_to_end(r);
        3
    });
    close(r);
    let pid = child.pid().as_raw();
    child.signal(Signal::STOP).unwrap();
    await_state(pid, libc::WSTOPPED);
    child.signal(Signal::CONT).unwrap();
    await_state(pid, libc::WCONTINUED);
    assert_eq!(child.try_wait_changed(), Ok(Some(WaitStatus::Continued)));
    assert_eq!(child.try_wait_changed(), Ok(None));
    child.signal(Signal::STOP).unwrap();
    await_state(pid, libc::WSTOPPED);
    child.signal(Signal::KILL).unwrap();
    await_state(pid, libc::WEXITED);
    assert_eq!(
        child.try_wait_changed(),
        Ok(Some(WaitStatus::Signaled {
            signal: Signal::KILL,
            core_dumped: false
        }))
    );
    close(w);
}
