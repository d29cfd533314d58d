//! The parent's side of a run: waiting for the head job, hearing "done"
//! and ends, deadlines, reaping.

use core::ffi::c_int;
use core::time::Duration;

use super::{Outcome, Phase, Slot, RECORD};
use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::signal::Signal;
use crate::safe::time::{self, Deadline};
use crate::{raw, Errno};

/// The head job said "done": grant its turn (one byte on its turn pipe),
/// and start its deadline again.
pub(crate) fn release(slot: &mut Slot, time_limit: Option<Duration>) -> Result<(), Errno> {
    // The parent holds the pipe's read end too, so the write cannot fail
    // with EPIPE (or raise SIGPIPE) if the job died meanwhile: its end is
    // then seen as usual. An empty pipe has room: it does not block.
    let written = loop {
        // SAFETY: the slot's own descriptor, a one-byte buffer.
        match unsafe { raw::write(slot.turn[1], &[1]) } {
            Err(Errno::EINTR) => continue,
            other => break other,
        }
    };
    close_pair(slot.turn);
    slot.turn = [-1; 2];
    written?;
    slot.phase = Phase::Released;
    slot.deadline = time_limit.map(Deadline::after).transpose()?;
    Ok(())
}

/// Waits for the head job's next event (its "done" byte, or its end) or
/// the earliest deadline of any job, and takes note.
///
/// Only the head's pipe is polled: what the other jobs say waits in their
/// pipes until they are the head, since nothing about them matters before
/// (an ended one is reported in order anyway). That keeps each wait one
/// descriptor, not P. A deadline is the exception: an overdue job's pipe is
/// checked first, so a job that is done (or ended) is never killed for
/// having said so unheard.
pub(crate) fn wait_for_head(
    slots: &mut [Slot],
    shared: c_int,
    head: usize,
    time_limit: Option<Duration>,
) -> Result<(), Errno> {
    let now = match time_limit {
        Some(_) => Some(time::now()?),
        None => None,
    };
    let earliest = now.and_then(|now| {
        slots
            .iter()
            .filter(|s| matches!(s.phase, Phase::Working | Phase::Released))
            .filter_map(|s| s.deadline.map(|d| d.remaining_at(now)))
            .min()
    });
    // Rounded up, so that a deadline has passed when poll returns.
    let ms = time::poll_ms(earliest);
    let head_end = slots.get(head).map_or(-1, end_fd);
    let [said, ended] = ready([shared, head_end], ms)?;
    if said {
        drain(slots, shared)?;
    }
    if let (true, Some(h)) = (ended, slots.get_mut(head)) {
        on_end_fd(h, time_limit)?;
    }
    if time_limit.is_none() {
        return Ok(());
    }
    let now = time::now()?;
    for i in 0..slots.len() {
        let overdue = slots
            .get(i)
            .is_some_and(|slot| match (slot.phase, slot.deadline) {
                (Phase::Working | Phase::Released, Some(d)) => d.remaining_at(now).is_zero(),
                _ => false,
            });
        if !overdue {
            continue;
        }
        // Heard out first: a job that is done, or ended, is not overdue.
        let end_of_job = slots.get(i).map_or(-1, end_fd);
        let [said, ended] = ready([shared, end_of_job], 0)?;
        if said {
            drain(slots, shared)?;
        }
        let Some(slot) = slots.get_mut(i) else {
            continue;
        };
        if ended {
            on_end_fd(slot, time_limit)?;
        }
        if matches!(slot.phase, Phase::Working | Phase::Released) {
            kill_and_reap(slot);
            end(slot, Outcome::TimedOut);
        }
    }
    Ok(())
}

/// The descriptor that tells of the job's end (and, without pidfds, of its
/// "done"): its own pipe, or its pidfd.
fn end_fd(slot: &Slot) -> c_int {
    match (slot.pipe, slot.child.as_ref().and_then(Child::pidfd)) {
        (-1, Some(pidfd)) => pidfd,
        (pipe, _) => pipe,
    }
}

