//! `procsig::ordered`: output in job order, failures reported by index
//! without holding up later jobs, and nothing left behind.

use std::time::{Duration, Instant};

use procsig::ordered::{self, Outcome, Slot};
use procsig::WaitStatus;

use crate::support::*;

/// Runs `jobs` jobs on `p` slots; job `i` sleeps `work(i)` (the sleep IS
/// the work: it makes early jobs finish last), takes its turn and writes "i," to a shared pipe, then ends as
/// `end(i)` says. Returns what the pipe received and the outcomes.
fn run(
    p: usize,
    jobs: usize,
    limit: Option<Duration>,
    work: fn(usize) -> Duration,
    end: fn(usize) -> i32,
) -> (String, Vec<(usize, Outcome)>) {
    let (r, w) = pipe();
    let mut slots: Vec<Slot> = (0..p).map(|_| Slot::EMPTY).collect();
    let mut outcomes = Vec::new();
    // SAFETY: the scenario process is single-threaded.
    unsafe {
        ordered::run(
            &mut slots,
            jobs,
            limit,
            |i, turn| {
                close(r);
                std::thread::sleep(work(i));
                turn.wait().unwrap();
                write_all(w, format!("{i},").as_bytes());
                end(i)
            },
            |i, outcome| outcomes.push((i, outcome)),
        )
    }
    .unwrap();
    close(w);
    let out = String::from_utf8(read_to_end(r)).unwrap();
    (out, outcomes)
}

fn in_order(jobs: usize) -> String {
    (0..jobs).map(|i| format!("{i},")).collect()
}

/// The first jobs work longest; output and outcomes still come in order,
/// for several degrees of parallelism.
pub fn output_in_job_order() {
    for p in [1, 3, 12] {
        let (out, outcomes) = run(
            p,
            12,
            None,
            |i| Duration::from_millis(((12 - i) * 3) as u64),
            |i| i as i32,
        );
        assert_eq!(out, in_order(12), "P = {p}");
        let expected: Vec<_> = (0..12)
            .map(|i| (i, Outcome::Ended(WaitStatus::Exited(i as i32))))
            .collect();
        assert_eq!(outcomes, expected, "P = {p}");
    }
}

/// Job 2 crashes (killed by a signal before its turn), job 4 overruns the
/// time limit, job 5 fails; every other job prints in order, and each is
/// reported by index, in order.
pub fn failures_are_reported_and_do_not_hold_up_the_rest() {
    let start = Instant::now();
    let (out, outcomes) = run(
        3,
        8,
        Some(Duration::from_millis(300)),
        |i| match i {
            2 => {
                unsafe { libc::kill(libc::getpid(), libc::SIGTERM) };
                Duration::ZERO
            }
            4 => Duration::from_secs(3600),
            _ => Duration::from_millis(5),
        },
        |i| if i == 5 { 7 } else { 0 },
    );
    assert_eq!(out, "0,1,3,5,6,7,");
    let term = WaitStatus::Signaled {
        signal: procsig::Signal::TERM,
        core_dumped: false,
    };
    let ok = Outcome::Ended(WaitStatus::Exited(0));
    assert_eq!(
        outcomes,
        [
            (0, ok),
            (1, ok),
            (2, Outcome::Ended(term)),
            (3, ok),
            (4, Outcome::TimedOut),
            (5, Outcome::Ended(WaitStatus::Exited(7))),
            (6, ok),
            (7, ok),
        ]
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "the overrun held things up: {:?}",
        start.elapsed()
    );
}

/// `report` panics at job 2 of 6: `run` unwinds, and by then every child,
/// running or waiting for its turn, is gone (each held a copy of a witness pipe, which
/// reaches end-of-file only when the last of them has ended).
pub fn unwinding_leaves_no_child_behind() {
    let (witness_r, witness_w) = pipe();
    let mut slots: Vec<Slot> = (0..6).map(|_| Slot::EMPTY).collect();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe {
        ordered::run(
            &mut slots,
            6,
            None,
            |i, turn| {
                close(witness_r);
                if i >= 3 {
                    // Running (until killed) when the parent gives up.
                    loop {
                        libc::pause();
                    }
                }
                turn.wait().unwrap(); // jobs 1, 2 wait for their turns by then
                0
            },
            |i, _| assert!(i < 2, "report panics at job {i} (expected by this test)"),
        )
    }));
    assert!(result.is_err());
    close(witness_w);
    let mut fds = [libc::pollfd {
        fd: witness_r,
        events: libc::POLLIN,
        revents: 0,
    }];
    assert_eq!(unsafe { libc::poll(fds.as_mut_ptr(), 1, 5000) }, 1);
    assert_eq!(read_to_end(witness_r), b"", "a child is still alive");
    // And the slots are free again: the storage can be reused.
    let mut count = 0;
    unsafe { ordered::run(&mut slots, 2, None, |_, _| 0, |_, _| count += 1) }.unwrap();
    assert_eq!(count, 2);
}

