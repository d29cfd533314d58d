//! Job control (CONFORMANCE.md, "Job control"): sessions, the terminal's
//! foreground and `SIGTTOU`, and POSIX's orphaned process groups. The
//! terminal scenarios run in a new session with a fresh pseudo-terminal
//! (`in_pty_session`), or are skipped saying why.

use std::ffi::c_int;

use procsig::{raw, Errno, Signal, WaitStatus};

use crate::support::*;

fn status_of(raw_status: c_int) -> WaitStatus {
    WaitStatus::from_raw(raw_status)
}

/// `waitpid(pid, WUNTRACED)`, retrying EINTR: the child's next stop or end.
fn stop_or_end(pid: libc::pid_t) -> WaitStatus {
    let mut status = 0;
    loop {
        match unsafe { raw::waitpid(pid, Some(&mut status), libc::WUNTRACED) } {
            Ok(_) => return status_of(status),
            Err(Errno::EINTR) => continue,
            Err(e) => panic!("waitpid({pid}): {e}"),
        }
    }
}

/// Whether `open("/dev/tty")` finds a controlling terminal.
fn has_controlling_terminal() -> bool {
    let fd = unsafe { libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC) };
    if fd >= 0 {
        close(fd);
        return true;
    }
    assert_eq!(
        std::io::Error::last_os_error().raw_os_error(),
        Some(libc::ENXIO),
        "open(/dev/tty)"
    );
    false
}

/// The scenario process leads its process group (the harness made it):
/// `setsid` refuses. A forked child leads nothing: it gets a session and a
/// group whose id is its pid.
pub fn setsid_leader_eperm_child_new_session() {
    let me = unsafe { raw::getpid() };
    assert_eq!(unsafe { raw::getpgrp() }, me, "the harness made a group");
    let session = unsafe { raw::getsid(0) }.unwrap();
    assert_eq!(unsafe { raw::setsid() }, Err(Errno::EPERM));
    assert_eq!(unsafe { raw::getsid(0) }, Ok(session), "unchanged");
    let child = spawn(|| {
        let me = unsafe { raw::getpid() };
        assert_ne!(unsafe { raw::getsid(0) }, Ok(me));
        assert_eq!(unsafe { raw::setsid() }, Ok(me));
        assert_eq!(unsafe { raw::getsid(0) }, Ok(me));
        assert_eq!(unsafe { raw::getpgrp() }, me);
        assert_eq!(unsafe { raw::getpgid(0) }, Ok(me));
        assert!(!has_controlling_terminal());
        // Now a group leader (and a session leader): refused again.
        assert_eq!(unsafe { raw::setsid() }, Err(Errno::EPERM));
        0
    });
    await_state(child, libc::WEXITED);
    let started = start_time(child);
    reap_ok(child);
    esrch_or_reused(unsafe { raw::getsid(child) }, child, started);
}

/// In a session with a terminal: a child that calls `setsid` leaves the
/// terminal behind (no controlling terminal; the terminal calls on the old
/// one say `ENOTTY`), while a sibling that does not keeps it.
pub fn setsid_leaves_the_terminal() {
    in_pty_session(|tty| {
        let leader = unsafe { raw::getpid() };
        assert!(has_controlling_terminal());
        assert_eq!(unsafe { raw::tcgetpgrp(tty) }, Ok(leader));
        let stays = spawn(move || {
            assert!(has_controlling_terminal());
            assert_eq!(unsafe { raw::tcgetpgrp(tty) }, Ok(leader));
            0
        });
        reap_ok(stays);
        let leaves = spawn(move || {
            let me = unsafe { raw::getpid() };
            assert_eq!(unsafe { raw::setsid() }, Ok(me));
            assert!(!has_controlling_terminal());
            assert_eq!(unsafe { raw::tcgetpgrp(tty) }, Err(Errno::ENOTTY));
            assert_eq!(unsafe { raw::tcsetpgrp(tty, me) }, Err(Errno::ENOTTY));
            0
        });
        reap_ok(leaves);
    });
}

