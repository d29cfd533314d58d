//! The event wait on macOS and FreeBSD: one kqueue holds an `EVFILT_SIGNAL`
//! filter per signal of the guard's set, an `EVFILT_PROC` filter
//! (`NOTE_EXIT`) per child, and the caller's descriptors (`EVFILT_READ`,
//! `EVFILT_WRITE`). The module docs, "macOS and FreeBSD", say what differs
//! from Linux.

use core::ffi::{c_int, c_void};
use core::marker::PhantomData;
use core::time::Duration;

use super::Interest;
use crate::safe::events::{new_id, stops_are_told};
use crate::safe::fd::above_stdio;
use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::safe::sigset::keep_pending::refuse_discarded;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::siginfo::SigInfo;
#[cfg(not(procsig_sigtimedwait))]
use crate::safe::sigset::timed::on_signal_thread;
use crate::safe::sigset::{SigSet, SIGNALS};
use crate::{raw, Errno};

// Taking a signal the kqueue said was sent: one file per call the target
// has. FreeBSD: `sigtimedwait`, which reads its `siginfo_t`; macOS:
// `sigpending`, then `sigwait`, which tells the number only.
#[cfg_attr(procsig_sigtimedwait, path = "kqueue/take_sigtimedwait.rs")]
#[cfg_attr(not(procsig_sigtimedwait), path = "kqueue/take_sigwait.rs")]
mod take;
mod wait;

/// What taking a reported signal found.
enum Took {
    /// The signal, taken.
    Signal(SigInfo),
    /// None taken, but one of the set is pending: take again soon
    /// (FreeBSD: see `take_sigtimedwait.rs`; never on macOS).
    #[cfg_attr(not(procsig_sigtimedwait), allow(dead_code))]
    Pending,
    /// None pending (here, yet: on macOS the report may come first).
    Nothing,
}

/// Whether every pass of a wait looks at the pending signals, and each
/// sleep is bounded: on macOS a thread-directed signal (`pthread_kill`,
/// `raise`) fires no `EVFILT_SIGNAL` filter (XNU's `psignal_internal`
/// posts the knote only for a process-directed one), so only a look sees
/// it. FreeBSD's filter counts both.
const LOOK_EVERY_PASS: bool = cfg!(not(procsig_sigtimedwait));

/// What a child's `watched` holds once this backend's one-shot filter on
/// it fired and the look found no end (an exiting child not yet a zombie,
/// or a stop reported first): re-attached only after a back-off, since
/// FreeBSD fires a filter attached to an exiting process at once. Never
/// an id (`take_id` stops below it).
const SPENT: u32 = u32::MAX;

/// The largest key a child or a descriptor can have: as on Linux, where
/// keys share an epoll report's 64 bits with a tag and a descriptor, so
/// that a program behaves the same on every target.
const MAX_KEY: usize = (1 << 30) - 1;

