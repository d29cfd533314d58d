//! Reaping as an init or subreaper: `become_subreaper`, `reap_one_exited`,
//! `reap_all_exited`. Each scenario is its own process and owns all its
//! children, so reaping every exited child takes nothing of anyone else's.

use std::collections::BTreeMap;
use std::thread;
use std::time::Duration;

use procsig::{
    become_subreaper, is_subreaper, reap_all_exited, reap_one_exited, wait_any, Child, Errno,
    Reaped, SigSet, Signal, Sweep, WaitStatus,
};

use crate::fork_child;
use crate::support::*;

/// Every report of one sweep, and the sweep.
fn sweep(children: &mut [Option<Child>]) -> (Vec<Reaped>, Sweep) {
    let mut all = Vec::new();
    let sweep = reap_all_exited(children, |r| all.push(r)).unwrap();
    (all, sweep)
}

/// `(pid, index, status)` of each report, sorted.
fn summary(reports: &[Reaped]) -> Vec<(libc::pid_t, Option<usize>, WaitStatus)> {
    let mut s: Vec<_> = reports
        .iter()
        .map(|r| (r.pid.as_raw(), r.index, r.status))
        .collect();
    s.sort_by_key(|r| r.0);
    s
}

fn killed(signal: Signal) -> WaitStatus {
    WaitStatus::Signaled {
        signal,
        core_dumped: false,
    }
}

/// A handle's child, reaped by the sweep: reported with the handle's index
/// and status (not lost), and the handle then reports `ECHILD` and
/// `ESRCH`; a child no handle holds is reported by pid.
pub fn handle_learns_its_childs_status() {
    let mine = fork_child(|| 7);
    let mine_pid = mine.pid().as_raw();
    let other = spawn(|| 9);
    await_state(mine_pid, libc::WEXITED);
    await_state(other, libc::WEXITED);
    let mut children = [None, Some(mine)];
    let (reports, result) = sweep(&mut children);
    assert_eq!(
        summary(&reports),
        {
            let mut e = vec![
                (mine_pid, Some(1), WaitStatus::Exited(7)),
                (other, None, WaitStatus::Exited(9)),
            ];
            e.sort_by_key(|r| r.0);
            e
        },
        "each child once, the handle's by its index"
    );
    assert_eq!((result.reaped, result.children_left), (2, false));
    let spent = children[1].as_mut().expect("the handle stays in its slot");
    assert_eq!(spent.try_wait(), Err(Errno::ECHILD));
    assert_eq!(spent.signal(Signal::KILL), Err(Errno::ESRCH));
    assert_eq!(spent.pidfd(), None);
    assert_eq!(reap_one_exited(&mut children), Err(Errno::ECHILD));
}

/// A handle that was not passed loses its child's status to the sweep
/// (reported by pid), and learns that the child is gone.
pub fn handle_not_passed_learns_echild() {
    let mut mine = fork_child(|| 4);
    let pid = mine.pid();
    await_state(pid.as_raw(), libc::WEXITED);
    let (reports, _) = sweep(&mut []);
    assert_eq!(
        summary(&reports),
        [(pid.as_raw(), None, WaitStatus::Exited(4))]
    );
    assert_eq!(mine.signal(Signal::KILL), Err(Errno::ESRCH));
    assert_eq!(mine.try_wait(), Err(Errno::ECHILD));
}

