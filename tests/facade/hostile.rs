use std::time::{Duration, Instant};

use procsig::{kill, Child, Errno, Pid, SigSet, Signal, WaitStatus};

use crate::fork_child;

use crate::support::*;

/// A launcher that left SIGCHLD ignored: children are reaped by the kernel
/// and no SIGCHLD is sent. The waits report ECHILD; none hangs.
#[cfg(procsig_timed_wait)]
pub fn sigchld_ignored() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    let (r, w) = pipe();
    let mut running = fork_child(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    let start = Instant::now();
    assert_eq!(
        running.wait_timeout(Duration::from_secs(60)),
        Err(Errno::ECHILD)
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "reported only after the timeout"
    );
    close(w);
    assert_eq!(running.wait(), Err(Errno::ECHILD));

    let exited = fork_child(|| 0);
    assert_eq!(exited.wait(), Err(Errno::ECHILD));
}

/// Every signal blocked and ignored by the launcher: waiting for a blocked
/// signal still works (Linux keeps it pending), and so does a child's
/// stop/continue/exit cycle.
#[cfg(procsig_timed_wait)]
pub fn all_blocked_ignored() {
    for sig in 1..=64 {
        // KILL, STOP and glibc's 32/33 refuse; that is expected.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = libc::SIG_IGN;
            libc::sigaction(sig, &act, std::ptr::null_mut());
        }
    }
    let all = SigSet::full();
    let _everything = all.block().unwrap();
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(SigSet::from(Signal::USR1).wait(), Ok(Signal::USR1));

    procsig::reset_disposition(Signal::CHLD).unwrap();
    let mut child = fork_child(|| {
        kill(Pid::this(), Signal::STOP).unwrap();
        3
    });
    assert_eq!(child.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    // CONT is blocked and ignored in the child, and still resumes it.
    child.signal(Signal::CONT).unwrap();
    assert_eq!(
        child.wait_timeout(Duration::from_secs(20)),
        Ok(Some(WaitStatus::Exited(3)))
    );
}

/// N sends of a standard signal while it is pending are one signal. This is
/// why nothing in procsig counts standard signals.
#[cfg(procsig_timed_wait)]
pub fn coalesce() {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let me = Pid::this();
    let children: Vec<Child> = (0..20)
        .map(|_| fork_child(move || i32::from(kill(me, Signal::USR1).is_err())))
        .collect();
    for c in children {
        assert_eq!(c.wait(), Ok(WaitStatus::Exited(0)));
    }
    // All 20 were sent before this wait: exactly one is pending.
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(Some(Signal::USR1)));
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(None));
}

/// Real-time signals queue: N sends are N signals, so they can be counted.
#[cfg(all(procsig_rtsig, procsig_timed_wait))]
pub fn realtime_count() {
    let rt = Signal::rt(1).unwrap();
    let guard = SigSet::from(rt).block().unwrap();
    let me = Pid::this();
    let children: Vec<Child> = (0..20)
        .map(|_| fork_child(move || i32::from(kill(me, rt).is_err())))
        .collect();
    for c in children {
        assert_eq!(c.wait(), Ok(WaitStatus::Exited(0)));
    }
    for i in 0..20 {
        assert_eq!(
            guard.wait_timeout(Duration::ZERO),
            Ok(Some(rt)),
            "instance {i}"
        );
    }
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(None));
}

/// Children that stop themselves at the same moment are each seen: a stop
/// lives in that child's own wait status, not in a shared pending bit.
pub fn stops_count() {
    let mut children: Vec<Child> = (0..50)
        .map(|_| {
            fork_child(|| {
                kill(Pid::this(), Signal::STOP).unwrap();
                0
            })
        })
        .collect();
    for c in &mut children {
        assert_eq!(c.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    }
    for c in children {
        c.signal(Signal::CONT).unwrap();
        assert_eq!(c.wait(), Ok(WaitStatus::Exited(0)));
    }
}

/// A launcher left SIGCHLD ignored, and the program blocks `{CHLD}` before
/// forking and waits through the guard (README's pattern): no SIGCHLD will
/// ever come, so every such wait is refused at once, not slept out.
#[cfg(procsig_timed_wait)]
pub fn sigchld_ignored_signal_wait_is_refused() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    let chld = SigSet::from(Signal::CHLD);
    let guard = chld.block().unwrap();
    let child = fork_child(|| 0);
    let start = Instant::now();
    assert_eq!(
        guard.wait_timeout(Duration::from_secs(10)),
        Err(Errno::ECHILD)
    );
    assert_eq!(guard.wait(), Err(Errno::ECHILD));
    assert_eq!(chld.wait(), Err(Errno::ECHILD));
    assert_eq!(
        SigSet::from([Signal::CHLD, Signal::ALRM]).wait_timeout(Duration::from_secs(10)),
        Err(Errno::EINVAL),
        "ALRM is not blocked"
    );
    assert!(start.elapsed() < Duration::from_secs(2), "not at once");
    assert_eq!(child.wait(), Err(Errno::ECHILD));
    // With the default back, the same guard waits for real.
    procsig::reset_disposition(Signal::CHLD).unwrap();
    let _child = fork_child(|| 0);
    assert_eq!(guard.wait(), Ok(Signal::CHLD));
}