/// The event wait: signals of a [`MaskGuard`], [`Child`](crate::Child)ren's state
/// changes and descriptors, one [`Event`](crate::Event) at a time (macOS and
/// FreeBSD, through a kqueue; the module [`events`](crate::events) says how,
/// who owns what, and what differs from Linux).
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
/// System calls when dropped: `close`, `getpid`. (The `getpid`: only the
/// process that made the wait has its kqueue; see "Fork".)
///
/// # Threads
/// It borrows the guard, which cannot leave its thread, so the wait stays
/// in the thread that made it.
///
/// # Fork
/// A kqueue is not inherited by `fork`: in a forked child the wait's
/// descriptor number is closed, and may be reused by anything the child
/// opens. So a forked copy refuses: [`wait`](Events::wait),
/// [`watch`](Events::watch) and [`unwatch`](Events::unwatch) fail with
/// `ECHILD` in any process but the one that made the wait (a `getpid`
/// each), and dropping the copy closes nothing. Make a new wait in the
/// child.
#[derive(Debug)]
#[cfg_attr(docsrs, doc(cfg(any(target_vendor = "apple", target_os = "freebsd"))))]
pub struct Events<'g> {
    /// The kqueue, closed on drop by its owner only.
    kq: c_int,
    /// The guard's signals, each with an `EVFILT_SIGNAL` filter.
    signals: SigSet,
    /// Report stops and continues.
    stops: bool,
    /// This wait's id, which the handles it registered remember.
    id: u32,
    /// The process that made it: a forked copy refuses to act.
    owner: Pid,
    /// When (on `CLOCK_MONOTONIC`) the next look at the children is due,
    /// for a wait over stops.
    look_at: Duration,
    /// Look at every child before sleeping (a wait over stops): on the
    /// first wait, after a `SIGCHLD`, and after a recheck slice.
    scan: bool,
    /// Signals of the set may be pending from before the filters were
    /// registered (a filter counts only sends made after it): the waits
    /// take them first, until none is left.
    pending: bool,
    /// A `SIGCHLD` taken, to report once the children it woke are
    /// reported (a wait over stops).
    sigchld: Option<SigInfo>,
    /// Until when (`CLOCK_MONOTONIC`) each sleep is at most a millisecond
    /// and the pending signals are looked at after it: a signal was
    /// reported but could not be taken yet. `ZERO`: none.
    soon_until: Duration,
    /// When children whose filter was spent without an end ([`SPENT`])
    /// are attached and looked at again.
    reattach_at: Duration,
    /// The current back-off before [`SPENT`] children are attached again:
    /// `ZERO`, then 1 ms doubling to 256 ms while children keep firing
    /// without an end; back to `ZERO` when a child's end is reported.
    back_off: Duration,
    /// Signals taken before their filter's report was read (the look
    /// before a sleep took them): that report, when it comes, is stale,
    /// not early (macOS).
    taken_early: SigSet,
    _guard: PhantomData<&'g MaskGuard>,
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // A forked copy has no kqueue: the number may be another
        // descriptor of the child's by now.
        if Pid::this() == self.owner {
            // SAFETY: our kqueue, closed once; nothing uses it after this.
            let _ = unsafe { raw::close(self.kq) };
        }
    }
}

