//! Starting a job: its fork, its pipe or the shared one, and its child's
//! side.

use core::ffi::c_int;
use core::time::Duration;

use super::events::{close, kill_and_reap};
use super::{Message, Outcome, Phase, Slot, Turn};
#[cfg(procsig_pidfd)]
use crate::raw;
use crate::safe::fork::Fork;
use crate::safe::fork_options::ForkOptions;
#[cfg(procsig_pidfd)]
use crate::safe::pid::Pid;
#[cfg(target_os = "linux")]
use crate::safe::signal::Signal;
use crate::safe::time::Deadline;
use crate::Errno;

/// Forks job `i` into `slot`. With pidfds (`shared` is the run's shared
/// pipe) the job says "done" there and its end is seen on its pidfd;
/// without (`shared` is `[-1, -1]`) it gets a pipe of its own for both.
pub(super) unsafe fn start(
    slot: &mut Slot,
    shared: [c_int; 2],
    i: usize,
    time_limit: Option<Duration>,
    job: &mut impl FnMut(usize, &mut Turn) -> c_int,
) -> Result<(), Errno> {
    let own = if shared[0] < 0 {
        // Both descriptors are owned here: one goes to the child, one
        // into the slot.
        super::pipe::cloexec_pipe()?
    } else {
        [-1; 2]
    };
    let options = ForkOptions::new();
    #[cfg(target_os = "linux")]
    let options = options.die_with_parent(Signal::KILL);
    // SAFETY: the caller upholds `fork`'s contract for `job`.
    match unsafe { options.fork() } {
        Err(e) => {
            own.into_iter().for_each(close);
            Err(e)
        }
        Ok(Fork::Child) => {
            close(own[0]);
            close(shared[0]);
            let mut turn = match own[1] {
                -1 => Turn {
                    pipe: shared[1],
                    message: Message::Index(i),
                    waited: false,
                },
                fd => Turn {
                    pipe: fd,
                    message: Message::Byte,
                    waited: false,
                },
            };
            let code = call_job(job, i, &mut turn);
            let _ = turn.wait();
            crate::safe::exit::exit(code)
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
                        let mut given_up = Slot::EMPTY;
                        given_up.child = Some(child);
                        kill_and_reap(&mut given_up);
                        return Err(Errno::EMFILE);
                    }
                }
            }
            *slot = Slot {
                child: (phase == Phase::Working).then_some(child),
                pipe: own[0],
                job: i,
                phase,
                deadline: match phase {
                    Phase::Working => time_limit.map(Deadline::after).transpose()?,
                    _ => None,
                },
                outcome,
            };
            Ok(())
        }
    }
}

/// Whether this kernel gives pidfds that `waitid` takes (Linux 5.4+):
/// a pidfd for ourselves, which `waitid(P_PIDFD)` must call "not a child"
/// (`ECHILD`) rather than an unknown id type (`EINVAL`).
#[cfg(procsig_pidfd)]
pub(super) fn pidfds_available() -> bool {
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
pub(super) fn pidfds_available() -> bool {
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
