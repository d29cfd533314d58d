//! [`fork`]: one process calls it, two return.

use super::child::Child;
use super::pid::Pid;
use crate::{raw, Errno};

/// Which side of a [`fork`] this is.
#[derive(Debug)]
#[must_use = "the child must end with `procsig::exit`, and the parent should wait for the child"]
pub enum Fork {
    /// The calling process, with a handle on the new child.
    Parent(Child),
    /// The new child process. It must end with [`exit`](crate::exit).
    Child,
}

/// `fork()`—Creates a child process, a copy of the caller.
///
/// Returns [`Fork::Parent`] with the child's handle in the calling process,
/// and [`Fork::Child`] in the new one. The child has the parent's signal
/// mask and dispositions, no pending signals and no alarm. Flush buffered
/// output (`std::io::stdout().flush()`) before forking, or both processes
/// will write it.
///
/// Async-signal-safe: yes (POSIX.1-2008).
///
/// # Errors
/// - `EAGAIN`: a process limit was reached (`RLIMIT_NPROC`, `pid_max`, a
///   cgroup's `pids.max`).
/// - `ENOMEM`: the kernel could not allocate the child.
///
/// # Safety
/// If the calling process has more than one thread, the child may call
/// only async-signal-safe functions (everything in procsig says whether it
/// is) until it calls [`exit`](crate::exit): the other threads do not exist
/// in the child, and any lock one of them held (the allocator's, stdio's,
/// std's `stdout`) stays locked forever. In a single-threaded process
/// (`main` before it spawns threads, a `harness = false` test, a forked
/// child) the child may do anything. In both cases the child must end with
/// [`exit`](crate::exit), never by returning or unwinding into code that
/// belongs to the parent: that would run the parent's destructors and
/// clean-up a second time.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fork.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/fork.2.html)
///
/// ```
/// use procsig::{exit, fork, Fork, WaitStatus};
///
/// // SAFETY: the child calls only `exit`, which is async-signal-safe.
/// match unsafe { fork() }? {
///     Fork::Child => exit(7),
///     Fork::Parent(child) => assert_eq!(child.wait()?, WaitStatus::Exited(7)),
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
pub unsafe fn fork() -> Result<Fork, Errno> {
    // SAFETY: the caller upholds the child's restrictions (`# Safety`).
    let pid = unsafe { raw::fork()? };
    Ok(match Pid::from_raw(pid) {
        Some(pid) => Fork::Parent(Child::new(pid)),
        // 0: this is the child (fork never returns a negative pid on success).
        None => Fork::Child,
    })
}
