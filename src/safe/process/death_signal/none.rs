//! No parent-death signal (macOS, and the macOS-like build):
//! `ForkOptions::die_with_parent` does not exist there, so nothing asks.

use crate::safe::signal::Signal;
use crate::Errno;

/// Never called: `die_with_parent` is absent on these targets.
pub(crate) fn ask_for(_sig: Signal) -> Result<(), Errno> {
    Err(Errno::ENOSYS)
}