/// A background group's `tcsetpgrp` stops it with `SIGTTOU` (the change is
/// not made); with `SIGTTOU` blocked, or ignored, the change is made and
/// no `SIGTTOU` is sent.
pub fn tcsetpgrp_from_background() {
    in_pty_session(|tty| {
        let leader = unsafe { raw::getpid() };
        // Default disposition, not blocked: stopped by SIGTTOU.
        let bg = spawn(move || {
            unsafe { libc::alarm(20) };
            let me = unsafe { raw::getpid() };
            unsafe { raw::setpgid(0, 0) }.unwrap();
            let _ = unsafe { raw::tcsetpgrp(tty, me) };
            0
        });
        // Also from here, so the group exists before the child can run.
        let _ = unsafe { raw::setpgid(bg, bg) };
        assert_eq!(stop_or_end(bg), WaitStatus::Stopped(Signal::TTOU));
        assert_eq!(
            unsafe { raw::tcgetpgrp(tty) },
            Ok(leader),
            "the change was not made"
        );
        unsafe { raw::kill(bg, libc::SIGKILL) }.unwrap();
        reap(bg);

        for how in ["blocked", "ignored"] {
            let bg = spawn(move || {
                unsafe { libc::alarm(20) };
                let me = unsafe { raw::getpid() };
                unsafe { raw::setpgid(0, 0) }.unwrap();
                match how {
                    "blocked" => block(&[libc::SIGTTOU]),
                    _ => set_disposition(libc::SIGTTOU, libc::SIG_IGN),
                }
                assert_eq!(unsafe { raw::tcgetpgrp(tty) }, Ok(leader), "background");
                assert_eq!(unsafe { raw::tcsetpgrp(tty, me) }, Ok(()), "{how}");
                assert_eq!(unsafe { raw::tcgetpgrp(tty) }, Ok(me), "{how}");
                assert!(
                    !is_member(&pending(), libc::SIGTTOU),
                    "{how}: no SIGTTOU is sent"
                );
                0
            });
            let _ = unsafe { raw::setpgid(bg, bg) };
            assert_eq!(stop_or_end(bg), WaitStatus::Exited(0), "{how}");
            // Its group is gone with it: the leader takes the terminal back,
            // from the background itself, so with SIGTTOU blocked.
            block(&[libc::SIGTTOU]);
            unsafe { raw::tcsetpgrp(tty, leader) }.unwrap();
            let unblock = sigset(&[libc::SIGTTOU]);
            unsafe { libc::sigprocmask(libc::SIG_UNBLOCK, &unblock, std::ptr::null_mut()) };
        }
    });
}

const HUP: u8 = b'H';
const CONT: u8 = b'C';
static mut RECORD: c_int = -1;

/// Writes `[who, what]` to the record pipe: one `write` of two bytes,
/// atomic on a pipe.
fn record(what: u8) {
    let who = unsafe { libc::getpid() } as u8;
    let rec = [who, what];
    unsafe { libc::write(RECORD, rec.as_ptr().cast(), 2) };
}
extern "C" fn on_hup(_: c_int) {
    record(HUP);
}
extern "C" fn on_cont(_: c_int) {
    record(CONT);
}

/// Installs `handler` for `sig`, with `mask` blocked while it runs.
fn handle(sig: c_int, handler: extern "C" fn(c_int), mask: &[c_int]) {
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler as *const () as libc::sighandler_t;
        act.sa_mask = sigset(mask);
        assert_eq!(libc::sigaction(sig, &act, std::ptr::null_mut()), 0);
    }
}

