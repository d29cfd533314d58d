//! The timed signal wait through `sigtimedwait` (Linux, FreeBSD, NetBSD,
//! DragonFly).

use core::time::Duration;

use crate::safe::signal::Signal;
use crate::safe::sigset::SigSet;
use crate::safe::time::{timespec, Deadline};
use crate::{raw, Errno};

/// `sigtimedwait` on a set the caller knows is blocked, retrying `EINTR`
/// with the time left.
#[inline]
pub(crate) fn wait_blocked_timeout(
    set: &SigSet,
    timeout: Duration,
) -> Result<Option<Signal>, Errno> {
    match sigtimedwait_retrying(set, timeout, None)? {
        Some(sig) => Signal::from_raw(sig).map(Some).ok_or(Errno::EINVAL),
        None => Ok(None),
    }
}

/// `sigtimedwait` on a set the caller knows is blocked, filling `info` if
/// given; retries `EINTR` with the time left. `None`: the time ran out.
pub(crate) fn sigtimedwait_retrying(
    set: &SigSet,
    timeout: Duration,
    mut info: Option<&mut libc::siginfo_t>,
) -> Result<Option<core::ffi::c_int>, Errno> {
    let deadline = Deadline::after(timeout)?;
    let mut left = timeout;
    loop {
        let ts = timespec(left);
        // SAFETY: the set is blocked and non-empty; `ts` and `info` are
        // live.
        match unsafe { raw::sigtimedwait(set.as_sigset_t(), info.as_deref_mut(), Some(&ts)) } {
            Ok(sig) => return Ok(Some(sig)),
            Err(Errno::EAGAIN) => return Ok(None),
            Err(Errno::EINTR) => left = deadline.remaining()?,
            Err(e) => return Err(e),
        }
    }
}
