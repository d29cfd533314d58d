//! Many children: `wait_any`, process groups, dying with the parent.

use std::time::{Duration, Instant};

#[cfg(procsig_timed_wait)]
use procsig::wait_any;
use procsig::{Child, Errno, Fork, ForkOptions, Pid, Signal, WaitStatus};

use crate::fork_child;
use crate::support::*;

/// Children that each exit with their index once their pipe is closed;
/// returns them and the write ends.
fn held_children(n: usize) -> (Vec<Option<Child>>, Vec<libc::c_int>) {
    let mut children = Vec::new();
    let mut releases = Vec::new();
    for i in 0..n {
        let (r, w) = pipe();
        children.push(Some(fork_child(move || {
            close_all_but(&[r]);
            read_to_end(r);
            i as i32
        })));
        close(r);
        releases.push(w);
    }
    (children, releases)
}

/// Released in reverse order, one at a time: each `wait_any` reports
/// exactly the one released, by index, and empties its slot.
#[cfg(procsig_timed_wait)]
pub fn wait_any_reports_each_by_index() {
    let (mut children, releases) = held_children(40);
    assert_eq!(
        wait_any(&mut children, Some(Duration::from_millis(20))),
        Ok(None),
        "nothing has ended yet"
    );
    for i in (0..40).rev() {
        close(releases[i]);
        let ended = wait_any(&mut children, Some(Duration::from_secs(20)))
            .unwrap()
            .expect("timed out");
        assert_eq!(ended.index, i);
        assert_eq!(ended.status, Ok(WaitStatus::Exited(i as i32)));
        assert!(children[i].is_none());
    }
    assert_eq!(wait_any(&mut children, None), Err(Errno::ECHILD));
}

/// Children that ended before the call are found by a zero timeout, which
/// never sleeps: the lowest index first, and none of those still running.
/// (With pidfds wait_any looks no child up before its one `poll`: a pidfd
/// is readable once its process has ended, also before the call.)
#[cfg(procsig_timed_wait)]
pub fn wait_any_zero_timeout_finds_the_ended() {
    let (mut children, releases) = held_children(5);
    for i in [3, 1] {
        close(releases[i]);
        let pid = children[i].as_ref().unwrap().pid().as_raw();
        // SAFETY: a zeroed siginfo_t to fill; WNOWAIT leaves it unreaped.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        assert_eq!(r, 0, "child {i} ended");
    }
    for i in [1, 3] {
        let ended = wait_any(&mut children, Some(Duration::ZERO)).unwrap();
        let ended = ended.expect("an ended child found without sleeping");
        assert_eq!(
            (ended.index, ended.status),
            (i, Ok(WaitStatus::Exited(i as i32)))
        );
    }
    assert_eq!(wait_any(&mut children, Some(Duration::ZERO)), Ok(None));
    for i in [0, 2, 4] {
        close(releases[i]);
    }
    for _ in 0..3 {
        wait_any(&mut children, Some(Duration::from_secs(20)))
            .unwrap()
            .expect("timed out");
    }
    assert!(children.iter().all(Option::is_none));
}

/// Children that end together are each reported once.
#[cfg(procsig_timed_wait)]
pub fn wait_any_many_at_once() {
    let (mut children, releases) = held_children(200);
    for w in releases {
        close(w);
    }
    let mut seen = [false; 200];
    for _ in 0..200 {
        let ended = wait_any(&mut children, None).unwrap().unwrap();
        assert!(!seen[ended.index]);
        seen[ended.index] = true;
        assert_eq!(ended.status, Ok(WaitStatus::Exited(ended.index as i32)));
    }
    assert!(seen.iter().all(|&s| s));
}

