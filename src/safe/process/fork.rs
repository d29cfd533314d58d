//! [`fork`]: one process calls it, two return; and [`ForkOptions`], a fork
//! whose child leads its own process group, or dies with its parent.

use crate::safe::pid::Pid;
use crate::safe::process::child::Child;
use crate::safe::process::exit::exit;
use crate::safe::signal::Signal;
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
/// In the parent, the [`Child`] handle is made right after the fork: on
/// Linux 5.4 and later it opens a pidfd for the child (`pidfd_open`, then a
/// `waitid` that changes nothing, to prove the descriptor names our
/// unreaped child); see [`Child`] for what it does elsewhere. This costs
/// two system calls and a file descriptor per live child. The pidfd is
/// never descriptor 0, 1 or 2: in a program started with those closed, it
/// would land there, and a child forked later would take it as its
/// standard input or output; it is then moved above 2 (`fcntl`, `close`).
///
/// Threads: the other threads keep running in the parent and do not exist
/// in the child (see [Safety](#safety) below). Any thread may fork.
///
/// A [`MaskGuard`](crate::MaskGuard) alive across the fork: the child
/// inherits the mask, so the guard's signals are blocked in the child
/// too, and the guard value is copied with the rest of memory. The copy
/// belongs to the child: it can wait through it, and dropping it unblocks
/// the signals in the child only, never in the parent. End the child with
/// [`exit`](crate::exit), which runs no destructor, and the guard needs no
/// thought; drop it first only if the child must receive those signals
/// itself, or before `exec` (see [`MaskGuard`, "After
/// `fork`"](crate::MaskGuard#after-fork)).
///
/// Async-signal-safe: **no**. POSIX.1-2024 removed `fork` from the list:
/// glibc's `fork` takes the allocator's and stdio's locks around the
/// system call and runs `pthread_atfork` handlers, so a `fork` from a
/// signal handler that interrupted `malloc` in a multithreaded process can
/// deadlock.
///
/// System calls: `clone`, `pidfd_open`, `waitid`; in the child:
/// `set_robust_list`; without pidfds: `clone`, `getpid`, `pidfd_open`, `rt_sigaction`; in the
/// child: `set_robust_list`. The `pidfd_open` and `waitid` open the child's
/// pidfd and prove it names our child; without pidfds `pidfd_open` fails
/// and `getpid` records who forked, `rt_sigaction` whether the kernel
/// reaps children (then the pid is never trusted); `set_robust_list` is
/// glibc's own.
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
/// # Examples
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
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fork.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/fork.2.html)
pub unsafe fn fork() -> Result<Fork, Errno> {
    // SAFETY: the caller upholds the child's restrictions (`# Safety`).
    unsafe { ForkOptions::new().fork() }
}

/// How to [`fork`](ForkOptions::fork): the child's process group, and
/// (Linux) the signal it gets when its parent dies.
///
/// ```
/// use procsig::{exit, Fork, ForkOptions, WaitStatus};
///
/// let options = ForkOptions::new().own_group();
/// // SAFETY: the child calls only async-signal-safe functions.
/// match unsafe { options.fork() }? {
///     Fork::Child => exit(0),
///     Fork::Parent(child) => {
///         assert_eq!(child.group(), Some(child.pid()));
///         assert_eq!(child.wait()?, WaitStatus::Exited(0));
///     }
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ForkOptions {
    own_group: bool,
    death_signal: Option<Signal>,
}

impl ForkOptions {
    /// A plain fork, as [`fork`](crate::fork).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::ForkOptions;
    ///
    /// assert_eq!(ForkOptions::new(), ForkOptions::default());
    /// ```
    pub const fn new() -> ForkOptions {
        ForkOptions {
            own_group: false,
            death_signal: None,
        }
    }

