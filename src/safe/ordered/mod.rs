//! The pattern of the blog post *Unix Parallelism and Concurrency:
//! Processes & Signalling* as a library: parallelise the computation,
//! linearise the results.
//!
//! [`run`] runs jobs `0..n`, each in a forked child, at most `P` at a time
//! (`P` = the number of [`Slot`]s the caller lends it), and lets their
//! output through in job order: each job does its work, then waits for its
//! [`Turn`]; what it writes after that comes out after everything the
//! earlier jobs wrote. Each job's [`Outcome`] is reported to the parent, in
//! job order.
//!
//! ```
//! use procsig::ordered::{self, Outcome, Slot};
//! use procsig::WaitStatus;
//!
//! let mut slots = [Slot::EMPTY, Slot::EMPTY];
//! let mut outcomes = Vec::new();
//! // SAFETY: this process is single-threaded, so the jobs may do anything;
//! // each ends by returning.
//! unsafe {
//!     ordered::run(
//!         &mut slots,
//!         4,
//!         None,
//!         |i, turn| {
//!             let result = i * i; // the work, in parallel
//!             turn.wait().ok(); // then, in order:
//!             (result % 256) as i32
//!         },
//!         |i, outcome| outcomes.push((i, outcome)),
//!     )?;
//! }
//! assert_eq!(outcomes, [
//!     (0, Outcome::Ended(WaitStatus::Exited(0))),
//!     (1, Outcome::Ended(WaitStatus::Exited(1))),
//!     (2, Outcome::Ended(WaitStatus::Exited(4))),
//!     (3, Outcome::Ended(WaitStatus::Exited(9))),
//! ]);
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! # How a job says "done" and gets its turn
//! When the job calls [`Turn::wait`], its child writes a record to a pipe
//! ("done"), then waits for its turn in a blocking `read` of a pipe of its
//! own, the *turn pipe*, whose write end only the parent holds; when every
//! earlier job has finished, the parent writes one byte there. On Linux
//! 5.4 and later all jobs share one pipe for "done" and the record is the
//! job's index (a write of at most `PIPE_BUF` bytes is atomic, so records
//! never interleave), and the parent sees a job's end on its pidfd.
//! Elsewhere each job gets a pipe of its own for both, and the end of the
//! process, however it ends, closes its end of that pipe: the parent sees
//! end-of-file.
//!
//! Every job's "done", turn and end is an event of its own: N jobs that
//! finish at once are N events, never fewer (the blog post counted
//! coalescing `SIGCONT`s and could hang); no standard signal is counted.
//! With pidfds nothing is a signal the parent must wait for, and no other
//! thread's signal mask matters. Without them a job's end is its pipe's
//! end of file, which comes as its process exits; the parent then looks
//! for the exit with `waitid` (a blocking one with no time limit; with a
//! limit, checks a few milliseconds apart, about half a second in all),
//! and only a job that closed its pipe and went on is waited for through
//! `SIGCHLD` (on macOS and FreeBSD through a kqueue's `EVFILT_PROC`
//! filter instead, which needs no signal), which a thread that leaves it
//! unblocked may take: that wait then looks again every second, so it
//! ends that much late, never hangs (see
//! [`Child::wait_timeout`](crate::Child::wait_timeout)). The parent
//! only listens to the job whose turn is
//! next (and to the shared pipe): what later jobs say waits in the pipe
//! until their turn.
//!
//! Only the parent can grant a turn. A job that stopped itself and waited
//! for `SIGCONT` (the blog post's protocol, and this module's before) was
//! released by *any* `SIGCONT`: the shell's `fg` or `bg` after Ctrl-Z,
//! which continue the whole process group, or anyone's `kill -CONT`; the
//! order broke. No signal ends a `read`: stopped and continued at any
//! moment, a job goes on waiting (and the parent, stopped with it, goes
//! on where it was). If the parent goes away (it dies, or `exec`s: the
//! pipes are close-on-exec) the waiting jobs see end of file and exit
//! without printing. (A job forked later holds copies of the earlier
//! jobs' turn pipes, which nothing in it writes to; closing them in every
//! child would cost a system call per live job per fork. So when the
//! parent is gone, the jobs see end of file one after the other, the
//! newest first, each once the jobs after it have exited; a job still at
//! its work exits when it says "done".)
//!
//! # Hazards
//! - **Output before the turn is not ordered**: only what a job writes
//!   after [`Turn::wait`] returns. A job that never calls it is made to
//!   wait when it returns, so its *exit* still comes in order.
//! - **Flush before returning**: the child ends with
//!   [`exit`](crate::exit), which flushes nothing (Rust's `println!` is
//!   line-buffered: a complete line is written at once).
//! - **Time limits**: a job that works longer than the limit, or that
//!   takes longer than the limit to end after its turn came, is killed
//!   (`SIGKILL`) and reported as [`Outcome::TimedOut`]; the jobs after it
//!   go on. Time spent waiting for its turn does not count; time spent
//!   stopped (Ctrl-Z) does: the limit is wall-clock time.
//! - **Descendants**: without pidfds, processes a job forks inherit its
//!   end of its pipe, so the job counts as running until they end too (or
//!   close it, or `exec`: the pipe is close-on-exec).
//! - **Nothing left behind**: if `run` returns early (an error) or unwinds
//!   (a panic in `report`), every child still running or stopped is killed
//!   and reaped before it returns. On Linux each child also gets
//!   `PR_SET_PDEATHSIG` = `SIGKILL` (`ForkOptions::die_with_parent`, a
//!   Linux-only method of [`ForkOptions`](crate::ForkOptions)), so that a
//!   parent killed outright (`SIGKILL`, or Ctrl-C to its process group)
//!   takes its children with it, stopped ones too; that signal follows the
//!   *thread* that called `run`. Everywhere, a job still waiting for its
//!   turn when the parent is gone exits (see above).
//! - **A stopped group, then the parent killed outright** (Linux): one
//!   case leaves children behind, stopped, and no user-space code can
//!   close it. Outside job control (no shell's Ctrl-Z: e.g. `kill -STOP
//!   -PGID` to a runner in a session of its own, or a freezer), the group
//!   is stopped while the parent has just forked a job that has not run
//!   its first instruction; the group stop is then pending in the new
//!   child, which stops before its `prctl(PR_SET_PDEATHSIG)`. If the
//!   parent is then killed with `SIGKILL`, that child gets no death
//!   signal, and the kernel's orphaned-process-group rule (`SIGHUP` and
//!   `SIGCONT` to a group orphaned with stopped members) does not fire:
//!   it looks for members *already* stopped when the parent dies, and the
//!   jobs that were stopped are killed by their death signal first. The
//!   child stays stopped, under the new parent (init or a subreaper),
//!   until someone continues it; then it sees its parent gone (`getppid`)
//!   and exits at once, without running the job. The parent cannot
//!   prevent it: the death signal is not inherited across `fork` (so it
//!   cannot be set before the child runs), `SIGSTOP` cannot be blocked,
//!   and a parent killed with `SIGKILL` cannot act. A review saw it with
//!   1000 jobs started as fast as they can be (`setsid ordered 1000
//!   --work-ms 0 -j 1000 &`, then `kill -STOP -PGID`, then `kill -KILL
//!   PID`): 1 to 24 children left stopped in 18 of 20 tries. A job
//!   shell's stop (Ctrl-Z, `SIGTSTP`), or a parent that exits or unwinds,
//!   leaves nothing behind.
//! - **A job must not unwind** into the parent's code in the child: with
//!   the `std` feature a panicking job's child exits with status 101;
//!   without it, build with `panic = "abort"`.
//! - **Threads**: `run` forks; in a multithreaded process the jobs may
//!   call only async-signal-safe functions (see [`fork`](crate::fork)).
//!   With pidfds the parent's side touches no signal mask or disposition
//!   and consumes no signal, so other threads are free to do anything but
//!   reap these children. Without pidfds, a job that closed its pipe and
//!   went on is waited for as [`Child::wait_timeout`](crate::Child::wait_timeout)
//!   does (`SIGCHLD` blocked in this thread meanwhile, and consumed);
//!   another thread that leaves `SIGCHLD` unblocked may make that wait up
//!   to a second late. (On macOS and FreeBSD that wait is a kqueue's
//!   `EVFILT_PROC` filter on the pid: no signal, no mask, never late.)
//! - **Standard descriptors**: no descriptor `run` opens is 0, 1 or 2,
//!   even when the program started with those closed (a `#![no_main]` or
//!   C program launched `<&- >&-`): one that lands there is moved above
//!   2, so a job's writes to its standard output never reach the run's
//!   pipes (they fail with `EBADF` instead).
//! - **Close-on-exec**: every descriptor `run` opens is close-on-exec,
//!   so a program that another thread (or a job) `exec`s holds none of
//!   the run's pipes: the pipes are made with `pipe2(O_CLOEXEC)`, and a
//!   pidfd is close-on-exec by the kernel's rule. macOS has no `pipe2`:
//!   there `pipe` is followed by `fcntl(FD_CLOEXEC)`, and another thread's
//!   `fork` + `exec` between the two calls inherits the ends.
//! - **Targets**: `run` works on every target, with pipes and `poll`.
//!   A job whose pipe reached its end but which has not ended yet (it
//!   closed its end and went on) is reaped with a timed wait where there
//!   is one (Linux, FreeBSD); on macOS, which has no `sigtimedwait`, with
//!   `try_wait` every 10 ms until its deadline. A job dies with a killed
//!   parent on Linux and FreeBSD (a parent-death signal); on macOS one
//!   that is still working, or stopped, outlives it (a job waiting for
//!   its turn sees end of file and exits). The macOS path runs here under
//!   the macOS-like build switch (see the crate's `build.rs`).
//! - **Resources**: in the parent, per live job, one descriptor that
//!   tells of its end (its `Child`'s pidfd on Linux 5.4+, else the read
//!   end of its own pipe) and, until its turn is granted, both ends of its
//!   turn pipe (the read end is kept so that granting a turn can never
//!   raise `SIGPIPE`, or fail, for a job that died meanwhile): three
//!   descriptors, then one; and one shared pipe with pidfds;
//!   at most [`WAIT_ANY_MAX`] slots. When the descriptors run out
//!   (`EMFILE`, e.g. 1000 slots under the common limit of 1024), fewer
//!   jobs run at a time: the next job starts once a running one is done.
//!   A job is forked only once it has every descriptor it needs, so none
//!   is ever started twice. Each `fork` copies the descriptor table, so a
//!   fork with 1000 jobs alive costs more than one with 2 (the crate's
//!   `docs/performance.md`).

