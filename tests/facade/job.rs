//! Job control through the facade: sessions, and the terminal handed to a
//! job and taken back from the background, with `SIGTTOU` handled. The
//! terminal scenarios run in a new session with a pseudo-terminal
//! (`in_pty_session`), or are skipped saying why.

use std::ffi::c_int;

use procsig::{
    exit, new_session, raw, session_of, this_group, Errno, Fork, ForkOptions, Pid, SigSet, Signal,
    Terminal, WaitStatus,
};

use crate::fork_child;
use crate::support::*;

/// `new_session` in a forked child: a session and group of its own, no
/// terminal; refused to a group leader (the scenario process, and the
/// child once it leads its session).
pub fn new_session_in_a_child_only() {
    let me = Pid::this();
    assert_eq!(this_group(), Some(me), "the harness made a group");
    let session = session_of(me).unwrap();
    assert_eq!(new_session(), Err(Errno::EPERM));
    assert_eq!(session_of(me), Ok(session), "unchanged");
    let child = fork_child(|| {
        let me = Pid::this();
        assert_eq!(new_session(), Ok(me));
        assert_eq!(session_of(me), Ok(Some(me)));
        assert_eq!(this_group(), Some(me));
        assert_eq!(new_session(), Err(Errno::EPERM));
        0
    });
    let pid = child.pid();
    assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)));
    assert_eq!(session_of(pid), Err(Errno::ESRCH), "reaped");
}

/// A job in a group of its own that waits for `release` to close.
fn job(release: (c_int, c_int)) -> procsig::Child {
    // SAFETY: single-threaded; the child reads a pipe and exits.
    match unsafe { ForkOptions::new().own_group().fork() }.unwrap() {
        Fork::Child => {
            unsafe { libc::alarm(20) };
            close(release.1);
            read_to_end(release.0);
            exit(0)
        }
        Fork::Parent(child) => child,
    }
}

/// The shell's round: give the terminal to a job, and take it back while
/// in the background. Without the facade's handling the take-back would
/// fail: with `EIO` here, since the session leader's group is orphaned
/// (its parent is in another session), and a caller in a group that is
/// not orphaned is stopped (shown by a control that calls `tcsetpgrp`
/// raw, and by `give_to_from_a_background_job`). With it, the change is
/// made, no `SIGTTOU` is left, and the mask is what it was.
pub fn give_to_a_job_and_take_back() {
    in_pty_session(|fd| {
        let tty = Terminal::new(fd);
        let me = Pid::this();
        assert_eq!(tty.foreground(), Ok(Some(me)));
        let (r, w) = pipe();
        let job = job((r, w));
        close(r);
        let group = job.group().unwrap();
        let before = SigSet::current().unwrap();
        assert!(!before.contains(Signal::TTOU));

        tty.give_to(group).unwrap();
        assert_eq!(tty.foreground(), Ok(Some(group)));
        assert_eq!(SigSet::current(), Ok(before), "mask restored");

        // The control: another background process that changes the
        // foreground without blocking SIGTTOU is stopped by it.
        // SAFETY: single-threaded; the child makes one system call.
        let mut raw_caller = match unsafe { ForkOptions::new().own_group().fork() }.unwrap() {
            Fork::Child => {
                unsafe { libc::alarm(20) };
                let _ = unsafe { raw::tcsetpgrp(fd, raw::getpgrp()) };
                exit(0)
            }
            Fork::Parent(child) => child,
        };
        assert_eq!(
            raw_caller.wait_changed(),
            Ok(WaitStatus::Stopped(Signal::TTOU))
        );
        raw_caller.signal(Signal::KILL).unwrap();
        raw_caller.wait().unwrap();

        // We are in the background now, as the control was.
        tty.take_back().unwrap();
        assert_eq!(tty.foreground(), Ok(Some(me)));
        assert_eq!(SigSet::current(), Ok(before), "mask restored");
        assert!(
            !SigSet::pending().unwrap().contains(Signal::TTOU),
            "no SIGTTOU left pending"
        );

        close(w);
        assert_eq!(job.wait(), Ok(WaitStatus::Exited(0)));
    });
}

