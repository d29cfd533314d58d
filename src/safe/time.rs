//! Deadlines on the monotonic clock, for timed waits that survive `EINTR`.

use core::time::Duration;

use libc::timespec;

use crate::{raw, Errno};

/// The moment a timed wait gives up, on `CLOCK_MONOTONIC`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline(Duration);

impl Deadline {
    /// `timeout` from now. A timeout too large to represent waits as long as
    /// the clock can count, which is forever in practice.
    pub(crate) fn after(timeout: Duration) -> Result<Deadline, Errno> {
        Ok(Deadline(now()?.saturating_add(timeout)))
    }

    /// What is left; zero once the deadline has passed.
    pub(crate) fn remaining(self) -> Result<Duration, Errno> {
        Ok(self.remaining_at(now()?))
    }

    /// What is left at the moment `now` (from [`now`]).
    pub(crate) fn remaining_at(self, now: Duration) -> Duration {
        self.0.saturating_sub(now)
    }
}

/// `CLOCK_MONOTONIC`, as a `Duration` since its (arbitrary) start.
pub(crate) fn now() -> Result<Duration, Errno> {
    let mut ts = timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a live timespec the call fills.
    unsafe { raw::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts)? };
    // The monotonic clock is never negative and tv_nsec < 1e9.
    let secs = u64::try_from(ts.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(ts.tv_nsec).unwrap_or(0);
    Ok(Duration::new(secs, nanos))
}

/// A timeout as `poll` takes it: whole milliseconds, rounded up so that
/// the wait never ends early, at most `c_int::MAX`; -1 (no limit) for
/// `None`.
pub(crate) fn poll_ms(timeout: Option<Duration>) -> core::ffi::c_int {
    match timeout {
        Some(t) => t
            .as_nanos()
            .div_ceil(1_000_000)
            .min(core::ffi::c_int::MAX as u128) as core::ffi::c_int,
        None => -1,
    }
}

/// `d` as a `timespec`. Seconds saturate at `i32::MAX` (68 years, forever
/// for a wait), which fits every target's `time_t`, 32 or 64 bits.
#[cfg(procsig_timed_wait)]
pub(crate) fn timespec(d: Duration) -> timespec {
    const MAX_SECS: u64 = i32::MAX as u64;
    timespec {
        // At most i32::MAX: exact in any `time_t`.
        tv_sec: d.as_secs().min(MAX_SECS) as _,
        // Below 1e9, so the cast is exact for every target's tv_nsec type
        // (i32 or i64, depending on the target).
        tv_nsec: d.subsec_nanos() as _,
    }
}