/// A set whose only bits are no signal of this target (glibc's reserved 33,
/// or 100, past SIGRTMAX): nothing could end a wait on it.
#[cfg(procsig_timed_wait)]
pub fn nothing_waitable_is_refused() {
    for bit in [33, 100] {
        let set = SigSet::from_sigset_t(raw_sigset_with_bit(bit));
        assert!(set.iter().next().is_none());
        let guard = set.block().unwrap();
        assert_eq!(guard.wait(), Err(Errno::EINVAL), "bit {bit}");
        assert_eq!(
            guard.wait_timeout(Duration::from_secs(10)),
            Err(Errno::EINVAL),
            "bit {bit}"
        );
        assert_eq!(set.wait(), Err(Errno::EINVAL), "bit {bit}");
    }
    let only_unblockable = SigSet::from([Signal::KILL, Signal::STOP]);
    assert_eq!(only_unblockable.block().unwrap().wait(), Err(Errno::EINVAL));
}

/// A `sigset_t` with signal number `signo`'s bit set, by hand (glibc's
/// `sigaddset` refuses 32 and 33).
pub fn raw_sigset_with_bit(signo: usize) -> libc::sigset_t {
    let mut set = sigset(&[]);
    let words = unsafe {
        std::slice::from_raw_parts_mut(
            (&mut set as *mut libc::sigset_t).cast::<u64>(),
            std::mem::size_of::<libc::sigset_t>() / 8,
        )
    };
    words[(signo - 1) / 64] |= 1 << ((signo - 1) % 64);
    set
}

/// A seccomp filter makes `getpid` fail: `Pid::this()` must still be a pid
/// that reaches no process, and nothing may panic.
#[cfg(target_os = "linux")]
pub fn getpid_made_to_fail() {
    fail_syscall(libc::SYS_getpid, None, libc::EPERM);
    assert_eq!(unsafe { libc::getpid() }, -1, "the filter is not in force");
    let me = Pid::this();
    assert_eq!(me, Pid::NO_PROCESS);
    assert_eq!(kill(me, Signal::USR1), Err(Errno::ESRCH));
    assert_eq!(procsig::kill_group(me, Signal::USR1), Err(Errno::ESRCH));
    assert_eq!(procsig::probe(me), Err(Errno::ESRCH));
}

/// Another thread ignores `SIGCHLD` while a wait sleeps: from then on the
/// kernel reaps the child itself and sends no `SIGCHLD` at all, so a wait
/// that sleeps for one (the pid fallback) must look at the disposition
/// again by itself. Each wait reports `ECHILD` within seconds: it neither
/// sleeps out its 60 s timeout nor, without one, hangs (the watchdog).
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn sigchld_ignored_during_a_wait() {
    for which in 0..3 {
        set_disposition(libc::SIGCHLD, libc::SIG_DFL);
        // Blocked in every thread (the helper inherits it), as the
        // fallback's timed waits ask.
        let guard = SigSet::from(Signal::CHLD).block().unwrap();
        let (r, w) = pipe();
        let mut child = fork_child(move || {
            close(w);
            read_to_end(r);
            0
        });
        close(r);
        let me = unsafe { libc::getpid() };
        let helper = std::thread::spawn(move || {
            await_in_syscall(
                me,
                &[libc::SYS_rt_sigtimedwait, libc::SYS_poll, libc::SYS_ppoll],
            );
            set_disposition(libc::SIGCHLD, libc::SIG_IGN);
            close(w); // the child ends now, and nobody is told
        });
        let start = Instant::now();
        let status = match which {
            0 => child.wait_timeout(Duration::from_secs(60)).map(|_| ()),
            1 => wait_any_status(child, None),
            _ => wait_any_status(child, Some(Duration::from_secs(60))),
        };
        helper.join().unwrap();
        assert_eq!(status, Err(Errno::ECHILD), "wait {which}");
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "wait {which} slept {:?}",
            start.elapsed()
        );
        drop(guard);
    }
}

#[cfg(procsig_timed_wait)]
fn wait_any_status(child: Child, timeout: Option<Duration>) -> Result<(), Errno> {
    let mut slots = [Some(child)];
    let ended = procsig::wait_any(&mut slots, timeout)?.ok_or(Errno::ETIMEDOUT)?;
    ended.status.map(drop)
}

/// Review B, item 4: in a process whose standard descriptors are closed
/// (launched `<&- >&- 2>&-`, no runtime to reopen them), a `Child`'s
/// pidfd and an event wait's descriptors must not take 0, 1 or 2: a child
/// forked later would take them as its standard input or output. The
/// middle process writes what it finds to a pipe (it has no stderr).
#[cfg(procsig_linux)]
pub fn standard_descriptors_stay_closed() {
    let (r, w) = pipe();
    let middle = spawn(|| {
        close(r);
        for fd in 0..3 {
            close(fd);
        }
        let open = || -> Vec<i32> {
            (0..3)
                .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0)
                .collect()
        };
        let report = |line: String| unsafe {
            libc::write(w, line.as_ptr().cast(), line.len());
        };
        let child = fork_child(|| 0);
        report(format!("child: {:?},", open()));
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let events = procsig::Events::new(Some(&guard)).unwrap();
        report(format!("events: {:?},", open()));
        drop(events);
        report(format!("child: {:?}", child.wait()));
        0
    });
    close(w);
    let out = String::from_utf8(read_to_end(r)).unwrap();
    reap_ok(middle);
    assert_eq!(out, "child: [],events: [],child: Ok(Exited(0))");
}
