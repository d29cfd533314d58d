//! The blog post's pattern as a library: parallelise the computation,
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
//! # How a job says "done" (and why nothing is counted)
//! When the job calls [`Turn::wait`], its child writes a record to a pipe
//! and stops itself (`SIGSTOP`); when every earlier job has finished, the
//! parent waits for the stop and continues it (`SIGCONT`). On Linux 5.4
//! and later all jobs share one pipe and the record is the job's index
//! (a write of at most `PIPE_BUF` bytes is atomic, so records never
//! interleave), and the parent sees a job's end on its pidfd. Elsewhere
//! each job gets a pipe of its own, and the end of the process, however it
//! ends, closes its end of that pipe: the parent sees end-of-file. Either
//! way every job's "done" and every job's end is an event of its own: N
//! jobs that finish at once are N events, never fewer (the blog post
//! counted coalescing `SIGCONT`s and could hang), nothing is a signal the
//! parent must wait for, and no other thread's signal mask matters. The
//! parent only listens to the job whose turn is next (and to the shared
//! pipe): what later jobs say waits in the pipe until their turn.
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
//!   go on. Time spent waiting for its turn does not count.
//! - **Descendants**: without pidfds, processes a job starts inherit its
//!   end of its pipe, so the job counts as running until they end too (or
//!   close it).
//! - **Nothing left behind**: if `run` returns early (an error) or unwinds
//!   (a panic in `report`), every child still running or stopped is killed
//!   and reaped before it returns. On Linux each child also gets
//!   `PR_SET_PDEATHSIG` = `SIGKILL` (`ForkOptions::die_with_parent`, a
//!   Linux-only method of [`ForkOptions`](crate::ForkOptions)), so that a parent killed outright (`SIGKILL`, or Ctrl-C to its
//!   process group, which cannot wake a stopped child) takes its children
//!   with it; that signal follows the *thread* that called `run`.
//! - **A job must not unwind** into the parent's code in the child: with
//!   the `std` feature a panicking job's child exits with status 101;
//!   without it, build with `panic = "abort"`.
//! - **Threads**: `run` forks; in a multithreaded process the jobs may
//!   call only async-signal-safe functions (see [`fork`](crate::fork)).
//!   The parent's side touches no signal mask or disposition and consumes
//!   no signal, so other threads are free to do anything but reap these
//!   children.
//! - **Resources**: one descriptor per live job (its `Child`'s pidfd on
//!   Linux 5.4+, else its pipe) and one shared pipe; at most
//!   [`WAIT_ANY_MAX`] slots. Each `fork` copies the descriptor table, so a
//!   fork with 1000 jobs alive costs more than one with 2 (README,
//!   "Performance").

use core::ffi::c_int;
use core::time::Duration;

use super::child::Child;
use super::disposition::children_auto_reaped;
use super::pid::Pid;
use super::signal::Signal;
use super::time::Deadline;
use super::wait_any::WAIT_ANY_MAX;
use super::wait_status::WaitStatus;
use crate::{raw, Errno};

mod events;
mod start;

use events::{close, kill_and_reap, release, wait_for_head};
use start::{pidfds_available, start};

/// Storage for one live job, lent to [`run`] by the caller (so that `run`
/// allocates nothing). `P` slots run at most `P` jobs at a time.
#[derive(Debug)]
pub struct Slot {
    child: Option<Child>,
    /// The read end of the job's own pipe (without pidfds), or -1.
    pipe: c_int,
    job: usize,
    phase: Phase,
    deadline: Option<Deadline>,
    outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Free,
    /// Forked, working; its deadline runs.
    Working,
    /// Said "done" and stopped itself (or is about to); waits for its turn.
    Done,
    /// Continued on its turn; its deadline runs again.
    Released,
    /// Reaped; its outcome waits to be reported in order.
    Ended,
}

impl Slot {
    /// A free slot, for building the caller's array: `[Slot::EMPTY; P]`
    /// needs a `const`.
    pub const EMPTY: Slot = Slot {
        child: None,
        pipe: -1,
        job: 0,
        phase: Phase::Free,
        deadline: None,
        outcome: Outcome::Lost,
    };
}

/// How a job ended, as [`run`] reports it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The job's process ended by itself, or was killed by someone else:
    /// `Exited(0)` is success, `Exited(n)` the job's own failure code,
    /// `Signaled` a crash.
    Ended(WaitStatus),
    /// It overran the time limit and was killed with `SIGKILL`.
    TimedOut,
    /// Its status is lost: someone else reaped its process (the kernel,
    /// because `SIGCHLD` is ignored, or other code's `waitpid(-1)`).
    Lost,
}

/// A job's place in line, handed to the job in its child.
#[derive(Debug)]
pub struct Turn {
    /// The job's own pipe (one byte says "done"), or the run's shared pipe
    /// (the job's index says it).
    pipe: c_int,
    message: Message,
    waited: bool,
}

/// What a job writes to say "done": at most `PIPE_BUF` bytes, so that
/// records from many jobs in one pipe never interleave.
#[derive(Clone, Copy, Debug)]
enum Message {
    Byte,
    Index(usize),
}

