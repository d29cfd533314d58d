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
/// running or stopped, is gone (each held a copy of a witness pipe, which
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
                turn.wait().unwrap(); // jobs 1, 2 are stopped by then
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
