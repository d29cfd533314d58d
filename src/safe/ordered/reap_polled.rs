//! Reaping within a time limit without a timed wait (macOS and OpenBSD,
//! which have no `sigtimedwait`, until the kqueue backend of issue 21).
//!
//! Only a job that closed its pipe, and was still running after a short
//! while of looks, is reaped here: it closed its end and went on. It is
//! checked every 10 ms until its deadline, sleeping in a `poll` on no
//! descriptors. That is a bounded loop, not a race: the status stays
//! waitable until this handle reaps it.

use core::time::Duration;

use crate::raw;
use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::time::Deadline;
use crate::Errno;

/// How long one sleep between checks lasts, at most.
const CHECK_EVERY: Duration = Duration::from_millis(10);

/// The child's status once it ends, or `None` after `left`.
pub(crate) fn reap_within(child: &mut Child, left: Duration) -> Result<Option<WaitStatus>, Errno> {
    let deadline = Deadline::after(left)?;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let remaining = deadline.remaining()?;
        if remaining.is_zero() {
            return Ok(None);
        }
        let ms = crate::safe::time::poll_ms(Some(remaining.min(CHECK_EVERY)));
        // SAFETY: an empty table; `poll` only sleeps. EINTR ends the sleep
        // early, which the loop absorbs.
        match unsafe { raw::poll(&mut [], ms) } {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}