    /// The child leads a new process group (`setpgid`), whose id is its
    /// pid, so that [`Child::signal_group`] (or
    /// [`kill_group`](crate::kill_group)) reaches it and every process it
    /// starts, and no other. The terminal's Ctrl-C then no longer reaches
    /// it through the parent's group.
    ///
    /// Both sides call `setpgid`, as shells do: the child for itself before
    /// `fork` returns there, and the parent for the child before `fork`
    /// returns in the parent. So the group exists before either runs code
    /// of its own, whichever the scheduler runs first.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{exit, ForkOptions, Fork};
    ///
    /// // SAFETY: the child calls only `exit`.
    /// let Fork::Parent(child) = unsafe { ForkOptions::new().own_group().fork() }? else { exit(0) };
    /// // SAFETY: getpgid has no precondition.
    /// assert_eq!(unsafe { procsig::raw::getpgid(child.pid().as_raw()) }?, child.pid().as_raw());
    /// child.wait()?;
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "setpgid")]
    pub const fn own_group(mut self) -> ForkOptions {
        self.own_group = true;
        self
    }

    /// `prctl(PR_SET_PDEATHSIG, sig)` in the child: the kernel sends it
    /// `sig` when its parent dies, so that no child outlives a parent that
    /// was killed (`SIGKILL` runs no clean-up). Linux only.
    ///
    /// The parent that counts is the *thread* that forked: if that thread
    /// ends, the child gets `sig` even though the process lives on. Fork
    /// from a thread that lives as long as the children should.
    ///
    /// The parent may die between the `fork` and the `prctl`; the signal
    /// would then never come. So after the call the child compares its
    /// parent's pid with the one the parent had, and if they differ it
    /// sends itself `sig` (and exits with 128 + `sig` if that did not end
    /// it). A child that is pid 1 of a new pid namespace sees its parent as
    /// pid 0 and cannot make this check.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{exit, ForkOptions, Fork, Signal, WaitStatus};
    ///
    /// let options = ForkOptions::new().die_with_parent(Signal::KILL);
    /// // SAFETY: the child calls only `exit`.
    /// let Fork::Parent(child) = unsafe { options.fork() }? else { exit(0) };
    /// assert_eq!(child.wait()?, WaitStatus::Exited(0)); // the parent lived on
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[cfg(any(procsig_linux, procsig_procctl))]
    #[doc(alias = "PR_SET_PDEATHSIG")]
    #[doc(alias = "prctl")]
    #[doc(alias = "PROC_PDEATHSIG_CTL")]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "freebsd"))))]
    pub const fn die_with_parent(mut self, sig: Signal) -> ForkOptions {
        self.death_signal = Some(sig);
        self
    }

    /// `fork()`, then the set-up these options ask for, on both sides.
    ///
    /// Returns as [`fork`](crate::fork). If the child cannot do its part
    /// (which no kernel does for a fresh child: `setpgid(0, 0)` and a valid
    /// signal for `prctl` cannot fail), it exits with status 127 rather
    /// than return into the caller's code without it.
    ///
    /// Threads: as [`fork`](crate::fork). Async-signal-safe: no, as
    /// [`fork`](crate::fork).
    ///
    /// System calls: `clone`, `getpid`, `pidfd_open`, `setpgid`, `waitid`; in
    /// the child: `getppid`, `prctl`, `set_robust_list`, `setpgid`; without
    /// pidfds: `clone`, `getpid`, `pidfd_open`, `rt_sigaction`, `setpgid`; in the child:
    /// `getppid`, `prctl`, `set_robust_list`, `setpgid`. (Both options.)
    ///
    /// System calls (no options): `clone`, `pidfd_open`, `waitid`; in the
    /// child: `set_robust_list`; without pidfds: `clone`, `getpid`,
    /// `pidfd_open`, `rt_sigaction`; in the child: `set_robust_list`. As
    /// [`fork`](crate::fork).
    ///
    /// System calls (own group only): `clone`, `pidfd_open`, `setpgid`,
    /// `waitid`; in the child: `set_robust_list`, `setpgid`; without pidfds:
    /// `clone`, `getpid`, `pidfd_open`, `rt_sigaction`, `setpgid`; in the child:
    /// `set_robust_list`, `setpgid`. Parent and child both call `setpgid`,
    /// so the group exists whichever runs first.
    ///
    /// System calls (dies with parent only): `clone`, `getpid`,
    /// `pidfd_open`, `waitid`; in the child: `getppid`, `prctl`,
    /// `set_robust_list`; without pidfds: `clone`, `getpid`, `pidfd_open`, `rt_sigaction`;
    /// in the child: `getppid`, `prctl`, `set_robust_list`. The child's
    /// `getppid` checks the parent it had at `fork` is still there.
    ///
    /// # Errors
    /// As [`fork`](crate::fork).
    ///
    /// # Safety
    /// As [`fork`](crate::fork): in a multithreaded process the child may
    /// call only async-signal-safe functions until it calls
    /// [`exit`](crate::exit), and it must never return into the parent's
    /// code.
    ///
    /// ```
    /// use procsig::{exit, ForkOptions, Fork, WaitStatus};
    ///
    /// // SAFETY: the child calls only `exit`.
    /// match unsafe { ForkOptions::new().fork() }? {
    ///     Fork::Child => exit(0),
    ///     Fork::Parent(child) => assert_eq!(child.wait()?, WaitStatus::Exited(0)),
    /// }
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub unsafe fn fork(self) -> Result<Fork, Errno> {
        // Only a death signal needs it (one `getpid` call).
        let parent = self.death_signal.map(|_| Pid::this());
        // SAFETY: the caller upholds the child's restrictions (`# Safety`).
        let pid = unsafe { raw::fork()? };
        match Pid::from_raw(pid) {
            None => {
                if self.set_up_child(parent).is_err() {
                    exit(127);
                }
                Ok(Fork::Child)
            }
            Some(pid) => {
                if self.own_group {
                    // The child does it too; EACCES (it has exec'd) or
                    // ESRCH (it is gone) mean there is nothing left to do.
                    // SAFETY: moves our own new child into its own group.
                    let _ = unsafe { raw::setpgid(pid.as_raw(), pid.as_raw()) };
                }
                Ok(Fork::Parent(Child::adopt(pid, self.own_group)))
            }
        }
    }

    /// The child's side. Only async-signal-safe calls.
    fn set_up_child(self, parent: Option<Pid>) -> Result<(), Errno> {
        if self.own_group {
            // SAFETY: moves this new process into a group of its own.
            unsafe { raw::setpgid(0, 0)? };
        }
        if let Some(sig) = self.death_signal {
            super::death_signal::ask_for(sig)?;
            if parent.is_some_and(|before| Pid::parent().is_some_and(|now| now != before)) {
                // The parent died before the call: act as if it had come.
                let _ = crate::safe::process::kill::kill(Pid::this(), sig);
                exit(128 + sig.as_raw());
            }
        }
        Ok(())
    }
}