/// A job that takes the terminal for itself from the background (as a
/// job started with `fg` may) is not stopped either.
pub fn give_to_from_a_background_job() {
    in_pty_session(|fd| {
        let me = Pid::this();
        let job = fork_child(move || {
            unsafe { libc::alarm(20) };
            let tty = Terminal::new(fd);
            let mine = Pid::this();
            // Also done by the parent below: the group exists before use.
            unsafe { raw::setpgid(0, 0) }.unwrap();
            assert_eq!(tty.foreground(), Ok(Some(Pid::parent().unwrap())));
            tty.give_to(mine).unwrap();
            assert_eq!(tty.foreground(), Ok(Some(mine)));
            assert_eq!(this_group(), Some(mine));
            0
        });
        let _ = unsafe { raw::setpgid(job.pid().as_raw(), job.pid().as_raw()) };
        let mut job = job;
        assert_eq!(
            job.wait_changed(),
            Ok(WaitStatus::Exited(0)),
            "never stopped"
        );
        // Its group is gone; the terminal still names it until taken back.
        tty_take_back(fd, me);
    });
}

fn tty_take_back(fd: c_int, me: Pid) {
    let tty = Terminal::new(fd);
    tty.take_back().unwrap();
    assert_eq!(tty.foreground(), Ok(Some(me)));
}

/// The mask is restored exactly: a `SIGTTOU` the caller had blocked stays
/// blocked after the call, and one it had not is unblocked again.
pub fn terminal_changes_restore_the_mask() {
    in_pty_session(|fd| {
        let tty = Terminal::new(fd);
        let me = Pid::this();
        {
            let guard = SigSet::from(Signal::TTOU).block().unwrap();
            tty.give_to(me).unwrap();
            assert!(SigSet::current().unwrap().contains(Signal::TTOU));
            tty.take_back().unwrap();
            assert!(SigSet::current().unwrap().contains(Signal::TTOU));
            drop(guard);
        }
        assert!(!SigSet::current().unwrap().contains(Signal::TTOU));
        tty.give_to(me).unwrap();
        assert!(!SigSet::current().unwrap().contains(Signal::TTOU));
        // Errors restore it too.
        assert_eq!(Terminal::new(-1).give_to(me), Err(Errno::EBADF));
        assert!(!SigSet::current().unwrap().contains(Signal::TTOU));
        // A group of another session is refused.
        assert_eq!(
            tty.give_to(Pid::from_raw(unsafe { libc::getppid() }).unwrap()),
            Err(Errno::EPERM)
        );
    });
}

/// A pseudo-terminal's master side answers for its slave side (Linux):
/// `foreground` names the slave's foreground group whoever asks (no
/// controlling-terminal check, so no `ENOTTY`), and `give_to` on the
/// master works for the process whose controlling terminal the slave is.
pub fn master_side_answers_for_the_slave() {
    let (master, slave) = match open_pty() {
        Ok(pair) => pair,
        Err(why) => skip(&format!("no pseudo-terminal can be opened here ({why})")),
    };
    // Nobody's controlling terminal: the slave refuses, the master
    // answers that the slave has no foreground group.
    assert_eq!(Terminal::new(slave).foreground(), Err(Errno::ENOTTY));
    assert_eq!(Terminal::new(master).foreground(), Ok(None));
    close(slave);
    close(master);
    in_pty_session_with_master(|master, slave| {
        let me = Pid::this();
        let on_master = Terminal::new(master);
        assert_eq!(on_master.foreground(), Ok(Some(me)));
        let (r, w) = pipe();
        let job = job((r, w));
        close(r);
        let group = job.group().unwrap();
        assert_eq!(on_master.give_to(group), Ok(()));
        assert_eq!(Terminal::new(slave).foreground(), Ok(Some(group)));
        assert_eq!(on_master.take_back(), Ok(()));
        assert_eq!(Terminal::new(slave).foreground(), Ok(Some(me)));
        close(w);
        assert_eq!(job.wait(), Ok(WaitStatus::Exited(0)));
    });
}

/// `in_pty_session`, handing the body both sides.
fn in_pty_session_with_master(body: fn(c_int, c_int)) {
    let leader = spawn(|| {
        unsafe { libc::alarm(20) };
        assert!(unsafe { libc::setsid() } > 0);
        let (master, slave) = open_pty().unwrap();
        assert_eq!(unsafe { libc::ioctl(slave, libc::TIOCSCTTY as _, 0) }, 0);
        body(master, slave);
        set_disposition(libc::SIGHUP, libc::SIG_IGN);
        close(slave);
        close(master);
        0
    });
    reap_ok(leader);
}
