use procsig::raw;
use procsig::Errno;

use crate::support::*;

pub fn probe_live_and_missing() {
    let me = unsafe { raw::getpid() };
    assert_eq!(unsafe { raw::kill(me, 0) }, Ok(()));
    // No pid reaches pid_max: pids are allocated below it.
    let pid_max: i32 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .map(|s| s.trim().parse().unwrap())
        .unwrap_or(i32::MAX);
    assert_eq!(unsafe { raw::kill(pid_max, 0) }, Err(Errno::ESRCH));
    assert_eq!(unsafe { raw::kill(i32::MAX, 0) }, Err(Errno::ESRCH));
}

pub fn invalid_signal() {
    let me = unsafe { raw::getpid() };
    for sig in [65, 2000, -1] {
        assert_eq!(
            unsafe { raw::kill(me, sig) },
            Err(Errno::EINVAL),
            "signal {sig}"
        );
    }
}

pub fn zombie() {
    let pid = spawn(|| 0);
    // Wait until it has exited without reaping it: it is now a zombie.
    await_state(pid, libc::WEXITED);
    assert_eq!(proc_state(pid), Some('Z'));
    assert_eq!(unsafe { raw::kill(pid, 0) }, Ok(()));
    assert_eq!(unsafe { raw::kill(pid, libc::SIGKILL) }, Ok(()));
    let started = start_time(pid);
    let status = reap(pid);
    assert!(
        libc::WIFEXITED(status),
        "a zombie is not killed again: {status:#x}"
    );
    esrch_or_reused(unsafe { raw::kill(pid, 0) }, pid, started);
}

pub fn eperm_after_setuid() {
    if !is_root() {
        crate::support::skip("needs root to drop privileges");
    }
    // If the send wrongly succeeded, USR1 stays pending here instead of
    // killing the scenario.
    block(&[libc::SIGUSR1]);
    let target = unsafe { raw::getpid() };
    let pid = spawn(move || {
        assert_eq!(unsafe { libc::setuid(65534) }, 0);
        match unsafe { raw::kill(target, libc::SIGUSR1) } {
            Err(Errno::EPERM) => 0,
            other => {
                eprintln!("kill from uid 65534 to root: {other:?}");
                1
            }
        }
    });
    reap_ok(pid);
    assert!(!is_member(&pending(), libc::SIGUSR1));
}

pub fn group() {
    // Everyone inherits USR1 blocked, so a delivery becomes pending instead
    // of killing, and can be checked.
    block(&[libc::SIGUSR1]);
    let (ready_r, ready_w) = pipe();
    let (done_r, done_w) = pipe();

    // An outsider in a group of its own: it must not get the signal.
    let outsider = spawn(move || {
        unsafe { libc::setpgid(0, 0) };
        close(done_w);
        read_to_end(done_r); // until the scenario closes its end
        i32::from(is_member(&pending(), libc::SIGUSR1))
    });
    close(done_r);

    let leader = spawn(move || {
        unsafe { libc::setpgid(0, 0) };
        // The member is forked after setpgid, so it is in the leader's group.
        let member = spawn(|| {
            let sig = unsafe { raw::sigwait(&sigset(&[libc::SIGUSR1])) };
            i32::from(sig != Ok(libc::SIGUSR1))
        });
        write_all(ready_w, b"r");
        let sig = unsafe { raw::sigwait(&sigset(&[libc::SIGUSR1])) };
        assert_eq!(sig, Ok(libc::SIGUSR1));
        reap_ok(member);
        0
    });
    close(ready_w);
    unsafe { libc::setpgid(leader, leader) };
    // One byte, not EOF: the leader and member keep the write end open.
    assert_eq!(read_exact(ready_r, 1), b"r");

    assert_eq!(unsafe { raw::kill(-leader, libc::SIGUSR1) }, Ok(()));
    reap_ok(leader);
    close(done_w);
    reap_ok(outsider);
    assert!(
        !is_member(&pending(), libc::SIGUSR1),
        "the sender's own group got it"
    );
}