/// Stopped children, a handle's and another, are neither reaped nor
/// looked at again and again: the sweep returns, their stops are still
/// there to be reported, and they are reaped once they end.
pub fn stopped_children_are_left_alone() {
    let stop_self = || {
        unsafe { libc::raise(libc::SIGSTOP) };
        0
    };
    let mut held = fork_child(stop_self);
    let held_pid = held.pid().as_raw();
    let other = spawn(stop_self);
    let exits = spawn(|| 3);
    await_state(held_pid, libc::WSTOPPED);
    await_state(other, libc::WSTOPPED);
    await_state(exits, libc::WEXITED);
    let mut children = [Some(held)];
    let (reports, result) = sweep(&mut children);
    assert_eq!(summary(&reports), [(exits, None, WaitStatus::Exited(3))]);
    assert_eq!((result.reaped, result.children_left), (1, true));
    assert_eq!(reap_one_exited(&mut children), Ok(None));
    // The stops were not consumed.
    held = children[0].take().unwrap();
    assert_eq!(held.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let r = unsafe {
        libc::waitid(
            libc::P_PID,
            other as libc::id_t,
            &mut info,
            libc::WSTOPPED | libc::WNOHANG,
        )
    };
    assert_eq!(
        (r, unsafe { info.si_pid() }),
        (0, other),
        "the stop was consumed"
    );
    held.signal(Signal::KILL).unwrap();
    unsafe { libc::kill(other, libc::SIGKILL) };
    await_state(held_pid, libc::WEXITED);
    await_state(other, libc::WEXITED);
    children[0] = Some(held);
    let (reports, result) = sweep(&mut children);
    let mut expected = vec![
        (held_pid, Some(0), killed(Signal::KILL)),
        (other, None, killed(Signal::KILL)),
    ];
    expected.sort_by_key(|r| r.0);
    assert_eq!(summary(&reports), expected);
    assert!(!result.children_left);
}

/// A spent handle (its child reaped by the sweep) never reaches a later
/// child of ours that the kernel gave the same pid, and a later sweep does
/// not credit that child to it. In a new pid namespace, as root, where
/// `ns_last_pid` chooses the next pid.
pub fn spent_handle_never_reaches_a_later_child() {
    in_new_pid_namespace(|| {
        let handle = fork_child(|| 6);
        let pid = handle.pid().as_raw();
        await_state(pid, libc::WEXITED);
        let mut children = [Some(handle)];
        let got = reap_one_exited(&mut children).unwrap().unwrap();
        assert_eq!(
            (got.pid.as_raw(), got.index, got.status),
            (pid, Some(0), WaitStatus::Exited(6))
        );
        // A later child of ours on the same pid, held by a pipe.
        let (r, w) = pipe();
        let later = loop {
            std::fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string()).unwrap();
            let later = spawn(move || {
                close(w);
                read_to_end(r);
                5
            });
            if later == pid {
                break later;
            }
            unsafe { libc::kill(later, libc::SIGKILL) };
            reap(later);
        };
        close(r);
        let spent = children[0].as_mut().unwrap();
        assert_eq!(spent.signal(Signal::KILL), Err(Errno::ESRCH));
        assert_eq!(spent.try_wait(), Err(Errno::ECHILD));
        assert_eq!(proc_state(later).map(|s| s != 'Z'), Some(true), "killed");
        close(w);
        await_state(later, libc::WEXITED);
        let (reports, _) = sweep(&mut children);
        assert_eq!(
            summary(&reports),
            [(later, None, WaitStatus::Exited(5))],
            "the later child was credited to the spent handle"
        );
    });
}

/// Orphans of a subreaper: re-parented to it and reaped by the sweep with
/// their own statuses, each once; the sweep then finds no children left.
pub fn subreaper_reaps_orphans() {
    assert_eq!(is_subreaper(), Ok(false));
    become_subreaper().unwrap();
    assert_eq!(is_subreaper(), Ok(true));
    orphans_come_here_and_are_reaped(3);
}

/// Pid 1 of a new pid namespace reaps its orphans without the `prctl`.
pub fn pid_one_reaps_orphans() {
    in_new_pid_namespace(|| {
        assert_eq!(unsafe { libc::getpid() }, 1);
        assert_eq!(is_subreaper(), Ok(false));
        orphans_come_here_and_are_reaped(3);
    });
}

fn orphans_come_here_and_are_reaped(n: usize) {
    let me = unsafe { libc::getpid() };
    let (middle, pids, release) = orphans(n, me);
    reap_ok(middle);
    close(release);
    for &pid in &pids {
        await_state(pid, libc::WEXITED);
    }
    let (reports, result) = sweep(&mut []);
    let expected: Vec<_> = pids
        .iter()
        .enumerate()
        .map(|(i, &pid)| (pid, None, WaitStatus::Exited(orphan_code(i))))
        .collect();
    let mut expected = expected;
    expected.sort_by_key(|r| r.0);
    assert_eq!(summary(&reports), expected);
    assert_eq!((result.reaped, result.children_left), (n, false));
}

