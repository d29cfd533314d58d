//! procsig: `fork`, signals and `waitpid`, done exactly right.
//!
//! Process-based Unix concurrency in two layers:
//!
//! - the **safe facade**, at the crate root (everything below): validated
//!   types ([`Signal`], [`SigSet`], [`Pid`], [`WaitStatus`], [`Errno`]),
//!   a [`Child`] handle that can never reach a process that is not its
//!   child, masks that restore themselves ([`MaskGuard`]), waits for many
//!   children ([`wait_any`]) and the pattern of the blog post *Unix
//!   Parallelism and Concurrency: Processes & Signalling* as a library
//!   ([`ordered`]);
//! - [`raw`]: one thin `unsafe` wrapper per libc function (`fork`, `kill`,
//!   `sigprocmask`, `sigwait`, `alarm`, `waitpid`, `_exit`, and the few
//!   others the facade needs), each translating the C return convention
//!   into `Result<T, Errno>` and nothing more. It is the only module that
//!   names a libc function: auditing procsig's use of libc means reading
//!   it.
//!
//! The crate is `#![no_std]`, never allocates and never panics. Its only
//! dependency is `libc` without default features. The `std` feature
//! (default) adds `std::error::Error` for [`Errno`] and
//! `From<Errno> for std::io::Error`.
//!
//! # A guided tour
//! The crate grew from that blog post (2018), whose Python gets three
//! things wrong that most hand-written signal code gets wrong. Each step
//! below runs (`cargo test --doc`).
//!
//! **1. One process calls `fork`, two return.** The child is a copy; it
//! must end with [`exit`] (`_exit`: no destructors, no flush), never by
//! returning into the parent's code. [`fork`] is `unsafe` because in a
//! multithreaded process the child may only call async-signal-safe
//! functions.
//!
//! ```
//! use procsig::{exit, fork, Fork, WaitStatus};
//!
//! // SAFETY: the child calls only `exit`.
//! match unsafe { fork() }? {
//!     Fork::Child => exit(3),
//!     Fork::Parent(child) => assert_eq!(child.wait()?, WaitStatus::Exited(3)),
//! }
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **2. Block a signal before you wait for it.** `sigwait` sees only a
//! *pending* signal, and a signal is pending only while it is blocked; one
//! that arrives earlier is delivered and lost (or kills you). Block it
//! before the fork, and wait through the [`MaskGuard`] that blocked it.
//! Waiting on a set that is not blocked is refused.
//!
//! ```
//! use procsig::{exit, fork, kill, Errno, Fork, Pid, SigSet, Signal};
//!
//! let usr1 = SigSet::from(Signal::USR1);
//! assert_eq!(usr1.wait(), Err(Errno::EINVAL)); // not blocked: would race
//! let guard = usr1.block()?; // before the fork: nothing can come too early
//! let parent = Pid::this();
//! // SAFETY: the child calls only async-signal-safe functions.
//! let Fork::Parent(child) = unsafe { fork() }? else {
//!     kill(parent, Signal::USR1).ok();
//!     exit(0)
//! };
//! assert_eq!(guard.wait()?, Signal::USR1);
//! child.wait()?;
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **3. Never count standard signals.** While one `SIGUSR1` is pending,
//! more are the same signal: N children can deliver one. Each child's own
//! wait status is an event that cannot coalesce; [`Child::wait_stopped`]
//! sees a child that stopped itself to say "done". [`ordered`] builds the
//! post's whole pattern on per-job events that cannot coalesce either: a
//! record in a pipe for "done", and a turn that only the parent can grant
//! (a byte on the job's own pipe, not a `SIGCONT` that anyone could send).
//!
//! ```
//! use procsig::{exit, fork, kill, Fork, Pid, SigSet, Signal, WaitStatus};
//!
//! let guard = SigSet::from(Signal::USR1).block()?;
//! let parent = Pid::this();
//! let mut children = Vec::new();
//! for _ in 0..3 {
//!     // SAFETY: the children call only async-signal-safe functions.
//!     match unsafe { fork() }? {
//!         Fork::Child => {
//!             kill(parent, Signal::USR1).ok(); // "done", the post's way
//!             kill(Pid::this(), Signal::STOP).ok(); // "done", a way that counts
//!             exit(0)
//!         }
//!         Fork::Parent(child) => children.push(child),
//!     }
//! }
//! for child in &mut children {
//!     assert_eq!(child.wait_stopped()?, WaitStatus::Stopped(Signal::STOP));
//! }
//! // All three sent USR1 before stopping, while it was pending: one arrived.
//! let mut usr1s = 0;
//! while SigSet::pending()?.contains(Signal::USR1) {
//!     guard.wait()?; // returns at once: it is pending
//!     usr1s += 1;
//! }
//! assert_eq!(usr1s, 1);
//! for child in children {
//!     child.signal(Signal::CONT)?;
//!     child.wait()?;
//! }
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **4. Deadlines.** The post used `alarm`, whole seconds. A
//! [`Child::wait_timeout`] takes a `Duration`; then kill the child and
//! reap it.
//!
//! ```
//! # #[cfg(procsig_timed_wait)] {
//! use procsig::{fork, Fork, Signal, WaitStatus};
//! use std::time::Duration;
//!
//! // SAFETY: the child only loops.
//! let Fork::Parent(mut child) = unsafe { fork() }? else { loop {} };
//! assert_eq!(child.wait_timeout(Duration::from_millis(50))?, None); // too late
//! child.signal(Signal::KILL)?;
//! assert_eq!(
//!     child.wait()?,
//!     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false }
//! );
//! # }
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! The post's own deadline, `alarm` and `sigwait` on `SIGCHLD` and
//! `SIGALRM`, works too once both are blocked *before* the fork (step 2);
//! the post's dummy `SIGCHLD` handler is not needed (on BSD and macOS
//! [`SigSet::block`] installs one itself). `cargo run --example deadline
//! -- 1000 50 --alarm` runs this as a program.
//!
//! ```
//! use procsig::{alarm, cancel_alarm, exit, fork, Fork, SigSet, Signal};
//!
//! let guard = SigSet::from([Signal::CHLD, Signal::ALRM]).block()?; // before the fork
//! // SAFETY: the child calls only `exit`.
//! let Fork::Parent(mut child) = unsafe { fork() }? else {
//!     exit(0) // the slow operation, made quick
//! };
//! alarm(5);
//! let finished = loop {
//!     match guard.wait()? {
//!         Signal::ALRM => break false,
//!         // SIGCHLD also reports a stop: only an ended child counts.
//!         _ => {
//!             if child.try_wait()?.is_some() {
//!                 break true;
//!             }
//!         }
//!     }
//! };
//! cancel_alarm();
//! // An alarm that fired all the same is pending: take it, or dropping the
//! // guard would unblock it, and SIGALRM's default action ends the process.
//! while SigSet::pending()?.contains(Signal::ALRM) {
//!     guard.wait()?;
//! }
//! if finished {
//!     println!("child process finished");
//! } else {
//!     println!("too late; killing child process");
//!     child.signal(Signal::KILL)?;
//!     child.wait()?;
//! }
//! # assert!(finished);
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **5. Threads.** A child's `SIGCHLD` goes to any thread that does not
//! block it, so a wait that watches for it can sleep out its timeout while
//! another thread takes it. On Linux 5.4 and later a [`Child`] waits
//! through a pidfd instead: right from any thread.
//!
//! ```
//! # #[cfg(procsig_timed_wait)] {
//! use procsig::{exit, fork, Fork, WaitStatus};
//! use std::time::Duration;
//!
//! // SAFETY: the child calls only `exit` (and no thread exists yet).
//! let Fork::Parent(mut child) = unsafe { fork() }? else { exit(5) };
//! let worker = std::thread::spawn(move || child.wait_timeout(Duration::from_secs(60)));
//! assert_eq!(worker.join().unwrap()?, Some(WaitStatus::Exited(5)));
//! # }
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **6. Pid reuse.** Once a child is reaped its pid is free for any new
//! process. A [`Child`] knows, and refuses; through its pidfd it could not
//! reach a stranger anyway.
//!
//! ```
//! use procsig::{exit, fork, Errno, Fork, Signal};
//!
//! // SAFETY: the child calls only `exit`.
//! let Fork::Parent(mut child) = unsafe { fork() }? else { exit(0) };
//! while child.try_wait()?.is_none() {}
//! assert_eq!(child.signal(Signal::KILL), Err(Errno::ESRCH));
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **7. Hostile launchers.** A process inherits its signal mask, its
//! ignored signals and even pending signals from whoever started it. With
//! `SIGCHLD` ignored, the kernel reaps children itself and sends no
//! `SIGCHLD`: procsig reports that (`ECHILD`) instead of waiting forever,
//! and [`reset_disposition`] puts the default back.
//!
//! ```
//! use procsig::{disposition, reset_disposition, Disposition, Errno, SigSet, Signal};
//!
//! # // What a hostile launcher did, simulated: SIGCHLD ignored.
//! # let mut ignore: libc::sigaction = unsafe { std::mem::zeroed() };
//! # ignore.sa_sigaction = libc::SIG_IGN;
//! # // SAFETY: SIG_IGN runs no code.
//! # unsafe { procsig::raw::sigaction(libc::SIGCHLD, Some(&ignore), None) }?;
//! let chld = SigSet::from(Signal::CHLD);
//! let guard = chld.block()?;
//! if disposition(Signal::CHLD)? == Disposition::Ignore {
//!     assert_eq!(guard.wait(), Err(Errno::ECHILD)); // no SIGCHLD will ever come
//!     reset_disposition(Signal::CHLD)?;
//! }
//! assert_eq!(disposition(Signal::CHLD)?, Disposition::Default);
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! **8. Many children, results in order.** [`wait_any`] waits for the
//! first of many; [`ordered::run`] is the post's program as a library: jobs
//! work in parallel, at most P at a time, and their output comes out in
//! job order. ([`wait_any`] needs `sigtimedwait`, which macOS and OpenBSD
//! lack; [`ordered::run`] runs on every target.)
//!
//! ```
//! # #[cfg(procsig_timed_wait)] {
//! use procsig::{exit, fork, wait_any, Child, Fork};
//!
//! // Three children; wait_any reaps them in the order they end.
//! let mut children: [Option<Child>; 3] = Default::default();
//! for (i, slot) in children.iter_mut().enumerate() {
//!     // SAFETY: the children call only `exit`.
//!     match unsafe { fork() }? {
//!         Fork::Child => exit(i as i32),
//!         Fork::Parent(child) => *slot = Some(child),
//!     }
//! }
//! let mut codes = Vec::new();
//! while children.iter().any(Option::is_some) {
//!     if let Some(ended) = wait_any(&mut children, None)? {
//!         codes.push(ended.status?.code()); // its slot is `None` now
//!     }
//! }
//! codes.sort();
//! assert_eq!(codes, [Some(0), Some(1), Some(2)]);
//! # }
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! Four jobs, at most two alive at once: job 0 works longest, yet every
//! job's output, and its outcome, comes in job order.
//!
//! ```
//! use procsig::ordered::{self, Outcome, Slot};
//! use procsig::WaitStatus;
//! use std::time::Duration;
//!
//! let mut slots = [Slot::EMPTY, Slot::EMPTY];
//! let mut outcomes = Vec::new();
//! // SAFETY: this process is single-threaded, so the jobs may do anything;
//! // each ends by returning.
//! unsafe {
//!     ordered::run(
//!         &mut slots,
//!         4,
//!         None,
//!         |i, turn| {
//!             std::thread::sleep(Duration::from_millis(20 * (4 - i as u64))); // the work
//!             turn.wait().ok(); // then, in order:
//!             println!("child {i} done");
//!             0
//!         },
//!         |i, outcome| outcomes.push((i, outcome)),
//!     )?;
//! }
//! let done = Outcome::Ended(WaitStatus::Exited(0));
//! assert_eq!(outcomes, [(0, done), (1, done), (2, done), (3, done)]);
//! # Ok::<(), procsig::Errno>(())
//! ```
//!
//! # Where to go next
//! Every item below says what it assumes of the other threads, which
//! errors it returns and why, which system calls it makes, and whether it
//! is async-signal-safe. The package's `README.md` and `docs/` folder hold
//! the rest: every libc function procsig calls and what each facade
//! function asks of the kernel (`docs/audit.md`), minimal binaries,
//! benchmarks, and what the tests cover. The examples
//! (`cargo run --example ordered`, `fork`, `deadline`, `signals`,
//! `timeout`) are the blog post's programs and a `timeout(1)` built on the
//! facade.
// The timed waits and `wait_any` need `sigtimedwait`, which macOS and
// OpenBSD lack: there the tour links to the Linux documentation.
#![cfg_attr(not(procsig_timed_wait), doc = "")]
#![cfg_attr(
    not(procsig_timed_wait),
    doc = "[`wait_any`]: https://docs.rs/procsig/latest/x86_64-unknown-linux-gnu/procsig/fn.wait_any.html"
)]
#![cfg_attr(
    not(procsig_timed_wait),
    doc = "[`Child::wait_timeout`]: https://docs.rs/procsig/latest/x86_64-unknown-linux-gnu/procsig/struct.Child.html#method.wait_timeout"
)]
#![no_std]
// On docs.rs (nightly, `--cfg docsrs`) each platform-only item carries a
// badge naming the targets that have it. The badges come from the
// `doc(cfg(..))` written on each item in terms of `target_os`; the build
// script's own cfgs would mean nothing to a reader, so they are hidden.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    docsrs,
    doc(auto_cfg(hide(
        procsig_errno = "__errno_location",
        procsig_errno = "__error",
        procsig_errno = "__errno",
        procsig_sigtimedwait,
        procsig_timed_wait,
        procsig_kqueue,
        procsig_linux,
        procsig_procctl,
        procsig_discards_ignored,
        procsig_rtsig,
        procsig_pidfd,
        procsig_family = "linux",
        procsig_family = "bsd",
        procsig_stkflt,
        procsig_rtmax_127,
        procsig_sigset_word = "c_ulong",
        procsig_sigset_word = "u32"
    )))
)]
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
mod packed;
#[allow(unsafe_code)]
pub mod raw;
/// Layer 2, the safe facade. Everything in it is re-exported at the crate
/// root, where the documentation shows it: `procsig::Child` and
/// `procsig::safe::Child` are the same item.
#[doc(hidden)]
pub mod safe;

pub use errno::Errno;
#[doc(inline)]
pub use safe::*;