impl Turn {
    /// Tells the parent this job's work is done, and waits (stopped) until
    /// every earlier job has finished. What the job writes after this
    /// returns comes out after everything earlier jobs wrote. A second call
    /// returns at once.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `getpid`, `kill`, `write`.
    ///
    /// # Errors
    /// - `EPIPE`: the parent is gone. (The child gets `SIGPIPE` too, which
    ///   ends it unless it is ignored or blocked.)
    ///
    /// ```
    /// use procsig::ordered::{self, Slot};
    ///
    /// let mut slots = [Slot::EMPTY];
    /// // SAFETY: this process is single-threaded; the job ends by returning.
    /// unsafe {
    ///     ordered::run(&mut slots, 1, None, |_, turn| {
    ///         // ... the work ...
    ///         turn.wait().ok(); // every earlier job has printed
    ///         // ... print ...
    ///         0
    ///     }, |_, _| {})?;
    /// }
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub fn wait(&mut self) -> Result<(), Errno> {
        if self.waited {
            return Ok(());
        }
        self.waited = true;
        let index = match self.message {
            Message::Byte => [1; RECORD],
            Message::Index(i) => i.to_ne_bytes(),
        };
        let record = match self.message {
            Message::Byte => index.get(..1).unwrap_or_default(),
            Message::Index(_) => &index[..],
        };
        loop {
            // SAFETY: our end of the pipe, and a live buffer.
            match unsafe { raw::write(self.pipe, record) } {
                Ok(_) => break,
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
        // Delivered before `kill` returns: we are stopped until continued.
        super::kill::kill(Pid::this(), Signal::STOP)
    }
}

/// Runs jobs `0..jobs`, each in a forked child, at most `slots.len()` at a
/// time, and calls `report(i, outcome)` in the parent for each job, in job
/// order. See the [module](self) for the protocol and its hazards.
///
/// `job(i, turn)` runs in job `i`'s child: it does the work, calls
/// [`turn.wait()`](Turn::wait), writes its output, and returns the child's
/// exit status. `time_limit` bounds each job's work, and again its end once
/// its turn came; `None` for no limit.
///
/// Threads: see the module's hazards. Async-signal-safe: no.
///
/// System calls: `clone`, `close`, `getpid`, `pidfd_open`, `pidfd_send_signal`,
/// `pipe2`, `poll`, `read`, `waitid`; in the child: `close`, `exit_group`,
/// `getpid`, `getppid`, `kill`, `prctl`, `set_robust_list`, `write`; without
/// pidfds: `clone`, `close`, `getpid`, `kill`, `pidfd_open`, `pipe2`, `poll`,
/// `read`, `rt_sigaction`, `waitid`; at times also: `rt_sigprocmask`,
/// `rt_sigtimedwait`; in the child: `close`, `exit_group`, `getpid`,
/// `getppid`, `kill`, `prctl`, `set_robust_list`, `write`. "At times": when
/// a job's end must be waited for through `SIGCHLD`, which depends on the
/// order the jobs end in. In the child are the job's own `exit_group` and
/// what [`Turn::wait`] makes.
///
/// System calls (zero timeout): `clone`, `close`, `getpid`, `pidfd_open`,
/// `pidfd_send_signal`, `pipe2`, `poll`, `waitid`; in the child: none; at
/// times also: `close`, `getppid`, `prctl`, `set_robust_list`; without
/// pidfds: `clone`, `close`, `getpid`, `kill`, `pidfd_open`, `pipe2`,
/// `poll`, `rt_sigaction`, `waitid`; in the child: none; at times also:
/// `close`, `getppid`, `prctl`, `set_robust_list`. Every job overruns a zero time limit and is
/// killed, wherever it has got to, so no job output is read.
///
/// # Errors
/// - `EINVAL`: no slot, more than [`WAIT_ANY_MAX`], or a slot still in use.
/// - `ECHILD`: without pidfds, `SIGCHLD` is ignored (or `SA_NOCLDWAIT`):
///   the jobs' pids could not be trusted (see [`Child`]), so no job is
///   started. [`reset_disposition`](crate::reset_disposition) first. With
///   pidfds the run goes ahead, and every outcome is [`Outcome::Lost`].
/// - `EAGAIN`, `ENOMEM`, `EMFILE`, …: a fork or a pipe failed (`EMFILE`
///   also when a child could get no pidfd while the others have one).
///   Every job started so far is killed and reaped first; jobs reported so
///   far stay reported.
///
/// # Safety
/// As [`fork`](crate::fork): in a multithreaded process `job` may call only
/// async-signal-safe functions, and it must end by returning (never
/// unwinding; see the module's hazards).
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
        let mut fds = [-1; 2];
        // SAFETY: both ends are owned by `cleanup`, which closes them.
        unsafe { raw::pipe(&mut fds)? };
        fds
    } else {
        [-1; 2]
    };
    let cleanup = Cleanup { slots, shared };
    let slots = &mut *cleanup.slots;
    let (mut next, mut head) = (0, 0);
    while head < jobs {
        while next < jobs {
            let Some(slot) = slots.iter_mut().find(|s| s.phase == Phase::Free) else {
                break;
            };
            // SAFETY: the caller upholds `fork`'s contract for `job`.
            unsafe { start(slot, shared, next, time_limit, &mut job)? };
            next += 1;
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
                let outcome = slot.outcome;
                *slot = Slot::EMPTY;
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
            *slot = Slot::EMPTY;
        }
        self.shared.into_iter().for_each(close);
    }
}

/// A job index as the shared pipe carries it.
const RECORD: usize = core::mem::size_of::<usize>();