/// A launcher left SIGCHLD ignored: the kernel reaps each job as it ends,
/// so every outcome is `Lost`, but the output still comes in order and
/// nothing hangs. Without pidfds the jobs' pids cannot be trusted then
/// (issue 16, item 2): the run is refused before any job starts.
pub fn sigchld_ignored_loses_statuses_not_order() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    if pidfds_refused() {
        let (r, w) = pipe();
        let mut slots = [Slot::EMPTY, Slot::EMPTY];
        let mut reported = 0;
        // SAFETY: the scenario process is single-threaded.
        let result = unsafe {
            ordered::run(
                &mut slots,
                6,
                None,
                |_, _| {
                    write_all(w, b"started");
                    0
                },
                |_, _| reported += 1,
            )
        };
        close(w);
        assert_eq!(result, Err(procsig::Errno::ECHILD));
        assert_eq!((read_to_end(r), reported), (vec![], 0), "a job was started");
        return;
    }
    let (out, outcomes) = run(
        2,
        6,
        None,
        |i| Duration::from_millis(((6 - i) * 2) as u64),
        |_| 0,
    );
    assert_eq!(out, in_order(6));
    let expected: Vec<_> = (0..6).map(|i| (i, Outcome::Lost)).collect();
    assert_eq!(outcomes, expected);
}

/// Bad storage is refused; no jobs is no work.
pub fn refuses_bad_storage() {
    let mut none: [Slot; 0] = [];
    let r = unsafe { ordered::run(&mut none, 1, None, |_, _| 0, |_, _| {}) };
    assert_eq!(r, Err(procsig::Errno::EINVAL));
    let mut one = [Slot::EMPTY];
    let mut called = false;
    unsafe { ordered::run(&mut one, 0, None, |_, _| 0, |_, _| called = true) }.unwrap();
    assert!(!called);
}

/// Issue 16, item 3: with SIGCHLD ignored, a job may end and be reaped by
/// the kernel before the parent opens its pidfd. Such a job is `Lost`, in
/// order, every time; never a failed run (`EMFILE`). 200 runs of 4 jobs on
/// 2 slots, each job ending at once (`exit(0)`, before its turn). Without
/// pidfds the run is refused (`ECHILD`, issue 16, item 2), every time,
/// with nothing reported.
pub fn sigchld_ignored_jobs_reaped_before_their_pidfd_are_lost() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    let (result, expected): (_, Vec<_>) = match pidfds_refused() {
        false => (Ok(()), (0..4).map(|i| (i, Outcome::Lost)).collect()),
        true => (Err(procsig::Errno::ECHILD), vec![]),
    };
    let mut slots = [Slot::EMPTY, Slot::EMPTY];
    for run in 0..200 {
        let mut outcomes = Vec::new();
        // SAFETY: the scenario process is single-threaded.
        let ran = unsafe {
            ordered::run(
                &mut slots,
                4,
                None,
                // Ends at once, without waiting for its turn.
                |_, _| procsig::exit(0),
                |i, outcome| outcomes.push((i, outcome)),
            )
        };
        assert_eq!(ran, result, "run {run}");
        assert_eq!(outcomes, expected, "run {run}");
    }
}

/// The descriptors this process has open now.
fn open_fds() -> Vec<i32> {
    // The directory's own descriptor is in the list too; it is closed
    // (EBADF below) by the time the list is used.
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().parse().unwrap())
        .collect()
}

/// The descriptors in `fds` that are open and not close-on-exec.
fn inheritable(fds: &[i32], known: &[i32]) -> Vec<i32> {
    fds.iter()
        .copied()
        .filter(|fd| !known.contains(fd))
        .filter(|&fd| {
            let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
            flags >= 0 && flags & libc::FD_CLOEXEC == 0
        })
        .collect()
}

