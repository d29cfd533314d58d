//! [`Slot`], the storage a caller lends [`run`](super::run) for one live
//! job, and [`Outcome`], how a job ended.

use core::ffi::c_int;
use core::mem::ManuallyDrop;

use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::time::Deadline;

/// Storage for one live job, lent to [`run`](super::run) by the caller (so that `run`
/// allocates nothing). `P` slots run at most `P` jobs at a time.
#[derive(Debug)]
pub struct Slot {
    /// The job's child until it is reaped or given up. Never dropped with
    /// the slot: `run` empties every slot on every way out (its clean-up
    /// kills and reaps what is left), so a slot outside `run` holds no
    /// child, and the caller's array of slots needs no drop code.
    pub(super) child: ManuallyDrop<Option<Child>>,
    /// The read end of the job's own pipe (without pidfds), or -1.
    pub(super) pipe: c_int,
    /// The parent's ends of the job's turn pipe, `[read, write]`, until
    /// its turn is granted (then -1): one byte written there is the turn.
    /// The read end is kept only so that the pipe always has a reader: the
    /// grant can then never fail with `EPIPE` (nor raise `SIGPIPE`) for a
    /// job that died meanwhile.
    pub(super) turn: [c_int; 2],
    pub(super) job: usize,
    pub(super) phase: Phase,
    pub(super) deadline: Option<Deadline>,
    pub(super) outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Free,
    /// Forked, working; its deadline runs.
    Working,
    /// Said "done"; waits for its turn.
    Done,
    /// Granted its turn; its deadline runs again.
    Released,
    /// Reaped; its outcome waits to be reported in order.
    Ended,
}

impl Slot {
    /// A free slot, for building the caller's array: `[Slot::EMPTY; P]`
    /// needs a `const`.
    pub const EMPTY: Slot = Slot {
        child: ManuallyDrop::new(None),
        pipe: -1,
        turn: [-1; 2],
        job: 0,
        phase: Phase::Free,
        deadline: None,
        outcome: Outcome::Lost,
    };
}

/// How a job ended, as [`run`](super::run) reports it.
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
    /// because `SIGCHLD` is ignored, or other code's `waitpid(-1)`), even
    /// before the parent could open its pidfd.
    Lost,
}