/// The job's end descriptor is readable: on its own pipe a byte ("done")
/// or end-of-file; on a pidfd, its end.
fn on_end_fd(slot: &mut Slot, time_limit: Option<Duration>) -> Result<(), Errno> {
    if slot.pipe >= 0 {
        on_readable(slot, time_limit)
    } else {
        reap(slot, time_limit)
    }
}

/// Reads every record waiting in the shared pipe (all of them: however
/// far the parent fell behind, a job heard out is never killed for a
/// record still unread) and marks those jobs done.
///
/// Called only when the pipe is readable. A read takes what is there, up
/// to the buffer: a shorter read emptied the pipe; after a full one, a
/// `poll` says whether more waits (the read end blocks, and the parent
/// holds a write end, so a read of an empty pipe would never return).
fn drain(slots: &mut [Slot], shared: c_int) -> Result<(), Errno> {
    let mut buf = [0u8; 64 * RECORD];
    loop {
        // SAFETY: the run's shared pipe, a live buffer. Records are
        // written whole (at most PIPE_BUF bytes), so a read of whole
        // records gets whole records.
        let n = match unsafe { raw::read(shared, &mut buf) } {
            Ok(n) => n,
            Err(Errno::EINTR) => continue,
            Err(Errno::EAGAIN) => return Ok(()),
            Err(e) => return Err(e),
        };
        for record in buf.get(..n).unwrap_or_default().chunks_exact(RECORD) {
            let mut bytes = [0u8; RECORD];
            bytes.copy_from_slice(record);
            let job = usize::from_ne_bytes(bytes);
            if let Some(slot) = slots
                .iter_mut()
                .find(|s| s.phase == Phase::Working && s.job == job)
            {
                slot.phase = Phase::Done;
                slot.deadline = None;
            }
        }
        if n < buf.len() || !ready([shared, -1], 0)?[0] {
            return Ok(());
        }
    }
}

/// Which of `fds` (-1: none) are readable within `ms` milliseconds.
fn ready(fds: [c_int; 2], ms: c_int) -> Result<[bool; 2], Errno> {
    let mut table = fds.map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    // SAFETY: a live table of descriptors the run owns (-1: ignored).
    match unsafe { raw::poll(&mut table, ms) } {
        Ok(_) => Ok(table.map(|p| p.revents != 0)),
        Err(Errno::EINTR) => Ok([false; 2]),
        Err(e) => Err(e),
    }
}

