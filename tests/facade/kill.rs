use procsig::{kill, kill_group, probe, Errno, Pid, SigSet, Signal, WaitStatus};

use crate::support::*;

pub fn one_process() {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let me = Pid::this();
    // A child that waits for USR1 (blocked since before its fork).
    let pid = spawn(|| i32::from(SigSet::from(Signal::USR1).wait() != Ok(Signal::USR1)));
    kill(Pid::from_raw(pid).unwrap(), Signal::USR1).unwrap();
    reap_ok(pid);
    assert!(
        !is_member(&pending(), libc::SIGUSR1),
        "the sender got it too"
    );
    kill(me, Signal::USR1).unwrap();
    assert_eq!(guard.wait(), Ok(Signal::USR1));
}

pub fn group() {
    let _guard = SigSet::from(Signal::USR1).block().unwrap();
    let (ready_r, ready_w) = pipe();
    let (done_r, done_w) = pipe();
    let outsider = spawn(move || {
        unsafe { libc::setpgid(0, 0) };
        close(done_w);
        read_to_end(done_r);
        i32::from(is_member(&pending(), libc::SIGUSR1))
    });
    close(done_r);
    let leader = spawn(move || {
        unsafe { libc::setpgid(0, 0) };
        let member = spawn(|| i32::from(SigSet::from(Signal::USR1).wait() != Ok(Signal::USR1)));
        write_all(ready_w, b"r");
        assert_eq!(SigSet::from(Signal::USR1).wait(), Ok(Signal::USR1));
        reap_ok(member);
        0
    });
    close(ready_w);
    unsafe { libc::setpgid(leader, leader) };
    assert_eq!(read_exact(ready_r, 1), b"r");
    kill_group(Pid::from_raw(leader).unwrap(), Signal::USR1).unwrap();
    reap_ok(leader);
    close(done_w);
    reap_ok(outsider);
    assert!(
        !is_member(&pending(), libc::SIGUSR1),
        "the sender's group got it"
    );
}

pub fn group_one() {
    // kill(-1) would reach every process; group 1 cannot be addressed.
    // SIGURG is ignored by default, so even a broken build would do no harm.
    let _guard = SigSet::from(Signal::URG).block().unwrap();
    assert_eq!(
        kill_group(Pid::from_raw(1).unwrap(), Signal::URG),
        Err(Errno::EINVAL)
    );
    assert!(!is_member(&pending(), libc::SIGURG));
}

pub fn probe_states() {
    assert_eq!(probe(Pid::this()), Ok(()));
    let pid = spawn(|| 0);
    await_state(pid, libc::WEXITED);
    let zombie = Pid::from_raw(pid).unwrap();
    assert_eq!(probe(zombie), Ok(()), "a zombie exists until reaped");
    assert_eq!(WaitStatus::from_raw(reap(pid)), WaitStatus::Exited(0));
    assert_eq!(probe(zombie), Err(Errno::ESRCH));
}
