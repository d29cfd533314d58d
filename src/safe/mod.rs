//! Layer 2: the safe facade over [`raw`](crate::raw).
//!
//! Everything here is re-exported at the crate root. No function in this
//! module changes the signal mask or a signal's disposition unless its name
//! and documentation say so, and then it restores it.

#[allow(unsafe_code)]
mod pid;
#[allow(unsafe_code)]
mod signal;
mod signal_table;
#[allow(unsafe_code)]
mod sigset;
mod wait_status;

pub use pid::{InvalidPid, Pid};
pub use signal::{DefaultAction, ParseSignalError, Signal, Signals};
pub use sigset::{SigSet, SigSetIter};
pub use wait_status::WaitStatus;