/// The job's pipe has a byte (it is done) or is at its end (the process
/// has ended).
fn on_readable(slot: &mut Slot, time_limit: Option<Duration>) -> Result<(), Errno> {
    let mut byte = [0u8; 1];
    // SAFETY: the slot's own descriptor, a one-byte buffer.
    match unsafe { raw::read(slot.pipe, &mut byte) } {
        Ok(1) if slot.phase == Phase::Working => {
            slot.phase = Phase::Done;
            slot.deadline = None;
            Ok(())
        }
        // A stray byte after "done": nothing to note.
        Ok(1) => Ok(()),
        // End of file: the process closed its end, which it does by ending.
        Ok(_) => reap(slot, time_limit),
        Err(Errno::EINTR | Errno::EAGAIN) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Reaps a job whose end was seen: its pidfd is readable, or its pipe
/// reached its end, within what is left of its deadline (a job that closed
/// its end and went on is killed then).
///
/// End of file on a job's pipe comes as its process exits (the kernel
/// closes its descriptors on the way out), a moment before it can be
/// reaped. That moment is waited for without `SIGCHLD`, which another
/// thread may take (the wait for it would then sleep out a second): with
/// no time limit, a blocking `waitid` of this child alone; with one,
/// checks a short while apart ([`await_exit`]), and only a job still
/// running after those is waited for through `SIGCHLD`
/// ([`Child::wait_timeout`]).
fn reap(slot: &mut Slot, time_limit: Option<Duration>) -> Result<(), Errno> {
    // Usually it has ended (its pidfd or pipe said so): one `waitid`.
    // With no time limit, a blocking one, which also waits out the moment
    // between a pipe's end of file and the exit. The limit is looked at
    // first (a deadline is set only with one), so that a run with no limit
    // (often a constant) has none of the timed code.
    let reaped = match (time_limit, slot.child.as_mut()) {
        (_, None) => return Err(Errno::EINVAL),
        (None, Some(_)) => match slot.child.take() {
            Some(child) => child.wait().map(Some),
            None => Err(Errno::EINVAL),
        },
        (Some(limit), Some(child)) => match child.try_wait() {
            Ok(None) => match slot.deadline {
                Some(d) => await_exit(child, d),
                None => Deadline::after(limit).and_then(|d| await_exit(child, d)),
            },
            other => other,
        },
    };
    match reaped {
        Ok(Some(status)) => end(slot, Outcome::Ended(status)),
        Ok(None) => {
            kill_and_reap(slot);
            end(slot, Outcome::TimedOut);
        }
        Err(Errno::ECHILD) => end(slot, Outcome::Lost),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// How many times [`await_exit`] looks before it waits through `SIGCHLD`:
/// 1 ms, then twice as long each time, about half a second in all.
const EXIT_CHECKS: u32 = 10;

/// Waits until `deadline` for a child whose end of its pipe has closed:
/// `None` if it is still running then. An exiting process can be reaped
/// within microseconds (milliseconds on a loaded machine), so it is looked
/// at (`waitid`, `WNOHANG`) a short while apart, sleeping in `poll` on no
/// descriptor; one still running after those has closed its end and gone
/// on, and is waited for with `Child::wait_timeout` for the time left
/// (where there is no timed wait, with a look every 10 ms: `reap_polled.rs`).
fn await_exit(child: &mut Child, deadline: Deadline) -> Result<Option<WaitStatus>, Errno> {
    let mut pause = Duration::from_millis(1);
    for _ in 0..EXIT_CHECKS {
        let left = deadline.remaining()?;
        if left.is_zero() {
            return Ok(None);
        }
        let ms = time::poll_ms(Some(left.min(pause)));
        // SAFETY: an empty table: `poll` only sleeps.
        match unsafe { raw::poll(&mut [], ms) } {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        pause = pause.saturating_mul(2);
    }
    super::reap_within::reap_within(child, deadline.remaining()?)
}

/// `SIGKILL` (which also ends a stopped process), then reap.
/// Inlined: a function of its own would be 47 bytes and an unwind entry
/// in a minimal binary, for a call to `kill_child`.
#[inline(always)]
pub(crate) fn kill_and_reap(slot: &mut Slot) {
    if let Some(child) = slot.child.take() {
        kill_child(child);
    }
}

/// `SIGKILL`, then reap: a job's child, given up.
pub(crate) fn kill_child(child: Child) {
    let _ = child.signal(Signal::KILL);
    let _ = child.wait();
}

/// Records how the job ended and releases what it held but its outcome.
fn end(slot: &mut Slot, outcome: Outcome) {
    close(slot.pipe);
    slot.pipe = -1;
    close_pair(slot.turn);
    slot.turn = [-1; 2];
    // An assignment through the `ManuallyDrop`: the handle is dropped.
    *slot.child = None;
    slot.phase = Phase::Ended;
    slot.deadline = None;
    slot.outcome = outcome;
}

/// Closes both ends of a pipe (-1: none). A loop of its own, not
/// `into_iter().for_each(close)`, which is two functions more in a binary.
pub(crate) fn close_pair(fds: [c_int; 2]) {
    close(fds[0]);
    close(fds[1]);
}

pub(crate) fn close(fd: c_int) {
    if fd >= 0 {
        // SAFETY: a descriptor this module owns; closed once (the caller
        // forgets it).
        let _ = unsafe { raw::close(fd) };
    }
}