/// POSIX's orphaned process group rule: when a group becomes orphaned (no
/// member has a parent in another group of its session) and holds a
/// stopped process, every member is sent `SIGHUP` and then `SIGCONT`.
/// Each member sees both, once: the stopped one is continued, and the
/// `SIGHUP` it got while stopped is delivered first (the lower number;
/// sending order itself cannot be seen once both are pending).
pub fn orphaned_group_with_stopped_member() {
    // A new session (no terminal needed): every ancestor of its leader is
    // in another session, so the orphans' new parent is too.
    let leader = spawn(|| {
        unsafe { libc::alarm(20) };
        assert!(unsafe { raw::setsid() }.is_ok());
        let (rec_r, rec_w) = pipe();
        let (ready_r, ready_w) = pipe();
        let (release_r, release_w) = pipe();
        let middle = spawn(move || {
            unsafe { raw::setpgid(0, 0) }.unwrap();
            let member = move |stop: bool| {
                spawn(move || {
                    unsafe { libc::alarm(20) };
                    unsafe { RECORD = rec_w };
                    // SIGCONT masked while SIGHUP's handler runs: else the
                    // kernel sets up both handlers at once, and the later
                    // one (CONT's frame, on top) runs first.
                    handle(libc::SIGHUP, on_hup, &[libc::SIGCONT]);
                    handle(libc::SIGCONT, on_cont, &[]);
                    if stop {
                        unsafe { raw::kill(raw::getpid(), libc::SIGSTOP) }.unwrap();
                    } else {
                        write_all(ready_w, b"r");
                    }
                    // Until the session's leader has read every record.
                    read_to_end(release_r);
                    0
                })
            };
            let stopped = member(true);
            let running = member(false);
            assert_eq!(stop_or_end(stopped), WaitStatus::Stopped(Signal::STOP));
            assert_eq!(read_exact(ready_r, 1), b"r");
            let _ = running;
            // Exiting orphans the group, which holds a stopped process.
            0
        });
        let _ = unsafe { raw::setpgid(middle, middle) };
        close(rec_w);
        close(ready_w);
        close(release_r);
        reap_ok(middle);
        // Two records from each of the two members.
        let got = read_exact(rec_r, 8);
        close(release_w);
        let mut by_member: std::collections::BTreeMap<u8, Vec<u8>> = Default::default();
        for rec in got.chunks(2) {
            by_member.entry(rec[0]).or_default().push(rec[1]);
        }
        assert_eq!(by_member.len(), 2, "records: {got:?}");
        for (who, seen) in &by_member {
            assert_eq!(seen, &[HUP, CONT], "member {who}: SIGHUP, then SIGCONT");
        }
        0
    });
    reap_ok(leader);
}

/// `SIGTSTP`, `SIGTTIN` and `SIGTTOU` at their default (stop) are discarded
/// for a process in an orphaned group; in a group that is not orphaned,
/// `SIGTSTP` stops it.
pub fn stop_signals_discarded_in_orphaned_group() {
    let leader = spawn(|| {
        unsafe { libc::alarm(20) };
        assert!(unsafe { raw::setsid() }.is_ok());
        // The leader's group: its parent is in another session, so it is
        // orphaned, and so is a child that stays in it.
        let orphaned = spawn(|| {
            for sig in [libc::SIGTSTP, libc::SIGTTIN, libc::SIGTTOU] {
                // Sent to itself: delivered (or discarded) before `kill`
                // returns.
                unsafe { raw::kill(raw::getpid(), sig) }.unwrap();
                assert!(!is_member(&pending(), sig), "{sig} left pending");
            }
            0
        });
        assert_eq!(
            stop_or_end(orphaned),
            WaitStatus::Exited(0),
            "never stopped"
        );
        // The control: a group of its own, whose parent (the leader) is in
        // another group of the session, is not orphaned.
        let kept = spawn(|| {
            unsafe { raw::setpgid(0, 0) }.unwrap();
            unsafe { raw::kill(raw::getpid(), libc::SIGTSTP) }.unwrap();
            0
        });
        let _ = unsafe { raw::setpgid(kept, kept) };
        assert_eq!(stop_or_end(kept), WaitStatus::Stopped(Signal::TSTP));
        unsafe { raw::kill(kept, libc::SIGCONT) }.unwrap();
        assert_eq!(stop_or_end(kept), WaitStatus::Exited(0));
        0
    });
    reap_ok(leader);
}