impl Events<'_> {
    /// `kqueue()`, `kevent(EVFILT_SIGNAL)` for each signal of the guard's
    /// set—Makes an event wait over the signals `signals` blocks (none for
    /// `None`); children and descriptors are added later. Stops and
    /// continues are not reported (see [`with_stops`](Events::with_stops)).
    ///
    /// The wait borrows the guard: its signals stay blocked while the wait
    /// lives. `SIGKILL`, `SIGSTOP` and bits that are no signal are left
    /// out, as by every wait. Signals already pending when it is made are
    /// reported by the first waits (an `EVFILT_SIGNAL` filter only counts
    /// sends made after it, so the first wait looks at what is pending).
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `fcntl`, `getpid`, `kevent`, `kqueue`. The kqueue is
    /// close-on-exec (`fcntl`), and never 0, 1 or 2: in a program started
    /// with its standard descriptors closed, one that lands there is moved
    /// above 2 (`fcntl`, `close`). The `getpid` records the process the
    /// wait belongs to (see "Fork" on [`Events`]). A `sigaction` read for
    /// each signal of the set (see `EINVAL` below; none for `SIGCONT` on
    /// macOS); on macOS, with signals, a `pthread_main_np` (no system
    /// call).
    ///
    /// macOS: once GCD (libdispatch) workqueue threads exist, a
    /// process-directed `SIGPIPE`, `SIGPROF`, `SIGSYS`, `SIGTRAP` or fault
    /// signal cannot be waited for reliably: XNU leaves them unblocked in
    /// those threads whatever the program blocks (the module, "macOS and
    /// FreeBSD", says more).
    ///
    /// # Errors
    /// - `EMFILE`, `ENFILE`, `ENOMEM`: no descriptor or memory for the
    ///   kqueue or its filters.
    /// - `ENOTSUP` (macOS): `signals` holds signals and this is not the
    ///   main thread, where XNU makes a process-directed signal pending
    ///   that every thread blocks: `sigpending` elsewhere cannot see it
    ///   (see the module, "macOS and FreeBSD").
    /// - `EINVAL`: a signal of the guard's set is at `SIG_IGN`, or its
    ///   default action is to be ignored (`SIGCHLD`, `SIGWINCH`, `SIGURG`,
    ///   …) and it is at `SIG_DFL`: the kernel would discard it while it
    ///   is blocked. ([`SigSet::block`](crate::SigSet::block) installs a
    ///   no-op handler over `SIG_DFL`, so the second means something put
    ///   `SIG_DFL` back since; it leaves `SIG_IGN`, which an exec'd child
    ///   would inherit, alone.) `SIGPIPE` is at `SIG_IGN` in every Rust
    ///   program: [`reset_disposition`](crate::reset_disposition) before
    ///   blocking it. `SIGCONT` is never refused on macOS (XNU keeps it
    ///   pending), and refused as the others on FreeBSD (dropped when
    ///   taken).
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
    /// assert_eq!(info.signal, Signal::USR1);
    /// // FreeBSD reads the sender; macOS's `sigwait` tells the number only.
    /// assert!(info.sender == Some(Pid::this()) || !info.detailed);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "kqueue")]
    #[doc(alias = "kevent")]
    #[doc(alias = "EVFILT_SIGNAL")]
    pub fn new(signals: Option<&MaskGuard>) -> Result<Events<'_>, Errno> {
        if let Some(guard) = signals {
            // macOS: `sigpending` sees a process-directed signal on the
            // main thread only.
            #[cfg(not(procsig_sigtimedwait))]
            if !guard.waited.is_empty() {
                on_signal_thread()?;
            }
            refuse_discarded(&guard.waited)?;
        }
        // The id first: nothing to close if none is left.
        let id = new_id()?;
        // SAFETY: the descriptor is owned by `above_stdio`, then by the
        // `Events` made at once, which closes it.
        let kq = above_stdio(unsafe { raw::kqueue() }?)?;
        let events = Events {
            kq,
            signals: SigSet::empty(),
            stops: false,
            id,
            owner: Pid::this(),
            look_at: Duration::ZERO,
            scan: true,
            pending: false,
            sigchld: None,
            soon_until: Duration::ZERO,
            reattach_at: Duration::ZERO,
            back_off: Duration::ZERO,
            taken_early: SigSet::empty(),
            _guard: PhantomData,
        };
        // Close-on-exec (a copy made by `above_stdio` is already). A kqueue
        // is not inherited by `fork`, so another thread's `fork` + `exec`
        // between the two calls cannot leak it.
        // SAFETY: F_SETFD takes an int; the kqueue is ours.
        unsafe { raw::fcntl(events.kq, libc::F_SETFD, libc::FD_CLOEXEC) }?;
        let Some(set) = signals.map(|g| g.waited) else {
            return Ok(events);
        };
        let mut events = events;
        // SAFETY: `kevent` is plain data; all zeroes is valid.
        let mut changes: [libc::kevent; SIGNALS] = unsafe { core::mem::zeroed() };
        let mut count = 0;
        for (slot, sig) in changes.iter_mut().zip(set.iter()) {
            // A signal number is positive: the cast is exact. EV_CLEAR: the
            // count of sends restarts at each report.
            *slot = change(sig.as_raw() as libc::uintptr_t, libc::EVFILT_SIGNAL, 0);
            slot.flags = libc::EV_ADD | libc::EV_CLEAR;
            count += 1;
        }
        let changes = changes.get(..count).unwrap_or_default();
        // SAFETY: our kqueue; the changes register signal filters with a
        // null `udata`.
        unsafe { raw::kevent(events.kq, changes, &mut [], None) }?;
        events.signals = set;
        events.pending = !set.is_empty();
        Ok(events)
    }

    /// [`new`](Events::new), and the children's stops and continues are
    /// reported too, as [`Event::Child`](crate::Event::Child) with [`WaitStatus::Stopped`] or
    /// [`WaitStatus::Continued`] (each once).
    ///
    /// `EVFILT_PROC` has no note for a stop or a continue: they are learned
    /// from `SIGCHLD`, which must be in `signals`' set and blocked in
    /// **every** thread of the process (block it in `main` before spawning
    /// threads). On each `SIGCHLD` every child in the collection is looked
    /// at (one `waitpid` each), and at least once a second besides.
    ///
    /// One reader of `SIGCHLD` per process makes stops prompt. With more
    /// than one (a second event wait over `SIGCHLD` in another thread, a
    /// `sigwait`, a `Child` wait of the pid path), whichever takes it first
    /// has it, and on FreeBSD a stop it was about is seen here late, by
    /// the once-a-second look: within a second, never lost. On macOS it
    /// is worse: a reader that takes the `SIGCHLD` between this wait's
    /// `sigpending` and its `sigwait` leaves this wait asleep in `sigwait`
    /// until the next `SIGCHLD`, past its timeout (see
    /// [`wait`](Events::wait)). Keep one reader of `SIGCHLD` there.
    ///
    /// `SIGCHLD`'s action is checked here and again by each
    /// [`wait`](Events::wait), at its start and at each once-a-second look:
    /// ignoring `SIGCHLD` or setting `SA_NOCLDSTOP` later makes the waits
    /// fail, as below, until the action is restored.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `fcntl`, `getpid`, `kevent`, `kqueue`, `sigaction`.
    /// The `sigaction` reads `SIGCHLD`'s action (for the checks here),
    /// then each signal's of the set (for [`new`](Events::new)'s).
    ///
    /// # Errors
    /// - `EINVAL`: `SIGCHLD` is not in the guard's set, or its action has
    ///   `SA_NOCLDSTOP` (the kernel then sends no `SIGCHLD` for a stop).
    /// - `ECHILD`: `SIGCHLD` is ignored (or `SA_NOCLDWAIT`): the kernel
    ///   reaps children itself. A handler prevents it (not `SIG_DFL`
    ///   here, which is refused: below); a guard made after
    ///   [`reset_disposition`](crate::reset_disposition) installs one.
    /// - `EINVAL` also if `SIGCHLD` is at `SIG_DFL` (BSD discards it while
    ///   it is blocked; see [`new`](Events::new)): the guard's no-op
    ///   handler was replaced since; or another signal of the set is at
    ///   `SIG_IGN`, or ignored by default and at `SIG_DFL`.
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

    /// `kevent(EV_ADD)` of `EVFILT_READ` and/or `EVFILT_WRITE`—Watches
    /// descriptor `fd` for `interest`, reported as
    /// [`Event::Fd`](crate::Event::Fd) with `key`, level-triggered: while
    /// it is ready, every wait may report it (read or write it, or
    /// [`unwatch`](Events::unwatch) it). End of file (a pipe's writers all
    /// gone) is reported by the read filter, a pipe whose readers are all
    /// gone by the write filter: each only if that filter was asked for
    /// (epoll reports both whatever was asked; see [`Ready`](crate::Ready)).
    ///
    /// The caller keeps the descriptor: the wait never reads, writes or
    /// closes it. Closing `fd` ends the watch: the kernel drops a
    /// descriptor number's filters when that number is closed (a `dup` is
    /// another number, watched only if it was watched itself).
    ///
    /// A regular file or a directory is refused (`EPERM`), as epoll
    /// refuses one: a kqueue would take it, but report it readable only
    /// while its offset is before the end, so a program that waits for
    /// more input from a file at its end would wait forever. Such a
    /// descriptor never blocks: read it without waiting.
    ///
    /// Async-signal-safe: yes (system calls only).
    ///
    /// System calls: `fstat`, `getpid`, `kevent`. The `fstat` tells a
    /// regular file or a directory; a `kevent` per filter asks whether
    /// `fd` is watched already (`EV_ENABLE`, which changes nothing of an
    /// existing filter and fails with `ENOENT` for a missing one), and one
    /// per filter asked for adds it. One change per call: the call's
    /// error is that change's.
    ///
    /// # Errors
    /// - `EEXIST`: `fd` is already watched by this wait.
    /// - `EPERM`: `fd` is a regular file or a directory (always ready).
    /// - `EBADF`: `fd` is not open.
    /// - `EINVAL`: `key` is above 2³⁰ - 1.
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]).
    /// - `ENOMEM`: the kernel's limits on filters.
    /// - Another error of `kevent` (e.g. `EINVAL`) for a kind of
    ///   descriptor this kernel's kqueue cannot watch.
    ///
    /// ```
    /// use procsig::raw::{close, pipe, write};
    /// use procsig::{Event, Events, Interest};
    /// use std::time::Duration;
    ///
    /// let mut pipe_fds = [-1; 2];
    /// // SAFETY: we own both ends and close each once, below.
    /// unsafe { pipe(&mut pipe_fds) }?;
    /// let mut events = Events::new(None)?;
    /// events.watch(7, pipe_fds[0], Interest::Readable)?;
    /// assert_eq!(events.wait(&mut [], Some(Duration::ZERO))?, None);
    /// // SAFETY: our pipe's write end.
    /// unsafe { write(pipe_fds[1], b"x") }?;
    /// let got = events.wait(&mut [], Some(Duration::from_secs(60)))?;
    /// assert!(matches!(got, Some(Event::Fd { key: 7, ready }) if ready.readable));
    /// // SAFETY: ours, closed once.
    /// unsafe { pipe_fds.map(|fd| close(fd)) };
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "kevent")]
    #[doc(alias = "EVFILT_READ")]
    #[doc(alias = "EVFILT_WRITE")]
    pub fn watch(&mut self, key: usize, fd: c_int, interest: Interest) -> Result<(), Errno> {
        self.in_owner()?;
        if key > MAX_KEY {
            return Err(Errno::EINVAL);
        }
        let ident = descriptor(fd)?;
        if always_ready(fd)? {
            return Err(Errno::EPERM);
        }
        // Watched already? `EV_ENABLE` changes nothing of a filter that
        // exists (the wait never disables one) and fails with `ENOENT` for
        // one that does not.
        for filter in [libc::EVFILT_READ, libc::EVFILT_WRITE] {
            match self.one_change(ident, filter, libc::EV_ENABLE, 0) {
                Ok(()) => return Err(Errno::EEXIST),
                Err(Errno::ENOENT) => {}
                Err(e) => return Err(e),
            }
        }
        let (read, write) = match interest {
            Interest::Readable => (true, false),
            Interest::Writable => (false, true),
            Interest::Both => (true, true),
        };
        if read {
            self.one_change(ident, libc::EVFILT_READ, libc::EV_ADD, key)?;
        }
        if write {
            if let Err(e) = self.one_change(ident, libc::EVFILT_WRITE, libc::EV_ADD, key) {
                if read {
                    // All or nothing: take back the read filter.
                    let _ = self.one_change(ident, libc::EVFILT_READ, libc::EV_DELETE, 0);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// `kevent(EV_DELETE)`—Stops watching `fd`. The caller still owns it.
    ///
    /// A descriptor closed since it was watched is no longer watched
    /// (closing it dropped its filters), and its number may be another
    /// descriptor's now; children are registered by pid, not by
    /// descriptor, so no child's registration can be removed here.
    ///
    /// Async-signal-safe: yes (system calls only).
    ///
    /// System calls: `getpid`, `kevent`.
    ///
    /// # Errors
    /// - `ENOENT`: `fd` is not watched by this wait (nor, if it was once,
    ///   is the descriptor that has its number now).
    /// - `EBADF`: `fd` is not open.
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]).
    ///
    /// ```
    /// use procsig::raw::{close, pipe};
    /// use procsig::{Errno, Events, Interest};
    ///
    /// let mut pipe_fds = [-1; 2];
    /// // SAFETY: we own both ends and close each once, below.
    /// unsafe { pipe(&mut pipe_fds) }?;
    /// let mut events = Events::new(None)?;
    /// events.watch(0, pipe_fds[0], Interest::Readable)?;
    /// events.unwatch(pipe_fds[0])?;
    /// assert_eq!(events.unwatch(pipe_fds[0]), Err(Errno::ENOENT));
    /// // SAFETY: ours, closed once.
    /// unsafe { pipe_fds.map(|fd| close(fd)) };
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "kevent")]
    pub fn unwatch(&mut self, fd: c_int) -> Result<(), Errno> {
        self.in_owner()?;
        let ident = descriptor(fd)?;
        let read = self.one_change(ident, libc::EVFILT_READ, libc::EV_DELETE, 0);
        let write = self.one_change(ident, libc::EVFILT_WRITE, libc::EV_DELETE, 0);
        match (read, write) {
            (Ok(()), _) | (_, Ok(())) => Ok(()),
            (Err(Errno::ENOENT), Err(Errno::ENOENT)) => Err(Errno::ENOENT),
            (Err(Errno::ENOENT), Err(e)) | (Err(e), _) => Err(e),
        }
    }

    /// `ECHILD` unless the caller is the process that made the wait: a
    /// forked copy has no kqueue (the number may be anything by now).
    fn in_owner(&self) -> Result<(), Errno> {
        if Pid::this() == self.owner {
            Ok(())
        } else {
            Err(Errno::ECHILD)
        }
    }

    /// One `kevent` call with one change (`flags`) of descriptor `ident`'s
    /// `filter`, `key` in its `udata`, and no room for events, so that
    /// the call's error is that change's. (`EV_RECEIPT` would report the
    /// errors of a batch one by one, but an older XNU writes 0 over a
    /// receipt's error: see `src/safe/process/child/kqueue.rs`.)
    fn one_change(&self, ident: usize, filter: i16, flags: u16, key: usize) -> Result<(), Errno> {
        let mut one = change(ident, filter, 0);
        one.flags = flags;
        one.udata = key as *mut c_void;
        // SAFETY: our kqueue; the change names a descriptor of the
        // caller's, which the kernel checks, and `udata` is a key, never
        // dereferenced.
        unsafe { raw::kevent(self.kq, &[one], &mut [], None) }.map(|_| ())
    }
}