/// A `std::process::Command` child that has ended is not reaped by
/// `wait_any`, and one that runs is not disturbed: std can still wait for
/// both.
#[cfg(procsig_timed_wait)]
pub fn wait_any_leaves_foreign_children_alone() {
    let mut ended_first = std::process::Command::new("true").spawn().unwrap();
    await_state(ended_first.id() as libc::pid_t, libc::WEXITED);
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let (mut children, releases) = held_children(2);
    let start = Instant::now();
    assert_eq!(
        wait_any(&mut children, Some(Duration::from_millis(50))),
        Ok(None),
        "only ours count"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
    close(releases[1]);
    let ended = wait_any(&mut children, None).unwrap().unwrap();
    assert_eq!(ended.index, 1);
    assert!(ended_first.try_wait().unwrap().unwrap().success());
    assert_eq!(running.try_wait().unwrap(), None);
    running.kill().unwrap();
    running.wait().unwrap();
    close(releases[0]);
    assert_eq!(wait_any(&mut children, None).unwrap().unwrap().index, 0);
}

/// Bad collections are refused at once.
#[cfg(procsig_timed_wait)]
pub fn wait_any_refuses_nothing_and_too_much() {
    let mut none: [Option<Child>; 3] = Default::default();
    assert_eq!(wait_any(&mut none, None), Err(Errno::ECHILD));
    assert_eq!(wait_any(&mut [], Some(Duration::ZERO)), Err(Errno::ECHILD));
}

/// A child in its own group: the group is its pid, `signal_group` reaches
/// it and its own child (a member of the group), and not this process.
#[cfg(procsig_timed_wait)]
pub fn own_group_reaches_members_only() {
    let (r, w) = pipe();
    // SAFETY: single-threaded scenario.
    let child = match unsafe { ForkOptions::new().own_group().fork() }.unwrap() {
        Fork::Child => {
            close(r);
            let me = Pid::this().as_raw();
            let group = unsafe { libc::getpgid(0) };
            let grandchild = spawn(|| loop {
                unsafe { libc::pause() };
            });
            // The child survives the group signal (blocked), so that it can
            // tell whether its own child, a member of the group, got it.
            block(&[libc::SIGTERM]);
            write_all(w, &[u8::from(group == me)]);
            close(w);
            let status = reap(grandchild);
            procsig::exit(i32::from(
                !(libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGTERM),
            ))
        }
        Fork::Parent(child) => child,
    };
    close(w);
    assert_eq!(child.group(), Some(child.pid()));
    assert_eq!(
        unsafe { libc::getpgid(child.pid().as_raw()) },
        child.pid().as_raw(),
        "the parent's setpgid made the group before fork returned"
    );
    assert_eq!(read_exact(r, 1), [1], "the child leads its group");
    let before = procsig::SigSet::current().unwrap();
    let _term = procsig::SigSet::from(Signal::TERM).block().unwrap();
    child.signal_group(Signal::TERM).unwrap();
    let mut child = child;
    let status = child.wait_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(
        status,
        Some(WaitStatus::Exited(0)),
        "the child's own child (in the group) was not killed by the group's TERM"
    );
    assert_eq!(
        procsig::SigSet::from(Signal::TERM).wait_timeout(Duration::ZERO),
        Ok(None),
        "the group signal reached this process"
    );
    drop(_term);
    assert_eq!(procsig::SigSet::current().unwrap(), before);
    assert_eq!(child.signal_group(Signal::TERM), Err(Errno::ESRCH));
    let plain = fork_child(|| 0);
    assert_eq!(plain.group(), None);
    assert_eq!(plain.signal_group(Signal::TERM), Err(Errno::EINVAL));
    assert_eq!(plain.wait(), Ok(WaitStatus::Exited(0)));
}

/// `die_with_parent(KILL)`: a parent killed by SIGKILL takes its child
/// with it. This process is a subreaper, so the orphan comes to it and its
/// status can be read.
#[cfg(procsig_linux)]
pub fn dies_with_its_parent() {
    assert_eq!(
        unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) },
        0
    );
    let (r, w) = pipe();
    let parent = spawn(move || {
        close(r);
        // SAFETY: the forking process is single-threaded.
        match unsafe { ForkOptions::new().die_with_parent(Signal::KILL).fork() }.unwrap() {
            Fork::Child => loop {
                unsafe { libc::pause() };
            },
            Fork::Parent(child) => {
                write_all(w, &child.pid().as_raw().to_ne_bytes());
                loop {
                    unsafe { libc::pause() };
                }
            }
        }
    });
    close(w);
    let orphan = libc::pid_t::from_ne_bytes(read_exact(r, 4).try_into().unwrap());
    unsafe { libc::kill(parent, libc::SIGKILL) };
    let status = reap(parent);
    assert!(libc::WIFSIGNALED(status));
    // The orphan is ours now (subreaper); it must die of the death signal.
    let status = reap(orphan);
    assert!(
        libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGKILL,
        "the orphan outlived its parent: {status:#x}"
    );
}

/// A group whose leader this process may not signal (it kept root while
/// this process became nobody) but whose member it may: `signal_group`
/// sends to the group (the leader is unreaped, so the group is the
/// child's) and reaches the member, as `kill(-pgid)` does. Its probe of the
/// leader once took `EPERM` for an error and sent nothing.
#[cfg(procsig_linux)]
pub fn signal_group_reaches_members_past_a_leader_it_may_not_signal() {
    if !is_root() {
        skip("needs root, to have a leader of another user");
    }
    const NOBODY: libc::uid_t = 65534;
    let (r, w) = pipe();
    // SAFETY: single-threaded scenario.
    let child = match unsafe { ForkOptions::new().own_group().fork() }.unwrap() {
        Fork::Child => {
            // The leader, root: its member becomes nobody, says so, waits.
            close(r);
            let member = spawn(|| {
                if unsafe { libc::setresuid(NOBODY, NOBODY, NOBODY) } != 0 {
                    return 3;
                }
                write_all(w, b"m");
                loop {
                    unsafe { libc::pause() };
                }
            });
            close(w);
            let status = reap(member);
            procsig::exit(i32::from(
                !(libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGTERM),
            ))
        }
        Fork::Parent(child) => child,
    };
    close(w);
    assert_eq!(read_exact(r, 1), b"m", "the member is nobody");
    close(r);
    // SAFETY: integers; this scenario's process only.
    assert_eq!(unsafe { libc::setresuid(NOBODY, NOBODY, NOBODY) }, 0);
    assert_eq!(
        child.signal(Signal::TERM),
        Err(Errno::EPERM),
        "the leader is not ours to signal"
    );
    assert_eq!(child.signal_group(Signal::TERM), Ok(()));
    let mut child = child;
    assert_eq!(
        child.wait_timeout(Duration::from_secs(20)).unwrap(),
        Some(WaitStatus::Exited(0)),
        "the member did not die of the group's TERM"
    );
    assert_eq!(child.signal_group(Signal::TERM), Err(Errno::ESRCH));
}