/// 60 orphans and a handle's child ending together, reaped by an init's
/// loop (a sweep after each `SIGCHLD`, which coalesce): each exactly once,
/// the handle's with its index; the loop ends when none is left.
pub fn sixty_orphans_each_once() {
    let chld = SigSet::from(Signal::CHLD).block().unwrap();
    become_subreaper().unwrap();
    let me = unsafe { libc::getpid() };
    let (middle, pids, release) = orphans(60, me);
    let (r, w) = pipe();
    let handle = fork_child(move || {
        close_all_but(&[r]);
        read_to_end(r);
        99
    });
    close(r);
    let handle_pid = handle.pid().as_raw();
    let mut children = [Some(handle)];
    reap_ok(middle);
    close(release);
    close(w);
    let mut seen: BTreeMap<libc::pid_t, Vec<(Option<usize>, WaitStatus)>> = BTreeMap::new();
    loop {
        let result = reap_all_exited(&mut children, |r| {
            seen.entry(r.pid.as_raw())
                .or_default()
                .push((r.index, r.status))
        })
        .unwrap();
        if !result.children_left {
            break;
        }
        chld.wait().unwrap();
    }
    let mut expected: BTreeMap<_, _> = pids
        .iter()
        .enumerate()
        .map(|(i, &pid)| (pid, vec![(None, WaitStatus::Exited(orphan_code(i)))]))
        .collect();
    expected.insert(handle_pid, vec![(Some(0), WaitStatus::Exited(99))]);
    assert_eq!(seen, expected);
}

/// `wait_any` in another thread over handles the sweep is not given: every
/// child's status is reported exactly once, by one or the other, and a
/// child the sweep took is `ECHILD` to `wait_any`.
pub fn wait_any_in_another_thread() {
    // The fallback's precondition (its wait sleeps for SIGCHLD): blocked
    // in every thread, before the thread is spawned.
    let _chld = SigSet::from(Signal::CHLD).block().unwrap();
    let n = 20;
    let (r, w) = pipe();
    let mut theirs: Vec<Option<Child>> = (0..n)
        .map(|i| {
            Some(fork_child(move || {
                close(w);
                read_to_end(r);
                i
            }))
        })
        .collect();
    close(r);
    let pids: Vec<libc::pid_t> = theirs
        .iter()
        .map(|c| c.as_ref().unwrap().pid().as_raw())
        .collect();
    let (tid_tx, tid_rx) = std::sync::mpsc::channel();
    let waiter = thread::spawn(move || {
        tid_tx.send(gettid()).unwrap();
        let mut got = Vec::new();
        while theirs.iter().any(Option::is_some) {
            let ended = wait_any(&mut theirs, Some(Duration::from_secs(20)))
                .unwrap()
                .expect("wait_any timed out");
            got.push((ended.index, ended.status));
        }
        got
    });
    await_in_syscall(tid_rx.recv().unwrap(), CHILD_WAIT_SYSCALLS);
    close(w);
    let mut swept = Vec::new();
    loop {
        let result = reap_all_exited(&mut [], |r| swept.push(r)).unwrap();
        if !result.children_left {
            break;
        }
        thread::yield_now();
    }
    let got = waiter.join().unwrap();
    let mut by_pid: BTreeMap<libc::pid_t, Vec<WaitStatus>> = BTreeMap::new();
    for r in &swept {
        assert_eq!(r.index, None);
        by_pid.entry(r.pid.as_raw()).or_default().push(r.status);
    }
    for (index, status) in got {
        match status {
            Ok(status) => by_pid.entry(pids[index]).or_default().push(status),
            // Taken by the sweep: its status must be there.
            Err(Errno::ECHILD) => assert!(by_pid.contains_key(&pids[index])),
            Err(e) => panic!("wait_any: {e}"),
        }
    }
    let expected: BTreeMap<_, _> = pids
        .iter()
        .enumerate()
        .map(|(i, &pid)| (pid, vec![WaitStatus::Exited(i as i32)]))
        .collect();
    assert_eq!(by_pid, expected, "each status exactly once");
}
