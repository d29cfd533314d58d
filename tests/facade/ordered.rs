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

/// Nothing of a run stays open, whichever way it ends: after a run that
/// completes and after one that unwinds with jobs running and waiting,
/// this process has the descriptors it had before (every pipe and every
/// pidfd closed). A slot is never dropped with a child in it (`Slot`
/// has no drop code, so that a minimal binary's array of slots needs
/// none): the run's clean-up must close each job's handle itself.
pub fn no_descriptor_left_open() {
    assert!(!std::mem::needs_drop::<Slot>());
    let before = valid_fds();
    let mut slots: Vec<Slot> = (0..4).map(|_| Slot::EMPTY).collect();
    let mut count = 0;
    // SAFETY: the scenario process is single-threaded.
    unsafe { ordered::run(&mut slots, 6, None, |_, _| 0, |_, _| count += 1) }.unwrap();
    assert_eq!(count, 6);
    assert_eq!(valid_fds(), before, "after a run that completed");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe {
        ordered::run(
            &mut slots,
            6,
            None,
            |i, turn| {
                if i >= 3 {
                    // Running (until killed) when the parent gives up.
                    loop {
                        libc::pause();
                    }
                }
                turn.wait().unwrap();
                0
            },
            |i, _| assert!(i < 1, "report panics at job {i} (expected by this test)"),
        )
    }));
    assert!(result.is_err());
    assert_eq!(valid_fds(), before, "after a run that unwound");
}

/// The descriptors open now (not the directory's own, closed by then).
fn valid_fds() -> Vec<i32> {
    let mut fds = open_fds();
    fds.retain(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0);
    fds.sort_unstable();
    fds
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

/// Review B, item 3: more "done" records wait in the shared pipe than one
/// read takes (the parent fell behind: here a stranger stopped it), and
/// every deadline passed while it was stopped. Each job said "done" within
/// its time limit, so none may be killed: the parent hears everything
/// pending before it kills anyone. Job 0 (the head) says it last, so its
/// record is the last of 150 in the pipe.
///
/// No sleeps order the processes: the stranger stops the parent once every
/// job has been forked, lets the jobs say "done" (each is then asleep in
/// the `read` of its turn pipe), lets the time limit pass, and continues
/// the parent. If the jobs could not say "done" within the limit (a very
/// busy machine) the scenario cannot tell, and says SKIPPED.
// Reads /proc (the stranger checks where each job sleeps).
#[cfg(target_os = "linux")]
pub fn every_done_record_is_heard_before_any_kill() {
    const N: usize = 150;
    const LIMIT: Duration = Duration::from_secs(3);
    let me = unsafe { libc::getpid() };
    let (pids_r, pids_w) = pipe();
    let (go_rest_r, go_rest_w) = pipe();
    let (go_first_r, go_first_w) = pipe();
    let start = Instant::now();
    let stranger = spawn(|| {
        close(pids_w);
        close(go_rest_r);
        close(go_first_r);
        let mut pids = vec![0; N];
        for record in read_exact(pids_r, N * 8).chunks_exact(8) {
            let i = u32::from_ne_bytes(record[..4].try_into().unwrap());
            pids[i as usize] = libc::pid_t::from_ne_bytes(record[4..].try_into().unwrap());
        }
        // Every deadline started before this moment.
        let all_forked = Instant::now();
        unsafe { libc::kill(me, libc::SIGSTOP) };
        while proc_state(me) != Some('T') {
            unsafe { libc::sched_yield() };
        }
        close(go_rest_w);
        for &pid in &pids[1..] {
            await_in_syscall(pid, &[libc::SYS_read]);
        }
        close(go_first_w);
        await_in_syscall(pids[0], &[libc::SYS_read]);
        let inconclusive = start.elapsed() >= LIMIT;
        let_time_pass((all_forked + LIMIT + Duration::from_millis(50)) - Instant::now());
        unsafe { libc::kill(me, libc::SIGCONT) };
        if inconclusive {
            SKIPPED
        } else {
            0
        }
    });
    close(pids_r);
    close(go_rest_w);
    close(go_first_w);
    let mut slots: Vec<Slot> = (0..N).map(|_| Slot::EMPTY).collect();
    let mut outcomes = Vec::new();
    // SAFETY: the scenario process is single-threaded.
    unsafe {
        ordered::run(
            &mut slots,
            N,
            Some(LIMIT),
            |i, turn| {
                let mut record = (i as u32).to_ne_bytes().to_vec();
                record.extend_from_slice(&libc::getpid().to_ne_bytes());
                write_all(pids_w, &record);
                // Until the stranger lets this job say "done".
                let go = if i == 0 { go_first_r } else { go_rest_r };
                let mut fds = [libc::pollfd {
                    fd: go,
                    events: libc::POLLIN,
                    revents: 0,
                }];
                while libc::poll(fds.as_mut_ptr(), 1, -1) != 1 {}
                turn.wait().unwrap();
                0
            },
            |i, outcome| outcomes.push((i, outcome)),
        )
    }
    .unwrap();
    let status = reap(stranger);
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == SKIPPED {
        skip("the jobs could not say \"done\" within the time limit");
    }
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    let killed: Vec<usize> = outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::TimedOut)
        .map(|(i, _)| *i)
        .collect();
    assert_eq!(
        killed, [0usize; 0],
        "jobs killed though they said \"done\" in time"
    );
    let expected: Vec<_> = (0..N)
        .map(|i| (i, Outcome::Ended(WaitStatus::Exited(0))))
        .collect();
    assert_eq!(outcomes, expected);
}

