//! Starting a job: its fork, its pipes (its turn pipe; its own pipe or
//! the shared one), and its child's side.

use core::ffi::c_int;
use core::mem::ManuallyDrop;
use core::time::Duration;

use super::events::{close, close_pair, kill_child};
use super::pipe::cloexec_pipe;
use super::{Message, Outcome, Phase, Slot, Turn};
#[cfg(procsig_pidfd)]
use crate::safe::pid::Pid;
use crate::safe::process::fork::Fork;
use crate::safe::process::fork::ForkOptions;
#[cfg(any(procsig_linux, procsig_procctl))]
use crate::safe::signal::Signal;
use crate::safe::time::Deadline;
use crate::{raw, Errno};

/// What [`start`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Started {
    /// The job runs.
    Yes,
    /// Not started, and nothing of it exists: the descriptors it needs are
    /// not free (`EMFILE`, `ENFILE`). Try again once a running job is done.
    NoDescriptor,
}

/// Forks job `i` into the slot `free`. With pidfds (`shared` is the run's
/// shared pipe) the job says "done" there and its end is seen on its
/// pidfd; without (`shared` is `[-1, -1]`) it gets a pipe of its own for
/// both. Either way it gets a turn pipe, which only the parent writes.
///
/// Every descriptor the job needs is had before the fork, or the job is
/// not forked ([`Started::NoDescriptor`]): a job once forked has begun its
/// work, and must not be run a second time. The pidfd, which `fork` opens
/// after the fact, gets a descriptor held free for it until just before
/// the fork (another thread may still take it meanwhile: then `EMFILE`).
pub(crate) unsafe fn start(
    free: &mut Slot,
    shared: [c_int; 2],
    i: usize,
    time_limit: Option<Duration>,
    job: &mut impl FnMut(usize, &mut Turn) -> c_int,
) -> Result<Started, Errno> {
    // Before the fork, so that nothing after it can fail.
    let deadline = time_limit.map(Deadline::after).transpose()?;
    let (turn, own, spare) = match descriptors(shared[0] >= 0) {
        Ok(fds) => fds,
        Err(Errno::EMFILE | Errno::ENFILE) => return Ok(Started::NoDescriptor),
        Err(e) => return Err(e),
    };
    // The pidfd's descriptor, free again now.
    close(spare);
    let options = ForkOptions::new();
    #[cfg(any(procsig_linux, procsig_procctl))]
    let options = options.die_with_parent(Signal::KILL);
    // SAFETY: the caller upholds `fork`'s contract for `job`.
    match unsafe { options.fork() } {
        Err(e) => {
            close_pair(own);
            close_pair(turn);
            Err(e)
        }
        Ok(Fork::Child) => {
            // The copies of the other jobs' descriptors stay: closing
            // them would cost a system call per live job in every fork,
            // nothing here writes to them, and they are close-on-exec.
            // (When the parent is gone, the jobs that wait see end of file
            // one after the other, the newest first, as each exits.)
            close(own[0]);
            close(shared[0]);
            close(turn[1]);
            let mut turn = Turn {
                pipe: if own[1] < 0 { shared[1] } else { own[1] },
                message: if own[1] < 0 {
                    Message::Index(i)
                } else {
                    Message::Byte
                },
                turn: turn[0],
                waited: false,
            };
            let code = call_job(job, i, &mut turn);
            let _ = turn.wait();
            crate::safe::process::exit::exit(code)
        }
        Ok(Fork::Parent(child)) => {
            close(own[1]);
            let mut child = child;
            let mut phase = Phase::Working;
            let mut outcome = Outcome::Lost;
            if own[0] < 0 && child.pidfd().is_none() {
                // No pidfd for this one. Either it has ended already and
                // someone else reaped it (the kernel, with SIGCHLD
                // ignored): its status is lost, and it is reported so in
                // its turn. Or no descriptor was free: its end could not
                // be seen, so it is given up, as a failed fork.
                match child.try_wait() {
                    Err(Errno::ECHILD) => phase = Phase::Ended,
                    // Without `WUNTRACED`, only an end is reported.
                    Ok(Some(status)) => {
                        phase = Phase::Ended;
                        outcome = Outcome::Ended(status);
                    }
                    _ => {
                        kill_child(child);
                        close_pair(turn);
                        return Err(Errno::EMFILE);
                    }
                }
            }
            let working = phase == Phase::Working;
            if !working {
                close_pair(turn);
            }
            let started = Slot {
                child: ManuallyDrop::new(working.then_some(child)),
                pipe: own[0],
                turn: if working { turn } else { [-1; 2] },
                job: i,
                phase,
                deadline: if working { deadline } else { None },
                outcome,
            };
            // A free slot holds no child (`end` and the run's clean-up
            // drop it), so nothing is lost by writing over it.
            *free = started;
            Ok(Started::Yes)
        }
    }
}

/// A job's descriptors: its turn pipe; with pidfds, a spare descriptor to
/// be closed just before the fork, for the pidfd (a close-on-exec copy of
/// the turn pipe's read end), else its own pipe. All or none: on an error
/// what was opened is closed.
fn descriptors(with_pidfd: bool) -> Result<([c_int; 2], [c_int; 2], c_int), Errno> {
    let turn = cloexec_pipe()?;
    let rest = if with_pidfd {
        // SAFETY: F_DUPFD_CLOEXEC takes an int (the lowest number to
        // use); the new descriptor is ours, and the caller closes it.
        // Above 2: with standard descriptors closed, the pidfd lands on
        // one of them and is moved up, onto this number (`safe/fd.rs`).
        unsafe { raw::fcntl(turn[0], libc::F_DUPFD_CLOEXEC, 3) }.map(|spare| ([-1; 2], spare))
    } else {
        cloexec_pipe().map(|own| (own, -1))
    };
    match rest {
        Ok((own, spare)) => Ok((turn, own, spare)),
        Err(e) => {
            close_pair(turn);
            Err(e)
        }
    }
}

/// Whether this kernel gives pidfds that `waitid` takes (Linux 5.4+):
/// a pidfd for ourselves, which `waitid(P_PIDFD)` must call "not a child"
/// (`ECHILD`) rather than an unknown id type (`EINVAL`).
#[cfg(procsig_pidfd)]
pub(crate) fn pidfds_available() -> bool {
    // SAFETY: the descriptor is closed below.
    let Ok(fd) = (unsafe { raw::pidfd_open(Pid::this().as_raw(), 0) }) else {
        return false;
    };
    // SAFETY: `siginfo_t` is plain data, valid all zeros.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    let options = libc::WEXITED | libc::WNOHANG;
    // A descriptor is never negative, so the cast is exact.
    // SAFETY: `info` is live; asks about ourselves, which is no child.
    let answer = unsafe { raw::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, options) };
    close(fd);
    answer == Err(Errno::ECHILD)
}

#[cfg(not(procsig_pidfd))]
pub(crate) fn pidfds_available() -> bool {
    false
}

#[cfg(feature = "std")]
fn call_job(job: &mut impl FnMut(usize, &mut Turn) -> c_int, i: usize, turn: &mut Turn) -> c_int {
    let run = std::panic::AssertUnwindSafe(|| job(i, turn));
    std::panic::catch_unwind(run).unwrap_or(101)
}

#[cfg(not(feature = "std"))]
fn call_job(job: &mut impl FnMut(usize, &mut Turn) -> c_int, i: usize, turn: &mut Turn) -> c_int {
    job(i, turn)
}