/// Issue 16, item 4: every descriptor the runner opens is close-on-exec,
/// or another thread's `exec`ed program would hold the jobs' pipes (and a
/// job's end would not be seen until that program ends). Looked at in
/// each job (which has a copy of everything the parent held when it was
/// forked, and its own ends) and in the parent while jobs are alive.
pub fn every_descriptor_is_close_on_exec() {
    let (r, w) = pipe();
    let known = open_fds();
    let mut slots: Vec<Slot> = (0..3).map(|_| Slot::EMPTY).collect();
    let mut in_parent = Vec::new();
    // SAFETY: the scenario process is single-threaded.
    unsafe {
        ordered::run(
            &mut slots,
            6,
            None,
            |i, turn| {
                let before = inheritable(&open_fds(), &known);
                turn.wait().unwrap();
                let after = inheritable(&open_fds(), &known);
                if !before.is_empty() || !after.is_empty() {
                    let line = format!("job {i}: before its turn {before:?}, after {after:?}\n");
                    write_all(w, line.as_bytes());
                }
                0
            },
            |i, _| in_parent.push((i, inheritable(&open_fds(), &known))),
        )
    }
    .unwrap();
    close(w);
    let out = String::from_utf8(read_to_end(r)).unwrap();
    assert_eq!(out, "", "descriptors without FD_CLOEXEC in the jobs");
    assert!(
        in_parent.iter().all(|(_, fds)| fds.is_empty()),
        "descriptors without FD_CLOEXEC in the parent: {in_parent:?}"
    );
}

/// A job that waits for its turn while its parent goes away (here the
/// parent `exec`s: the run's pipes are close-on-exec, so the turn pipes
/// lose their writer, and unlike a death this sends no
/// `PR_SET_PDEATHSIG`) sees end of file and exits without printing;
/// before, a job stopped to wait for its turn stayed stopped for good.
#[cfg(target_os = "linux")]
pub fn a_job_whose_parent_is_gone_exits_without_printing() {
    let (r, w) = pipe();
    let (pids_r, pids_w) = pipe();
    let (hold_r, hold_w) = pipe();
    let middle = spawn(|| {
        close(r);
        close(hold_w);
        // What the jobs write, and the pids they send, must not reach
        // `cat`: only the jobs hold these pipes after the exec.
        for fd in [w, pids_r, pids_w] {
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        unsafe { libc::dup2(hold_r, 0) };
        let mut slots: Vec<Slot> = (0..3).map(|_| Slot::EMPTY).collect();
        // SAFETY: this process is single-threaded.
        let result = unsafe {
            ordered::run(
                &mut slots,
                3,
                None,
                |i, turn| {
                    if i > 0 {
                        write_all(pids_w, &libc::getpid().to_ne_bytes());
                    }
                    turn.wait().unwrap();
                    write_all(w, format!("{i},").as_bytes());
                    0
                },
                |_, _| {
                    // Job 0 has ended; jobs 1 and 2 wait for their turns.
                    let pids = read_exact(pids_r, 8);
                    for pid in pids.chunks_exact(4) {
                        let pid = libc::pid_t::from_ne_bytes(pid.try_into().unwrap());
                        await_in_syscall(pid, &[libc::SYS_read]);
                    }
                    let cat = c"/bin/cat";
                    let argv = [cat.as_ptr(), std::ptr::null()];
                    libc::execv(cat.as_ptr(), argv.as_ptr());
                    panic!("exec: {}", std::io::Error::last_os_error());
                },
            )
        };
        panic!("run returned: {result:?}");
    });
    close(w);
    close(pids_w);
    close(pids_r);
    close(hold_r);
    // End of file once jobs 1 and 2 have ended: they must not wait on.
    let out = String::from_utf8(read_to_end(r)).unwrap();
    assert_eq!(out, "0,", "jobs printed after their parent was gone");
    close(hold_w);
    reap_ok(middle);
}

/// Slots need descriptors (three per job waiting for its turn):
/// with fewer descriptors free than the slots need, `run` starts what it
/// can, and the next job when a running one has ended; every job still
/// runs once, in order. Tried at each of a few limits, so that the
/// descriptors run out at each step of starting a job.
#[cfg(target_os = "linux")]
pub fn fewer_descriptors_than_slots_need() {
    let open = open_fds().len() as u64;
    let mut now = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut now) }, 0);
    for spare in 10..16 {
        let limit = libc::rlimit {
            rlim_cur: open + spare,
            rlim_max: now.rlim_max,
        };
        // Forked, so that each limit is tried in a process of its own.
        let pid = spawn(|| {
            assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
            let (out, outcomes) = run(20, 40, None, |_| Duration::ZERO, |_| 0);
            assert_eq!(out, in_order(40), "{spare} descriptors spare");
            let expected: Vec<_> = (0..40)
                .map(|i| (i, Outcome::Ended(WaitStatus::Exited(0))))
                .collect();
            assert_eq!(outcomes, expected, "{spare} descriptors spare");
            0
        });
        reap_ok(pid);
    }
}
