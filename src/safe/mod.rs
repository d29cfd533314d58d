//! Layer 2: the safe facade over [`raw`](crate::raw).
//!
//! Everything here is re-exported at the crate root. No function in this
//! module changes the signal mask or a signal's disposition unless its name
//! and documentation say so, and then it restores it.
//!
//! Threads are normal: every function's documentation says what it assumes
//! of the other threads. The rule behind most of it: a signal sent to the
//! *process* (`kill`, `alarm`, a child's `SIGCHLD`) goes to any one thread
//! that does not block it, so a signal you mean to wait for must be blocked
//! in every thread (block it in `main`, before spawning any: threads
//! inherit the mask). [`Child`] needs none of that on Linux 5.4 and later,
//! where it waits through a pidfd.

#[allow(unsafe_code)]
mod alarm;
#[allow(unsafe_code)]
mod child;
#[allow(unsafe_code)]
mod child_wait;
mod default_action;
#[allow(unsafe_code)]
mod disposition;
#[allow(unsafe_code)]
mod exit;
#[allow(unsafe_code)]
mod fork;
#[allow(unsafe_code)]
mod fork_options;
mod keep_pending;
#[allow(unsafe_code)]
mod kill;
#[allow(unsafe_code)]
mod mask;
#[allow(unsafe_code)]
mod mask_holds;
#[allow(unsafe_code)]
mod mask_wait;
#[cfg(procsig_sigtimedwait)]
#[allow(unsafe_code)]
#[cfg_attr(
    docsrs,
    doc(cfg(not(any(target_vendor = "apple", target_os = "openbsd"))))
)]
pub mod ordered;
#[allow(unsafe_code)]
mod pid;
#[cfg(procsig_pidfd)]
#[allow(unsafe_code)]
mod pidfd;
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod siginfo;
#[allow(unsafe_code)]
mod signal;
mod signal_consts;
mod signal_iter;
mod signal_parse;
mod signal_rt;
mod signal_table;
#[allow(unsafe_code)]
mod sigset;
mod sigset_ops;
mod sigset_traits;
#[cfg(procsig_sigtimedwait)]
#[allow(unsafe_code)]
mod time;
#[cfg(procsig_sigtimedwait)]
#[allow(unsafe_code)]
mod wait_any;
mod wait_set;
mod wait_status;

pub use alarm::{alarm, cancel_alarm};
pub use child::Child;
pub use disposition::{disposition, ignore, reset_disposition, Disposition};
pub use exit::exit;
pub use fork::{fork, Fork};
pub use fork_options::ForkOptions;
pub use kill::{kill, kill_group, probe, raise};
pub use mask::MaskGuard;

pub use default_action::DefaultAction;
pub use pid::{InvalidPid, Pid};
#[cfg(target_os = "linux")]
pub use siginfo::{queue_signal, SigInfo};
pub use signal::Signal;
pub use signal_iter::Signals;
pub use signal_parse::ParseSignalError;
pub use sigset::SigSet;
pub use sigset_traits::SigSetIter;
#[cfg(procsig_sigtimedwait)]
pub use wait_any::{wait_any, Ended, WAIT_ANY_MAX};
pub use wait_status::WaitStatus;