use core::ffi::c_int;
use core::time::Duration;

use crate::safe::process::wait_any_max::WAIT_ANY_MAX;
use crate::safe::signal::disposition::children_auto_reaped;
use crate::Errno;

mod events;
// macOS has no pipe2; the macOS-like build takes its path too.
#[cfg(not(any(target_vendor = "apple", procsig_like_macos)))]
#[path = "pipe2.rs"]
mod pipe;
#[cfg(any(target_vendor = "apple", procsig_like_macos))]
#[path = "pipe_apple.rs"]
mod pipe;
mod slot;
mod start;
mod turn;
// Reaping a job that closed its pipe: a timed wait where the target has
// one, else `try_wait` between short sleeps (macOS until kqueue).
#[cfg_attr(procsig_timed_wait, path = "reap_timed.rs")]
#[cfg_attr(not(procsig_timed_wait), path = "reap_polled.rs")]
mod reap_within;

use slot::Phase;
pub use slot::{Outcome, Slot};
use turn::Message;
pub use turn::Turn;

use events::{close, close_pair, kill_and_reap, release, wait_for_head};
use start::{pidfds_available, start, Started};

/// Runs jobs `0..jobs`, each in a forked child, at most `slots.len()` at a
/// time, and calls `report(i, outcome)` in the parent for each job, in job
/// order. See the [module](self) for the protocol and its hazards.
///
/// `job(i, turn)` runs in job `i`'s child: it does the work, calls
/// [`turn.wait()`](Turn::wait), writes its output, and returns the child's
/// exit status. `time_limit` bounds each job's work, and again its end once
/// its turn came; `None` for no limit.
///
/// Threads: see the [module's hazards](self#hazards). Async-signal-safe: no.
///
/// System calls: `clone`, `close`, `fcntl`, `getpid`, `pidfd_open`, `pipe2`,
/// `poll`, `read`, `waitid`, `write`; at times also: `pidfd_send_signal`; in the
/// child: `close`, `exit_group`, `getppid`, `prctl`, `read`,
/// `set_robust_list`, `write`; without pidfds: `clone`, `close`, `getpid`,
/// `pidfd_open`, `pipe2`, `poll`, `read`, `rt_sigaction`, `waitid`, `write`;
/// at times also: `kill`, `rt_sigprocmask`, `rt_sigtimedwait`; in the
/// child: `close`, `exit_group`, `getppid`, `prctl`, `read`,
/// `set_robust_list`, `write`. "At times": `pidfd_send_signal` or `kill`
/// when a job is killed (it overran its time limit, or `run` returns
/// early); the `SIGCHLD` calls only with a time limit, for a job that
/// closed its pipe and went on (its exit is first looked for with `waitid`
/// and `poll`, about half a second; with no time limit, one blocking
/// `waitid` waits for it). In the child are the job's own `exit_group`
/// and what [`Turn::wait`] makes. The `fcntl` holds a descriptor free for
/// each job's pidfd (and, with standard descriptors closed, moves the
/// run's descriptors above 2, with a `close`).
///
/// System calls (zero timeout): `clone`, `close`, `fcntl`, `getpid`,
/// `pidfd_open`, `pidfd_send_signal`, `pipe2`, `poll`, `waitid`; in the
/// child: none; at times also: `close`, `getppid`, `prctl`,
/// `set_robust_list`; without pidfds: `clone`, `close`, `getpid`, `kill`,
/// `pidfd_open`, `pipe2`, `poll`, `rt_sigaction`, `waitid`; in the child:
/// none; at times also: `close`, `getppid`, `prctl`, `set_robust_list`.
/// A job still at its work when the parent looks has overrun a zero time
/// limit and is killed, wherever it has got to (the calls above are for
/// jobs that never stop working). One whose "done" or end is already
/// waiting when the parent looks is heard out first, as with any limit,
/// and goes on as usual: its turn comes, it may print, and it ends as
/// `Ended`. So a fast job can escape a zero limit; how many do depends on
/// timing.
///
/// # Errors
/// - `EINVAL`: no slot, more than [`WAIT_ANY_MAX`], or a slot still in use.
/// - `ECHILD`: without pidfds, `SIGCHLD` is ignored (or `SA_NOCLDWAIT`):
///   the jobs' pids could not be trusted (see [`Child`](crate::Child)), so no job is
///   started. [`reset_disposition`](crate::reset_disposition) first. With
///   pidfds the run goes ahead, and every outcome is [`Outcome::Lost`].
/// - `EAGAIN`, `ENOMEM`, …: a fork or a pipe failed. Every job started so
///   far is killed and reaped first; jobs reported so far stay reported.
/// - `EMFILE`, `ENFILE`: no descriptor for the next job while no job is
///   running (with jobs running, `run` waits for one to be done instead);
///   or a running child got no pidfd, because another thread took the
///   descriptor held free for it. (A child that had already ended and been
///   reaped by someone else is no error but [`Outcome::Lost`].)
///
/// # Safety
/// As [`fork`](crate::fork): in a multithreaded process `job` may call only
/// async-signal-safe functions, and it must end by returning (never
/// unwinding; see the [module's hazards](self#hazards)).
///
/// ```
/// use procsig::ordered::{self, Outcome, Slot};
/// use std::time::Duration;
///
/// let mut slots = [Slot::EMPTY, Slot::EMPTY];
/// let mut report = Vec::new();
/// // SAFETY: this process is single-threaded; each job ends by returning.
/// unsafe {
///     ordered::run(
///         &mut slots,
///         3,
///         Some(Duration::from_millis(200)),
///         |i, turn| {
///             if i == 1 {
///                 loop {} // overruns its time limit
///             }
///             turn.wait().ok();
///             0
///         },
///         |i, outcome| report.push((i, outcome == Outcome::TimedOut)),
///     )?;
/// }
/// assert_eq!(report, [(0, false), (1, true), (2, false)]);
/// # Ok::<(), procsig::Errno>(())
/// ```
pub unsafe fn run(
    slots: &mut [Slot],
    jobs: usize,
    time_limit: Option<Duration>,
    mut job: impl FnMut(usize, &mut Turn) -> c_int,
    mut report: impl FnMut(usize, Outcome),
) -> Result<(), Errno> {
    if slots.is_empty() || slots.len() > WAIT_ANY_MAX {
        return Err(Errno::EINVAL);
    }
    if slots.iter().any(|s| s.phase != Phase::Free) {
        return Err(Errno::EINVAL);
    }
    let pidfds = pidfds_available();
    // Without pidfds the jobs are reached by pid, and a `Child` refuses
    // every signal and wait while the kernel reaps children (their pids
    // could be another child's): no job could be released or killed.
    if !pidfds && children_auto_reaped()? {
        return Err(Errno::ECHILD);
    }
    let shared = if pidfds {
        // Both ends are owned by `cleanup`, which closes them.
        pipe::cloexec_pipe()?
    } else {
        [-1; 2]
    };
    let cleanup = Cleanup { slots, shared };
    let slots = &mut *cleanup.slots;
    let (mut next, mut head) = (0, 0);
    while head < jobs {
        while next < jobs {
            let Some(free) = slots.iter_mut().find(|s| s.phase == Phase::Free) else {
                break;
            };
            // SAFETY: the caller upholds `fork`'s contract for `job`.
            match unsafe { start(free, shared, next, time_limit, &mut job)? } {
                Started::Yes => next += 1,
                // Fewer jobs alive than slots, until a running job is done
                // and frees what it holds.
                Started::NoDescriptor if next > head => break,
                Started::NoDescriptor => return Err(Errno::EMFILE),
            }
        }
        let found = slots
            .iter()
            .position(|s| s.phase != Phase::Free && s.job == head);
        // Always found: the head was started, and is freed only below.
        let Some(h) = found else {
            return Err(Errno::EINVAL);
        };
        match slots.get_mut(h) {
            Some(slot) if slot.phase == Phase::Done => release(slot, time_limit)?,
            Some(slot) if slot.phase == Phase::Ended => {
                // An ended slot holds nothing (`end`): free it.
                slot.phase = Phase::Free;
                let outcome = slot.outcome;
                head += 1;
                report(head - 1, outcome);
            }
            _ => wait_for_head(slots, shared[0], h, time_limit)?,
        }
    }
    Ok(())
}

/// On every way out of [`run`]: kills and reaps what is still alive,
/// frees every slot, closes the shared pipe.
struct Cleanup<'a> {
    slots: &'a mut [Slot],
    shared: [c_int; 2],
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for slot in self.slots.iter_mut() {
            kill_and_reap(slot);
            close(slot.pipe);
            close_pair(slot.turn);
            // Free, holding nothing: what `start` needs of a slot (it
            // writes the whole slot), and what the next run checks.
            slot.pipe = -1;
            slot.turn = [-1; 2];
            slot.phase = Phase::Free;
        }
        close_pair(self.shared);
    }
}

/// A job index as the shared pipe carries it.
const RECORD: usize = core::mem::size_of::<usize>();