/// A change for `ident` and `filter` with `fflags`; its flags are the
/// caller's to set.
fn change(ident: libc::uintptr_t, filter: i16, fflags: u32) -> libc::kevent {
    // SAFETY: `kevent` is plain data (integers and a pointer that may be
    // null), so all zeroes is a valid value.
    let mut change: libc::kevent = unsafe { core::mem::zeroed() };
    change.ident = ident;
    change.filter = filter;
    change.fflags = fflags;
    change
}

/// Whether `fd` is a regular file or a directory, which never blocks
/// (and which epoll refuses): `fstat`'s type.
fn always_ready(fd: c_int) -> Result<bool, Errno> {
    // SAFETY: `stat` is plain data; all zeroes is valid.
    let mut st: libc::stat = unsafe { core::mem::zeroed() };
    // SAFETY: a live buffer; `fd` is only looked at.
    unsafe { raw::fstat(fd, &mut st) }?;
    let kind = st.st_mode & libc::S_IFMT;
    Ok(kind == libc::S_IFREG || kind == libc::S_IFDIR)
}

/// A descriptor as a kqueue `ident`; `EBADF` for a negative one.
fn descriptor(fd: c_int) -> Result<usize, Errno> {
    usize::try_from(fd).map_err(|_| Errno::EBADF)
}
