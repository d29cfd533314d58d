//! procsig: `fork`, signals and `waitpid`, done exactly right.
//!
//! Process-based Unix concurrency in two layers:
//!
//! - [`raw`]: one thin `unsafe` wrapper per libc function (`fork`, `kill`,
//!   `sigprocmask`, `sigwait`, `alarm`, `waitpid`, `_exit`, and the few
//!   helpers they need), each translating the C return convention into
//!   `Result<T, Errno>` and nothing more. It is the only module that names a
//!   libc function: auditing procsig's use of libc means reading it.
//! - [`safe`], re-exported here: validated vocabulary types ([`Signal`],
//!   [`SigSet`], [`Pid`], [`WaitStatus`], [`Errno`]) that make the classic
//!   mistakes impossible or explicit.
//!
//! The crate is `#![no_std]`, never allocates and never panics, so it can be
//! used between `fork` and `_exit` in a multithreaded process and in
//! minimal binaries. Its only dependency is `libc` without default features.
//! The `std` feature (default) adds `std::error::Error` for [`Errno`] and
//! `From<Errno> for std::io::Error`.
//!
//! ```
//! use procsig::{SigSet, Signal};
//!
//! // Signals are validated numbers with this platform's names:
//! let cont: Signal = "cont".parse().unwrap();
//! assert_eq!(cont, Signal::CONT);
//! assert_eq!(cont.name(), "SIGCONT");
//!
//! // Sets of signals are built without a system call, even in a `const`:
//! const WAITED: SigSet = SigSet::empty().with(Signal::CHLD).with(Signal::ALRM);
//! assert!(WAITED.contains(Signal::ALRM));
//! assert!(!WAITED.contains(Signal::CONT));
//! ```
#![no_std]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn, missing_docs, missing_debug_implementations)]
#![deny(
    clippy::undocumented_unsafe_blocks,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
// Unit tests may panic: that is how they fail.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "std")]
extern crate std;

#[allow(unsafe_code)]
mod errno;
#[allow(unsafe_code)]
pub mod raw;
pub mod safe;

pub use errno::Errno;
pub use safe::*;