/// The standard descriptors that are open, of 0, 1 and 2.
fn open_standard_fds() -> Vec<i32> {
    (0..3)
        .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0)
        .collect()
}

/// Review B, item 4: launched with the standard descriptors closed (as
/// `prog <&- >&- 2>&-`, in a process with no runtime to reopen them), the
/// runner must not put its pipes on 0, 1 or 2: a job that writes to its
/// standard output before its turn would write into them (with pidfds,
/// into the shared pipe, misaligning the records: `run` hung). Nothing the
/// runner opens is found at 0-2, in the parent or in a job, and the run
/// ends in order. What the middle process finds is written to a pipe, as
/// its own standard descriptors are gone.
pub fn standard_descriptors_closed() {
    let (r, w) = pipe();
    let middle = spawn(|| {
        close(r);
        for fd in 0..3 {
            close(fd);
        }
        let report = |line: String| unsafe {
            libc::write(w, line.as_ptr().cast(), line.len());
        };
        let mut slots: Vec<Slot> = (0..8).map(|_| Slot::EMPTY).collect();
        let mut outcomes = Vec::new();
        // SAFETY: this process is single-threaded.
        let result = unsafe {
            ordered::run(
                &mut slots,
                8,
                None,
                |i, turn| {
                    let low = open_standard_fds();
                    // Output before the turn, to what should be nothing.
                    for fd in 0..3 {
                        libc::write(fd, b"job working\n".as_ptr().cast(), 12);
                    }
                    if turn.wait().is_err() {
                        return 1;
                    }
                    report(format!("{i}:{low:?},"));
                    0
                },
                |i, outcome| {
                    let low = open_standard_fds();
                    if !low.is_empty() {
                        report(format!("parent at job {i}: {low:?},"));
                    }
                    outcomes.push(outcome)
                },
            )
        };
        let ok = Outcome::Ended(WaitStatus::Exited(0));
        if result != Ok(()) || outcomes != [ok; 8] {
            report(format!("run: {result:?} {outcomes:?}"));
        }
        0
    });
    close(w);
    let out = String::from_utf8(read_to_end(r)).unwrap();
    reap_ok(middle);
    let expected: String = (0..8).map(|i| format!("{i}:[],")).collect();
    assert_eq!(out, expected);
}

/// Review B, item 2: without pidfds a job's end is its pipe's end of file,
/// and then its process is on its way out; the wait for it must not hang
/// on a `SIGCHLD` that another thread (which leaves it unblocked) may
/// take. 300 jobs on 20 slots, with and without a time limit, while a
/// second thread sleeps and wakes with `SIGCHLD` unblocked; the
/// scenario's watchdog (a few seconds, where a late second per job would
/// take minutes) bounds it. With pidfds the same must hold anyway.
pub fn prompt_while_another_thread_takes_sigchld() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STOP: AtomicBool = AtomicBool::new(false);
    let other = std::thread::spawn(|| {
        while !STOP.load(Ordering::Relaxed) {
            std::hint::spin_loop();
        }
    });
    for limit in [None, Some(Duration::from_secs(600))] {
        let mut slots: Vec<Slot> = (0..20).map(|_| Slot::EMPTY).collect();
        let mut outcomes = Vec::new();
        // SAFETY: the jobs call only `Turn::wait` (async-signal-safe) and
        // return.
        unsafe {
            ordered::run(
                &mut slots,
                300,
                limit,
                |_, turn| {
                    let _ = turn.wait();
                    0
                },
                |_, outcome| outcomes.push(outcome),
            )
        }
        .unwrap();
        let ok = Outcome::Ended(WaitStatus::Exited(0));
        assert!(outcomes.iter().all(|o| *o == ok), "{limit:?}: {outcomes:?}");
        assert_eq!(outcomes.len(), 300);
    }
    STOP.store(true, Ordering::Relaxed);
    other.join().unwrap();
}
