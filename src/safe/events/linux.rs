//! The event wait on Linux: a signalfd for the guard's signals and the
//! children's pidfds and the caller's descriptors in one epoll instance
//! (the module docs say why epoll, with the figures).

use core::ffi::c_int;
use core::marker::PhantomData;
use core::time::Duration;

use libc::epoll_event;

use super::Interest;
use crate::safe::events::{new_id, stops_are_told};
use crate::safe::fd::above_stdio;
use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::safe::sigset::info::SigInfo;
use crate::safe::sigset::mask::MaskGuard;
use crate::{raw, Errno};

mod wait;

/// What an epoll report's `u64` names, in its top two bits.
const KIND: u64 = 3 << 62;
/// The signalfd.
const SIGNALS: u64 = 1 << 62;
/// A child: its key in bits 32..62, its pidfd in bits 0..32.
const CHILD: u64 = 2 << 62;
/// A caller's descriptor: its key in bits 0..32.
const FD: u64 = 3 << 62;
/// The largest key a child or a descriptor can have.
const MAX_KEY: usize = (1 << 30) - 1;

/// A descriptor the wait owns, closed on drop.
#[derive(Debug)]
struct Owned(c_int);

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: the wait owns the descriptor and nothing uses it after
        // this. Linux releases it even when `close` reports an error.
        let _ = unsafe { raw::close(self.0) };
    }
}

/// The event wait: signals of a [`MaskGuard`], [`Child`](crate::Child)ren's state
/// changes and descriptors, one [`Event`](crate::Event) at a time (Linux; the module
/// [`events`](crate::events) says how, and who owns what).
///
/// ```
/// use procsig::{exit, fork, kill, Event, Events, Fork, Pid, SigSet, Signal, WaitStatus};
/// use std::time::Duration;
///
/// let guard = SigSet::from([Signal::TERM, Signal::CHLD]).block()?;
/// let mut events = Events::new(Some(&guard))?;
/// let mut children = [None, None];
/// // SAFETY: the child calls only `exit`.
/// let Fork::Parent(child) = (unsafe { fork() }?) else { exit(3) };
/// children[1] = Some(child);
/// kill(Pid::this(), Signal::TERM)?;
/// let mut seen = Vec::new();
/// while seen.len() < 2 {
///     match events.wait(&mut children, Some(Duration::from_secs(60)))? {
///         Some(Event::Signal(info)) if info.signal == Signal::CHLD => {} // the child's
///         Some(event) => seen.push(event),
///         None => panic!("timed out"),
///     }
/// }
/// assert!(seen.contains(&Event::Child { key: 1, status: Ok(WaitStatus::Exited(3)), ended: true }));
/// assert!(seen.iter().any(|e| matches!(e, Event::Signal(i) if i.signal == Signal::TERM)));
/// assert!(children[1].is_none()); // reaped through its handle
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// System calls when dropped: `close`.
///
/// # Threads
/// It borrows the guard, which cannot leave its thread, so the wait stays
/// in the thread that made it.
///
/// # Fork
/// A process that forks while a wait lives hands the child a copy that
/// shares the parent's epoll instance, where a wait, a watch or an unwatch
/// would change what the *parent* is told (a child's end taken from it, a
/// watch removed). So the copy refuses: [`wait`](Events::wait),
/// [`watch`](Events::watch) and [`unwatch`](Events::unwatch) fail with
/// `ECHILD` in any process but the one that made the wait, which costs each
/// of them a `getpid` (about 80 ns here; [`events`](crate::events), "Cost", says what it
/// adds to a wait). Make a new wait in the child; dropping the copy only
/// closes the child's descriptors.
#[derive(Debug)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub struct Events<'g> {
    epoll: Owned,
    signals: Option<Owned>,
    /// The guard's signals hold `SIGCHLD`.
    chld: bool,
    /// Report stops and continues.
    stops: bool,
    /// This wait's id, which the handles it registered remember.
    id: u32,
    /// The process that made it: a forked copy refuses to act.
    owner: Pid,
    /// When (on `CLOCK_MONOTONIC`) the next look at the children is due,
    /// for a wait that must look at least once a second: over stops, or
    /// over children without a pidfd.
    look_at: Duration,
    /// Look at the children before sleeping: on the first wait (one may
    /// have stopped, or ended without a pidfd, before it), after a
    /// `SIGCHLD`, and after a recheck slice.
    scan: bool,
    /// A `SIGCHLD` read, to report once the children it woke are reported.
    sigchld: Option<SigInfo>,
    _guard: PhantomData<&'g MaskGuard>,
}

