//! [`Turn`]: a job's place in line, which only its parent can grant.

use core::ffi::c_int;

use super::RECORD;
use crate::{raw, Errno};

/// A job's place in line, handed to the job in its child.
#[derive(Debug)]
pub struct Turn {
    /// The job's own pipe (one byte says "done"), or the run's shared pipe
    /// (the job's index says it).
    pub(super) pipe: c_int,
    pub(super) message: Message,
    /// The read end of the job's turn pipe, which only the parent writes.
    pub(super) turn: c_int,
    pub(super) waited: bool,
}

/// The exit status of a job whose parent is gone while it waits for its
/// turn (end of file on its turn pipe, or `EPIPE` saying "done").
pub(super) const PARENT_GONE: c_int = 1;

/// What a job writes to say "done": at most `PIPE_BUF` bytes, so that
/// records from many jobs in one pipe never interleave.
#[derive(Clone, Copy, Debug)]
pub(super) enum Message {
    Byte,
    Index(usize),
}

impl Turn {
    /// Tells the parent this job's work is done, and waits until the
    /// parent grants the turn, which it does once every earlier job has
    /// finished. What the job writes after this returns comes out after
    /// everything earlier jobs wrote. A second call returns at once.
    ///
    /// The wait is a blocking `read` of the job's own turn pipe, whose
    /// write end only the parent holds: no signal ends it. Stopped and
    /// continued (Ctrl-Z, `fg`, `bg`, anyone's `SIGCONT`), the job goes on
    /// waiting; a signal handler the job installed may run meanwhile
    /// (`EINTR` is retried).
    ///
    /// If the parent is gone (it died, or `exec`ed: the pipes are
    /// close-on-exec), the turn can never come: the read sees end of file
    /// (or saying "done" fails with `EPIPE`), and the job's process exits
    /// at once with status 1, without returning and without writing
    /// anything more (destructors do not run). On Linux it is usually
    /// killed before that: the runner's children have `PR_SET_PDEATHSIG`.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `read`, `write`; at times also: `exit_group` (when the
    /// parent is gone).
    ///
    /// System calls (interrupted): `read`, `write`.
    ///
    /// # Errors
    /// - `EBADF`: the job closed its own ends of the run's pipes.
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
        // One byte of any value says "done" on the job's own pipe.
        let (index, len) = match self.message {
            Message::Byte => (0, 1),
            Message::Index(i) => (i, RECORD),
        };
        let bytes = index.to_ne_bytes();
        let record = bytes.get(..len).unwrap_or_default();
        loop {
            // SAFETY: our end of the pipe, and a live buffer.
            match unsafe { raw::write(self.pipe, record) } {
                Ok(_) => break,
                Err(Errno::EINTR) => continue,
                // Only the parent reads that pipe.
                Err(Errno::EPIPE) => crate::safe::process::exit::exit(PARENT_GONE),
                Err(e) => return Err(e),
            }
        }
        let mut byte = [0u8; 1];
        loop {
            // SAFETY: our end of our turn pipe, a one-byte buffer.
            match unsafe { raw::read(self.turn, &mut byte) } {
                Ok(0) => crate::safe::process::exit::exit(PARENT_GONE),
                Ok(_) => return Ok(()),
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}
