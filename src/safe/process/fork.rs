//! [`fork`]: one process calls it, two return.

use crate::safe::process::child::Child;
use crate::safe::process::fork_options::ForkOptions;
use crate::Errno;

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
/// In the parent, the [`Child`] handle is made right after the fork: on
/// Linux 5.4 and later it opens a pidfd for the child (`pidfd_open`, then a
/// `waitid` that changes nothing, to prove the descriptor names our
/// unreaped child); see [`Child`] for what it does elsewhere. This costs
/// two system calls and a file descriptor per live child.
///
/// Threads: the other threads keep running in the parent and do not exist
/// in the child (see `# Safety`). Any thread may fork.
///
/// Async-signal-safe: **no**. POSIX.1-2024 removed `fork` from the list:
/// glibc's `fork` takes the allocator's and stdio's locks around the
/// system call and runs `pthread_atfork` handlers, so a `fork` from a
/// signal handler that interrupted `malloc` in a multithreaded process can
/// deadlock.
///
/// System calls: `clone`, `pidfd_open`, `waitid`; in the child:
/// `set_robust_list`; without pidfds: `clone`, `getpid`, `pidfd_open`; in the
/// child: `set_robust_list`. The `pidfd_open` and `waitid` open the child's
/// pidfd and prove it names our child; without pidfds `pidfd_open` fails
/// and `getpid` records who forked; `set_robust_list` is glibc's own.
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
    unsafe { ForkOptions::new().fork() }
}