impl Events<'_> {
    /// `epoll_create1(EPOLL_CLOEXEC)`, `signalfd(-1, guard's set,
    /// SFD_CLOEXEC | SFD_NONBLOCK)`—Makes an event wait over the signals
    /// `signals` blocks (none for `None`); children and descriptors are
    /// added later. Stops and continues are not reported (see
    /// [`with_stops`](Events::with_stops)).
    ///
    /// The wait borrows the guard: its signals stay blocked while the wait
    /// lives. `SIGKILL`, `SIGSTOP` and bits that are no signal are left
    /// out, as by every wait. Signals already pending when it is made are
    /// reported by the first waits.
    ///
    /// Async-signal-safe: no (nothing in it blocks or locks, but it is not
    /// meant for handlers).
    ///
    /// System calls: `epoll_create1`, `epoll_ctl`, `getpid`, `signalfd4`.
    /// Both descriptors are close-on-exec, and never 0, 1 or 2: in a program
    /// started with its standard descriptors closed, one that lands there
    /// is moved above 2 (`fcntl`, `close`). The `getpid` records the process
    /// the wait belongs to (see "Fork" on [`Events`]).
    ///
    /// # Errors
    /// - `EMFILE`, `ENFILE`, `ENOMEM`: no descriptor or memory for the
    ///   epoll instance or the signalfd.
    /// - `ENOMEM` also once this process has made 2³² - 2 waits: each has
    ///   an id of its own, which the handles it registered remember, and
    ///   an id never comes back (a reused one could make a wait skip a
    ///   child, whose end would then never wake it).
    ///
    /// ```
    /// use procsig::{kill, Event, Events, Pid, SigSet, Signal};
    /// use std::time::Duration;
    ///
    /// let guard = SigSet::from(Signal::USR1).block()?;
    /// let mut events = Events::new(Some(&guard))?;
    /// kill(Pid::this(), Signal::USR1)?;
    /// let Some(Event::Signal(info)) = events.wait(&mut [], Some(Duration::from_secs(60)))? else {
    ///     panic!("no signal")
    /// };
    /// assert_eq!((info.signal, info.sender), (Signal::USR1, Some(Pid::this())));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "signalfd")]
    #[doc(alias = "epoll_create1")]
    pub fn new(signals: Option<&MaskGuard>) -> Result<Events<'_>, Errno> {
        // The id first: nothing to close if none is left.
        let id = new_id()?;
        // Both descriptors above 2: never standard input, output or error
        // of a program that started with those closed (`safe/fd.rs`).
        // SAFETY: the descriptor is owned by `above_stdio`, then by the
        // `Owned` made at once.
        let epoll = unsafe { raw::epoll_create1(libc::EPOLL_CLOEXEC) }?;
        let epoll = Owned(above_stdio(epoll)?);
        let mut events = Events {
            epoll,
            signals: None,
            chld: false,
            stops: false,
            id,
            owner: Pid::this(),
            look_at: Duration::ZERO,
            scan: true,
            sigchld: None,
            _guard: PhantomData,
        };
        let set = signals.map(|g| &g.waited).filter(|set| !set.is_empty());
        if let Some(set) = set {
            let flags = libc::SFD_CLOEXEC | libc::SFD_NONBLOCK;
            // SAFETY: the set is live; the descriptor is owned at once (by
            // `above_stdio`, then by the `Owned`).
            let fd = unsafe { raw::signalfd(-1, set.as_sigset_t(), flags) }?;
            let fd = Owned(above_stdio(fd)?);
            events.arm(libc::EPOLL_CTL_ADD, fd.0, libc::EPOLLIN as u32, SIGNALS)?;
            events.signals = Some(fd);
            events.chld = set.contains(Signal::CHLD);
        }
        Ok(events)
    }

    /// [`new`](Events::new), and the children's stops and continues are
    /// reported too, as [`Event::Child`](crate::Event::Child) with [`WaitStatus::Stopped`] or
    /// [`WaitStatus::Continued`] (each once).
    ///
    /// A pidfd does not wake on a stop: stops and continues are learned
    /// from `SIGCHLD`, which must be in `signals`' set and blocked in
    /// **every** thread of the process (block it in `main` before spawning
    /// threads). On each `SIGCHLD` every child in the collection is looked
    /// at (one `waitid` each), and at least once a second besides.
    ///
    /// One reader of `SIGCHLD` per process makes stops prompt. With more
    /// than one (a second event wait over `SIGCHLD` in another thread, a
    /// `sigwait`, a `Child` wait of the pid fallback), whichever reads it
    /// first takes it, and a stop it was about is seen here late, by the
    /// once-a-second look: within a second, never lost.
    ///
    /// `SIGCHLD`'s action is checked here and again by each
    /// [`wait`](Events::wait), at its start and at each once-a-second look:
    /// ignoring `SIGCHLD` or setting `SA_NOCLDSTOP` later makes the waits
    /// fail, as below, until the action is restored.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `epoll_create1`, `epoll_ctl`, `getpid`,
    /// `rt_sigaction`, `signalfd4`. The `rt_sigaction` reads `SIGCHLD`'s
    /// action.
    ///
    /// # Errors
    /// - `EINVAL`: `SIGCHLD` is not in the guard's set, or its action has
    ///   `SA_NOCLDSTOP` (the kernel then sends no `SIGCHLD` for a stop).
    /// - `ECHILD`: `SIGCHLD` is ignored (or `SA_NOCLDWAIT`): the kernel
    ///   reaps children itself and sends no `SIGCHLD`.
    ///   [`reset_disposition`](crate::reset_disposition) prevents it.
    /// - As for [`new`](Events::new).
    ///
    /// [`WaitStatus::Stopped`]: crate::WaitStatus::Stopped
    /// [`WaitStatus::Continued`]: crate::WaitStatus::Continued
    ///
    /// ```
    /// use procsig::{exit, fork, kill, Errno, Event, Events, Fork, Pid, SigSet, Signal, WaitStatus};
    /// use std::time::Duration;
    ///
    /// let usr1 = SigSet::from(Signal::USR1).block()?;
    /// assert_eq!(Events::with_stops(&usr1).err(), Some(Errno::EINVAL)); // no SIGCHLD: refused
    /// let guard = SigSet::from(Signal::CHLD).block()?;
    /// let mut events = Events::with_stops(&guard)?;
    /// // SAFETY: the child calls only async-signal-safe functions.
    /// let Fork::Parent(child) = (unsafe { fork() }?) else {
    ///     kill(Pid::this(), Signal::STOP).ok();
    ///     exit(0)
    /// };
    /// let mut children = [Some(child)];
    /// let stopped = Event::Child { key: 0, status: Ok(WaitStatus::Stopped(Signal::STOP)), ended: false };
    /// loop {
    ///     match events.wait(&mut children, Some(Duration::from_secs(60)))? {
    ///         Some(event) if event == stopped => break,
    ///         Some(_) => {} // SIGCHLD itself
    ///         None => panic!("timed out"),
    ///     }
    /// }
    /// children[0].as_ref().unwrap().signal(Signal::KILL)?;
    /// # while children[0].is_some() { events.wait(&mut children, None)?; }
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "WUNTRACED")]
    #[doc(alias = "WCONTINUED")]
    pub fn with_stops(signals: &MaskGuard) -> Result<Events<'_>, Errno> {
        if !signals.waited.contains(Signal::CHLD) {
            return Err(Errno::EINVAL);
        }
        stops_are_told()?;
        let mut events = Events::new(Some(signals))?;
        events.stops = true;
        Ok(events)
    }

    /// `epoll_ctl(EPOLL_CTL_ADD)`—Watches descriptor `fd` for `interest`,
    /// reported as [`Event::Fd`](crate::Event::Fd) with `key`, level-triggered: while it is
    /// ready, every wait may report it (read or write it, or
    /// [`unwatch`](Events::unwatch) it). Hang-ups and errors are reported
    /// whatever the interest.
    ///
    /// The caller keeps the descriptor: the wait never reads, writes or
    /// closes it. Closing it also ends the watch (once no other copy of it
    /// is open: a `dup` or a forked child's copy keeps it watched, so
    /// `unwatch` first).
    ///
    /// A pidfd is refused: a child's is the wait's own business (put its
    /// [`Child`](crate::Child) in the collection), and one watched here
    /// would share the epoll instance's one entry for that descriptor with
    /// the child's registration. A pidfd is recognised by
    /// `pidfd_send_signal(fd, 0)`, which sends nothing and fails with
    /// `EBADF` for anything else. To learn when a process that is not your
    /// child ends, `poll` its pidfd yourself.
    ///
    /// Async-signal-safe: yes (system calls only).
    ///
    /// System calls: `epoll_ctl`, `getpid`, `pidfd_send_signal`.
    ///
    /// # Errors
    /// - `EEXIST`: `fd` is already watched by this wait.
    /// - `EPERM`: `fd` cannot be waited on (a regular file or a
    ///   directory: always ready).
    /// - `EBADF`: `fd` is not open.
    /// - `EINVAL`: `key` is above 2³⁰ - 1, or `fd` is a pidfd.
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]).
    /// - `ENOMEM`, `ENOSPC`: the kernel's limits on watches.
    ///
    /// ```
    /// use procsig::raw::{close, pipe2, write};
    /// use procsig::{Event, Events, Interest};
    /// use std::time::Duration;
    ///
    /// let mut pipe = [-1; 2];
    /// // SAFETY: we own both ends and close each once, below.
    /// unsafe { pipe2(&mut pipe, libc::O_CLOEXEC) }?;
    /// let mut events = Events::new(None)?;
    /// events.watch(7, pipe[0], Interest::Readable)?;
    /// assert_eq!(events.wait(&mut [], Some(Duration::ZERO))?, None);
    /// // SAFETY: our pipe's write end.
    /// unsafe { write(pipe[1], b"x") }?;
    /// let got = events.wait(&mut [], Some(Duration::from_secs(60)))?;
    /// assert!(matches!(got, Some(Event::Fd { key: 7, ready }) if ready.readable));
    /// // SAFETY: ours, closed once.
    /// unsafe { pipe.map(|fd| close(fd)) };
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "epoll_ctl")]
    pub fn watch(&mut self, key: usize, fd: c_int, interest: Interest) -> Result<(), Errno> {
        self.in_owner()?;
        if key > MAX_KEY || is_pidfd(fd) {
            return Err(Errno::EINVAL);
        }
        let wanted = match interest {
            Interest::Readable => libc::EPOLLIN,
            Interest::Writable => libc::EPOLLOUT,
            Interest::Both => libc::EPOLLIN | libc::EPOLLOUT,
        };
        // RDHUP: a socket's peer shut its side down.
        let events = (wanted | libc::EPOLLRDHUP) as u32;
        // `key` fits 30 bits (checked above).
        self.arm(libc::EPOLL_CTL_ADD, fd, events, FD | key as u64)
    }

    /// `epoll_ctl(EPOLL_CTL_DEL)`—Stops watching `fd`. The caller still
    /// owns it.
    ///
    /// A descriptor closed since it was watched is no longer watched
    /// (closing it ended the watch), and its number may be another
    /// descriptor's now. If that one is a pidfd, perhaps a child's that
    /// this wait registered, it is left alone: since [`watch`](Events::watch)
    /// refuses pidfds, a pidfd here is always a descriptor the caller did
    /// not watch, and `unwatch` reports `EBADF` as for a closed one.
    ///
    /// Async-signal-safe: yes (system calls only).
    ///
    /// System calls: `epoll_ctl`, `getpid`, `pidfd_send_signal`.
    ///
    /// # Errors
    /// - `ENOENT`: `fd` is not watched by this wait (nor, if it was once,
    ///   is the descriptor that has its number now).
    /// - `EBADF`: `fd` is not open, or is a pidfd: the descriptor watched
    ///   was closed since (which ended the watch already).
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]).
    ///
    /// ```
    /// use procsig::raw::{close, pipe2};
    /// use procsig::{Errno, Events, Interest};
    ///
    /// let mut pipe = [-1; 2];
    /// // SAFETY: we own both ends and close each once, below.
    /// unsafe { pipe2(&mut pipe, libc::O_CLOEXEC) }?;
    /// let mut events = Events::new(None)?;
    /// events.watch(0, pipe[0], Interest::Readable)?;
    /// events.unwatch(pipe[0])?;
    /// assert_eq!(events.unwatch(pipe[0]), Err(Errno::ENOENT));
    /// // SAFETY: ours, closed once.
    /// unsafe { pipe.map(|fd| close(fd)) };
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "epoll_ctl")]
    pub fn unwatch(&mut self, fd: c_int) -> Result<(), Errno> {
        self.in_owner()?;
        if is_pidfd(fd) {
            return Err(Errno::EBADF);
        }
        // SAFETY: removes a registration; no event structure is needed.
        unsafe { raw::epoll_ctl(self.epoll.0, libc::EPOLL_CTL_DEL, fd, None) }
    }

    /// `ECHILD` unless the caller is the process that made the wait: a
    /// forked copy shares the maker's epoll instance, and must not change
    /// it or take its one-shot reports.
    fn in_owner(&self) -> Result<(), Errno> {
        if Pid::this() == self.owner {
            Ok(())
        } else {
            Err(Errno::ECHILD)
        }
    }

    /// `epoll_ctl(op, fd)` with `events` and `data`.
    fn arm(&self, op: c_int, fd: c_int, events: u32, data: u64) -> Result<(), Errno> {
        let mut event = epoll_event { events, u64: data };
        // SAFETY: a live event; the instance is ours; `fd` is the caller's
        // or a handle's, which the kernel checks.
        unsafe { raw::epoll_ctl(self.epoll.0, op, fd, Some(&mut event)) }
    }
}

/// Whether `fd` is a pidfd: `pidfd_send_signal(fd, 0)` sends nothing, and
/// fails with `EBADF` for a descriptor that is not one (or not open). A
/// pidfd of a live or unreaped process answers `Ok`, of a reaped one
/// `ESRCH`; `EPERM` (another user's process, or a seccomp policy that
/// refuses the call) and `ENOSYS` (no pidfds) count as "not one": no
/// child's pidfd can be behind either.
fn is_pidfd(fd: c_int) -> bool {
    // SAFETY: signal 0 is never delivered; the kernel checks `fd`.
    let probed = unsafe { raw::pidfd_send_signal(fd, 0, None, 0) };
    matches!(probed, Ok(()) | Err(Errno::ESRCH))
}
