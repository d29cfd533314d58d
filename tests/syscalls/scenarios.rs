//! One scenario per facade function: set up, `mark()`, the call, `mark()`,
//! clean up. A child that a scenario forks calls `child_mark()` first thing,
//! so that what the fork did in the child ends at its own marker.

use std::hint::black_box;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::time::Duration;

use procsig::ordered::{self, Slot};
use procsig::{
    alarm, cancel_alarm, disposition, exit, fork, ignore, kill, kill_group, new_session, probe,
    queue_signal, raise, reap_all_exited, reap_one_exited, reset_disposition, session_of,
    this_group, wait_any, Child, Errno, Event, Events, Fork, ForkOptions, Interest, Pid, SigSet,
    Signal, Terminal, WaitStatus,
};

/// A function's scenario; `pidfds`: its system calls depend on whether the
/// kernel gives pidfds, so it also runs with them refused. `class`: the
/// class of arguments (or circumstance) it exercises, when the function's
/// calls depend on one ("" for its usual call); docs/audit.md's row and the doc
/// paragraph for the class are "`name` (class)" and "System calls
/// (class):".
pub struct Scenario {
    pub name: &'static str,
    pub class: &'static str,
    pub pidfds: bool,
    pub run: fn(),
}

impl Scenario {
    /// "name", or "name (class)": its key in docs/audit.md's table and the docs.
    pub fn key(&self) -> String {
        if self.class.is_empty() {
            self.name.to_owned()
        } else {
            format!("{} ({})", self.name, self.class)
        }
    }
}

const fn s(name: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        class: "",
        pidfds: false,
        run,
    }
}

const fn p(name: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        class: "",
        pidfds: true,
        run,
    }
}

/// A scenario of one class of a function's arguments.
const fn c(name: &'static str, class: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        class,
        pidfds: false,
        run,
    }
}

/// The same, for a function whose calls depend on pidfds.
const fn cp(name: &'static str, class: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        class,
        pidfds: true,
        run,
    }
}

/// The marker: a system call procsig never makes.
pub fn mark() {
    // SAFETY: no arguments.
    unsafe { libc::sched_yield() };
}

/// A forked child's marker (another call procsig never makes): what the
/// fork did in the child ends here.
pub fn child_mark() {
    // SAFETY: no pointer.
    unsafe { libc::sched_getscheduler(0) };
}

/// A child that waits to be killed (`pause`), started before the marker.
fn sleeper(options: ForkOptions) -> Child {
    // SAFETY: single-threaded; the child only pauses.
    match unsafe { options.fork() }.unwrap() {
        Fork::Child => loop {
            child_mark();
            // SAFETY: no arguments.
            unsafe { libc::pause() };
        },
        Fork::Parent(child) => child,
    }
}

/// A child that exits at once; returns when it has (not yet reaped).
fn exited() -> Child {
    // SAFETY: single-threaded; the child only exits.
    let child = match unsafe { fork() }.unwrap() {
        Fork::Child => {
            child_mark();
            exit(0)
        }
        Fork::Parent(child) => child,
    };
    await_end(&child);
    child
}

/// Blocks until `child` has ended, without reaping it (`WNOWAIT`).
fn await_end(child: &Child) {
    // SAFETY: plain data, a pid of ours.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            child.pid().as_raw() as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        );
    }
}

/// A child that no handle holds (forked with libc, as other code would),
/// exited and not yet reaped.
fn unheld_exited() -> libc::pid_t {
    // SAFETY: single-threaded; the child only exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(0) };
    }
    // SAFETY: plain data, a pid of ours; WNOWAIT leaves it unreaped.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        );
    }
    pid
}

fn finish(child: Child) {
    let _ = child.signal(Signal::KILL);
    let _ = child.wait();
}

/// A controlling terminal of this process's own, in a session of its own
/// (the scenario process is no group leader: strace's child), so that the
/// terminal calls succeed; `/dev/null` where none can be had (the calls
/// are the same, failing).
fn own_terminal() -> Terminal {
    // SAFETY: scaffolding on descriptors this process opens and keeps.
    unsafe {
        // Closing the terminal at exit hangs it up: SIGHUP to us.
        libc::signal(libc::SIGHUP, libc::SIG_IGN);
        if libc::setsid() > 0 {
            let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
            if master >= 0 && libc::grantpt(master) == 0 && libc::unlockpt(master) == 0 {
                let name = libc::ptsname(master);
                if !name.is_null() {
                    let slave = libc::open(name, libc::O_RDWR | libc::O_CLOEXEC);
                    if slave >= 0 && libc::ioctl(slave, libc::TIOCSCTTY, 0) == 0 {
                        return Terminal::new(slave);
                    }
                }
            }
        }
        Terminal::new(libc::open(
            c"/dev/null".as_ptr(),
            libc::O_RDWR | libc::O_CLOEXEC,
        ))
    }
}

/// A child that has stopped itself (the stop not yet reported).
fn stopped_child() -> Child {
    // SAFETY: single-threaded; the child stops itself, then exits.
    let c = match unsafe { fork() }.unwrap() {
        Fork::Child => {
            child_mark();
            let _ = kill(Pid::this(), Signal::STOP);
            exit(0)
        }
        Fork::Parent(c) => c,
    };
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: plain data; waits, without reaping or consuming the report
    // (WNOWAIT), until the child of ours has stopped.
    unsafe {
        libc::waitid(
            libc::P_PID,
            c.pid().as_raw() as libc::id_t,
            &mut info,
            libc::WSTOPPED | libc::WNOWAIT,
        )
    };
    c
}

/// USR1, blocked, and sent to this process before the marker.
fn usr1_pending() -> procsig::MaskGuard {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    kill(Pid::this(), Signal::USR1).unwrap();
    guard
}

/// Calls `f` between the markers.
fn between<T>(f: impl FnOnce() -> T) -> T {
    mark();
    let t = black_box(f());
    mark();
    t
}

/// `options.fork()` between the markers; the child marks, then exits.
fn fork_with(options: ForkOptions) {
    mark();
    // SAFETY: single-threaded; the child marks, then exits.
    match unsafe { options.fork() }.unwrap() {
        Fork::Child => {
            child_mark();
            exit(0)
        }
        Fork::Parent(c) => {
            mark();
            let _ = c.wait();
        }
    }
}

/// USR1, and SIGCHLD, blocked; USR1 sent to this process before the
/// marker (a set that holds SIGCHLD makes the waits check its disposition).
fn usr1_pending_with_chld() -> procsig::MaskGuard {
    let guard = SigSet::from([Signal::USR1, Signal::CHLD]).block().unwrap();
    kill(Pid::this(), Signal::USR1).unwrap();
    guard
}

// ---- interrupted: a handled signal cuts a sleeping system call short ----

/// How many system calls the tick's handler found it had interrupted.
static INTERRUPTED: AtomicUsize = AtomicUsize::new(0);
/// What ends the sleep, run by the handler once it has interrupted one:
/// `END_TARGET` gets `END_SIGNAL`.
static END_TARGET: AtomicI32 = AtomicI32::new(0);
static END_SIGNAL: AtomicI32 = AtomicI32::new(0);

/// SIGALRM's handler. The kernel saves the interrupted registers: a system
/// call cut short by a handled signal returns `-EINTR` in `rax`, with `rip`
/// just past its `syscall` instruction (`0f 05`). The first time it sees
/// that, it sends the signal that lets the call under test end, so the call
/// cannot end before it has been interrupted at least once. Its own system
/// calls (and its `rt_sigreturn`) are left out of the trace by the reader.
extern "C" fn on_tick(_: libc::c_int, _: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // SAFETY: the kernel passes a live `ucontext_t`; `rip - 2` is inside
    // the code page the interrupted instruction came from.
    let cut_short = unsafe {
        let regs = &(*(context as *const libc::ucontext_t)).uc_mcontext.gregs;
        let rax = regs[libc::REG_RAX as usize];
        let rip = regs[libc::REG_RIP as usize] as *const u8;
        rax == -i64::from(libc::EINTR) && *rip.sub(2) == 0x0f && *rip.sub(1) == 0x05
    };
    if cut_short && INTERRUPTED.fetch_add(1, Ordering::SeqCst) == 0 {
        // SAFETY: integers; async-signal-safe.
        unsafe {
            libc::kill(
                END_TARGET.load(Ordering::SeqCst),
                END_SIGNAL.load(Ordering::SeqCst),
            )
        };
    }
}

/// Runs `f` between the markers with SIGALRM handled (no `SA_RESTART`) and
/// ticking every 2 ms, until one tick has interrupted a system call; then
/// `end` gets `signal`. Asserts the call was interrupted.
fn interrupted<T>(end: libc::pid_t, signal: Signal, f: impl FnOnce() -> T) -> T {
    END_TARGET.store(end, Ordering::SeqCst);
    END_SIGNAL.store(signal.as_raw(), Ordering::SeqCst);
    let tick = libc::timeval {
        tv_sec: 0,
        tv_usec: 2000,
    };
    let timer = libc::itimerval {
        it_interval: tick,
        it_value: tick,
    };
    // SAFETY: a handler that is async-signal-safe; plain data.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = on_tick;
        action.sa_sigaction = handler as usize;
        action.sa_flags = libc::SA_SIGINFO;
        assert_eq!(
            libc::sigaction(libc::SIGALRM, &action, std::ptr::null_mut()),
            0
        );
        assert_eq!(
            libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut()),
            0
        );
    }
    let t = between(f);
    let off: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: plain data.
    unsafe { libc::setitimer(libc::ITIMER_REAL, &off, std::ptr::null_mut()) };
    assert!(INTERRUPTED.load(Ordering::SeqCst) > 0, "never interrupted");
    t
}

/// A sleeper child, and `f` on it interrupted: the handler kills the child.
/// `f` hands the child back (dropping it would close its pidfd inside the
/// window), unless it consumed it.
fn child_interrupted<T>(f: impl FnOnce(Child) -> (T, Option<Child>)) -> T {
    let _chld = SigSet::from(Signal::CHLD).block().unwrap();
    let child = sleeper(ForkOptions::new());
    let pid = child.pid().as_raw();
    let (t, child) = interrupted(pid, Signal::KILL, || f(child));
    drop(child);
    t
}

// ---- sleeping: the call under test sleeps before its end comes ----

/// Forks a helper that reads `/proc/PID/syscall` of this process until it
/// is in one of the system calls `nrs` (asleep, or about to be: the call is
/// made either way), then sends `signal` to `target` and exits. No sleep:
/// the helper watches the kernel's own record.
fn when_in(nrs: &'static [libc::c_long], target: libc::pid_t, signal: Signal) -> libc::pid_t {
    let me = std::process::id();
    // SAFETY: single-threaded; the helper reads a file and exits.
    match unsafe { libc::fork() } {
        0 => {
            let path = format!("/proc/{me}/syscall");
            loop {
                let now = std::fs::read_to_string(&path).unwrap_or_default();
                let nr = now.split_whitespace().next().and_then(|n| n.parse().ok());
                if nr.is_some_and(|n: libc::c_long| nrs.contains(&n)) {
                    // SAFETY: integers.
                    unsafe {
                        libc::kill(target, signal.as_raw());
                        libc::_exit(0)
                    }
                }
            }
        }
        helper => {
            assert!(helper > 0, "fork failed");
            helper
        }
    }
}

/// Reaps the helper of [`when_in`].
fn reap(helper: libc::pid_t) {
    let mut status = 0;
    // SAFETY: a child of ours; plain data.
    unsafe { libc::waitpid(helper, &mut status, 0) };
}

const SLEEP_CALLS: &[libc::c_long] = &[libc::SYS_poll, libc::SYS_rt_sigtimedwait];

/// `ordered::run` of two jobs between the markers, with `limit`.
fn ordered_with(limit: Option<Duration>, job: fn(usize, &mut ordered::Turn) -> i32) {
    let mut slots = [Slot::EMPTY; 2];
    mark();
    // SAFETY: single-threaded; the jobs do nothing but spin or return.
    let ran = unsafe { ordered::run(&mut slots, 2, limit, job, |_, _| {}) };
    mark();
    ran.unwrap();
}

const EPOLL_SLEEP: &[libc::c_long] = &[libc::SYS_epoll_wait, libc::SYS_epoll_pwait];

/// The guard an event wait's scenario waits with: without pidfds a
/// child's end comes through SIGCHLD, which must be in it; with them it is
/// left out, so that the SIGCHLD of a child's end cannot be the event
/// reported instead of the end itself.
fn events_guard() -> procsig::MaskGuard {
    let signal = if crate::support::pidfds_refused() {
        Signal::CHLD
    } else {
        Signal::USR2
    };
    SigSet::from(signal).block().unwrap()
}

pub const SCENARIOS: &[Scenario] = &[
    s("Events::new", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let events = between(|| Events::new(Some(&guard))).unwrap();
        drop(events);
    }),
    s("Events::with_stops", || {
        let guard = SigSet::from(Signal::CHLD).block().unwrap();
        let events = between(|| Events::with_stops(&guard)).unwrap();
        drop(events);
    }),
    s("Events::watch", || {
        let mut events = Events::new(None).unwrap();
        let (r, w) = crate::support::pipe();
        between(|| events.watch(0, r, Interest::Readable)).unwrap();
        crate::support::close(r);
        crate::support::close(w);
    }),
    s("Events::unwatch", || {
        let mut events = Events::new(None).unwrap();
        let (r, w) = crate::support::pipe();
        events.watch(0, r, Interest::Readable).unwrap();
        between(|| events.unwatch(r)).unwrap();
        crate::support::close(r);
        crate::support::close(w);
    }),
    s("Events::drop", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let events = Events::new(Some(&guard)).unwrap();
        between(|| drop(events));
    }),
    p("Events::wait", || {
        let guard = events_guard();
        let mut events = Events::new(Some(&guard)).unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let got = between(|| events.wait(&mut children, Some(Duration::from_millis(200))));
        assert_eq!(got, Ok(None));
        finish(children[0].take().unwrap());
    }),
    cp("Events::wait", "zero timeout", || {
        let guard = events_guard();
        let mut events = Events::new(Some(&guard)).unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let got = between(|| events.wait(&mut children, Some(Duration::ZERO)));
        assert_eq!(got, Ok(None));
        finish(children[0].take().unwrap());
    }),
    cp("Events::wait", "no timeout", || {
        let guard = events_guard();
        let mut events = Events::new(Some(&guard)).unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let pid = children[0].as_ref().unwrap().pid().as_raw();
        // Killed once the call sleeps in `epoll_wait`.
        let helper = when_in(EPOLL_SLEEP, pid, Signal::KILL);
        // Without pidfds the helper's own SIGCHLD may come first (it is
        // reported, as the guard holds SIGCHLD): wait on until the child.
        let got = between(|| loop {
            match events.wait(&mut children, None) {
                Ok(Some(Event::Signal(_))) => continue,
                got => break got,
            }
        });
        reap(helper);
        assert!(
            matches!(
                got,
                Ok(Some(Event::Child {
                    key: 0,
                    ended: true,
                    ..
                }))
            ),
            "{got:?}"
        );
    }),
    cp("Events::wait", "interrupted", || {
        let guard = events_guard();
        let mut events = Events::new(Some(&guard)).unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let pid = children[0].as_ref().unwrap().pid().as_raw();
        let got = interrupted(pid, Signal::KILL, || loop {
            match events.wait(&mut children, Some(Duration::from_secs(60))) {
                Ok(Some(Event::Signal(_))) => continue,
                got => break got,
            }
        });
        assert!(
            matches!(
                got,
                Ok(Some(Event::Child {
                    key: 0,
                    ended: true,
                    ..
                }))
            ),
            "{got:?}"
        );
    }),
    cp("Events::wait", "stops", || {
        let guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut events = Events::with_stops(&guard).unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let got = between(|| events.wait(&mut children, Some(Duration::from_millis(200))));
        assert_eq!(got, Ok(None));
        finish(children[0].take().unwrap());
    }),
    s("alarm", || {
        between(|| alarm(100));
        cancel_alarm();
    }),
    s("cancel_alarm", || {
        alarm(100);
        between(cancel_alarm);
    }),
    s("Child::pid", || {
        let c = exited();
        between(|| c.pid());
        finish(c);
    }),
    s("Child::pidfd", || {
        let c = exited();
        between(|| c.pidfd());
        finish(c);
    }),
    p("Child::signal", || {
        let c = sleeper(ForkOptions::new());
        between(|| c.signal(Signal::TERM)).unwrap();
        let _ = c.wait();
    }),
    s("Child::group", || {
        let c = sleeper(ForkOptions::new().own_group());
        between(|| c.group());
        finish(c);
    }),
    p("Child::signal_group", || {
        let c = sleeper(ForkOptions::new().own_group());
        between(|| c.signal_group(Signal::TERM)).unwrap();
        let _ = c.wait();
    }),
    p("Child::wait", || {
        let c = exited();
        assert_eq!(between(|| c.wait()), Ok(WaitStatus::Exited(0)));
    }),
    p("Child::try_wait", || {
        let mut c = exited();
        assert_eq!(between(|| c.try_wait()), Ok(Some(WaitStatus::Exited(0))));
    }),
    p("Child::wait_stopped", || {
        // SAFETY: single-threaded; the child stops itself, then exits.
        let mut c = match unsafe { fork() }.unwrap() {
            Fork::Child => {
                child_mark();
                let _ = kill(Pid::this(), Signal::STOP);
                exit(0)
            }
            Fork::Parent(c) => c,
        };
        let got = between(|| c.wait_stopped());
        assert_eq!(got, Ok(WaitStatus::Stopped(Signal::STOP)));
        c.signal(Signal::CONT).unwrap();
        let _ = c.wait();
    }),
    p("Child::wait_changed", || {
        let mut c = stopped_child();
        let got = between(|| c.wait_changed());
        assert_eq!(got, Ok(WaitStatus::Stopped(Signal::STOP)));
        finish(c);
    }),
    p("Child::try_wait_changed", || {
        let mut c = stopped_child();
        let got = between(|| c.try_wait_changed());
        assert_eq!(got, Ok(Some(WaitStatus::Stopped(Signal::STOP))));
        finish(c);
    }),
    s("new_session", || {
        // Succeeds: strace's child leads no group.
        between(new_session).unwrap();
    }),
    s("this_group", || {
        between(this_group).unwrap();
    }),
    s("session_of", || {
        let me = Pid::this();
        between(|| session_of(me)).unwrap();
    }),
    s("Terminal::new", || {
        between(|| Terminal::new(black_box(0)));
    }),
    s("Terminal::fd", || {
        let tty = Terminal::new(0);
        between(|| tty.fd());
    }),
    s("Terminal::foreground", || {
        let tty = own_terminal();
        let _ = between(|| tty.foreground());
    }),
    s("Terminal::give_to", || {
        let tty = own_terminal();
        let me = this_group().unwrap();
        let _ = between(|| tty.give_to(me));
    }),
    s("Terminal::take_back", || {
        let tty = own_terminal();
        let _ = between(|| tty.take_back());
    }),
    p("Child::wait_timeout", || {
        // Without pidfds the wait takes SIGCHLD, which must be blocked.
        let _guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut c = sleeper(ForkOptions::new());
        assert_eq!(
            // Long enough that even a loaded machine reaches the sleep
            // before the time is up (the calls differ if it never sleeps).
            between(|| c.wait_timeout(Duration::from_millis(200))),
            Ok(None)
        );
        finish(c);
    }),
    p("Child::drop", || {
        let c = exited();
        await_end(&c);
        between(|| drop(c));
    }),
    s("disposition", || {
        between(|| disposition(Signal::USR2)).unwrap();
    }),
    s("reset_disposition", || {
        between(|| reset_disposition(Signal::USR2)).unwrap();
    }),
    s("ignore", || {
        between(|| ignore(Signal::USR2)).unwrap();
        reset_disposition(Signal::USR2).unwrap();
    }),
    s("exit", || {
        // SAFETY: single-threaded; the child marks, then exits.
        match unsafe { fork() }.unwrap() {
            Fork::Child => {
                mark();
                exit(0)
            }
            Fork::Parent(c) => {
                let _ = c.wait();
            }
        }
    }),
    p("fork", || {
        mark();
        // SAFETY: single-threaded; the child marks, then exits.
        match unsafe { fork() }.unwrap() {
            Fork::Child => {
                child_mark();
                exit(0)
            }
            Fork::Parent(c) => {
                mark();
                let _ = c.wait();
            }
        }
    }),
    s("ForkOptions::new", || {
        between(ForkOptions::new);
    }),
    s("ForkOptions::own_group", || {
        between(|| ForkOptions::new().own_group());
    }),
    s("ForkOptions::die_with_parent", || {
        between(|| ForkOptions::new().die_with_parent(Signal::KILL));
    }),
    p("ForkOptions::fork", || {
        fork_with(ForkOptions::new().own_group().die_with_parent(Signal::KILL))
    }),
    s("kill", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = Pid::this();
        between(|| kill(me, Signal::USR1)).unwrap();
        guard.wait().unwrap();
    }),
    s("kill_group", || {
        let c = sleeper(ForkOptions::new().own_group());
        let group = c.group().unwrap();
        between(|| kill_group(group, Signal::TERM)).unwrap();
        let _ = c.wait();
    }),
    s("probe", || {
        let me = Pid::this();
        between(|| probe(me)).unwrap();
    }),
    s("raise", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        between(|| raise(Signal::USR1)).unwrap();
        guard.wait().unwrap();
    }),
    s("SigSet::block", || {
        let guard = between(|| SigSet::from(Signal::USR2).block()).unwrap();
        drop(guard);
    }),
    s("MaskGuard::drop", || {
        let guard = SigSet::from(Signal::USR2).block().unwrap();
        between(|| drop(guard));
    }),
    s("SigSet::current", || {
        between(SigSet::current).unwrap();
    }),
    s("MaskGuard::blocked", || {
        let guard = SigSet::from(Signal::USR2).block().unwrap();
        between(|| *guard.blocked());
    }),
    s("MaskGuard::previous", || {
        let guard = SigSet::from(Signal::USR2).block().unwrap();
        between(|| *guard.previous());
    }),
    s("SigSet::wait", || {
        let guard = usr1_pending();
        assert_eq!(between(|| guard.blocked().wait()), Ok(Signal::USR1));
    }),
    s("SigSet::wait_timeout", || {
        let guard = usr1_pending();
        let got = between(|| guard.blocked().wait_timeout(Duration::from_secs(5)));
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    s("SigSet::pending", || {
        let guard = usr1_pending();
        assert!(between(SigSet::pending).unwrap().contains(Signal::USR1));
        guard.wait().unwrap();
    }),
    s("MaskGuard::wait", || {
        let guard = usr1_pending();
        assert_eq!(between(|| guard.wait()), Ok(Signal::USR1));
    }),
    s("MaskGuard::wait_timeout", || {
        let guard = usr1_pending();
        let got = between(|| guard.wait_timeout(Duration::from_secs(5)));
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    s("SigSet::wait_info", || {
        let guard = usr1_pending();
        assert_eq!(
            between(|| guard.blocked().wait_info()).unwrap().signal,
            Signal::USR1
        );
    }),
    s("MaskGuard::wait_info", || {
        let guard = usr1_pending();
        assert_eq!(between(|| guard.wait_info()).unwrap().signal, Signal::USR1);
    }),
    s("MaskGuard::wait_info_timeout", || {
        let guard = usr1_pending();
        let got = between(|| guard.wait_info_timeout(Duration::from_secs(5)));
        assert_eq!(got.unwrap().unwrap().signal, Signal::USR1);
    }),
    s("queue_signal", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = Pid::this();
        between(|| queue_signal(me, Signal::USR1, 7)).unwrap();
        guard.wait().unwrap();
    }),
    s("Turn::wait", || {
        let mut slots = [Slot::EMPTY; 1];
        // SAFETY: single-threaded; the job calls only async-signal-safe
        // functions (and the markers).
        let ran = unsafe {
            ordered::run(
                &mut slots,
                1,
                None,
                |_, turn| {
                    mark();
                    let r = turn.wait();
                    mark();
                    i32::from(r.is_err())
                },
                |_, _| {},
            )
        };
        ran.unwrap();
    }),
    c("Turn::wait", "interrupted", || {
        // Job 1 waits for its turn, which comes when job 0 ends: job 0
        // waits to be killed, by the handler, once a tick has cut job 1's
        // wait short.
        let mut pids = [0; 2];
        // SAFETY: a two-element array for the two ends.
        assert_eq!(unsafe { libc::pipe(pids.as_mut_ptr()) }, 0);
        let mut slots = [Slot::EMPTY; 2];
        // SAFETY: single-threaded; the jobs call only async-signal-safe
        // functions (and the markers).
        let ran = unsafe {
            ordered::run(
                &mut slots,
                2,
                None,
                move |i, turn| {
                    let mut pid = [0u8; 4];
                    if i == 0 {
                        pid = libc::getpid().to_ne_bytes();
                        libc::write(pids[1], pid.as_ptr().cast(), 4);
                        loop {
                            libc::pause();
                        }
                    }
                    assert_eq!(libc::read(pids[0], pid.as_mut_ptr().cast(), 4), 4);
                    let first = libc::pid_t::from_ne_bytes(pid);
                    i32::from(interrupted(first, Signal::KILL, || turn.wait()).is_err())
                },
                |_, _| {},
            )
        };
        ran.unwrap();
    }),
    p("ordered::run", || {
        ordered_with(Some(Duration::from_secs(60)), |_, _| 0)
    }),
    cp("ordered::run", "no timeout", || {
        ordered_with(None, |_, _| 0)
    }),
    cp("ordered::run", "zero timeout", || {
        // Every job overruns a zero limit, and is killed.
        // (It spins: a call of its own would show among the child's.)
        ordered_with(Some(Duration::ZERO), |_, _| loop {
            std::hint::spin_loop();
        })
    }),
    s("Pid::from_raw", || {
        between(|| Pid::from_raw(black_box(1)));
    }),
    s("Pid::this", || {
        between(Pid::this);
    }),
    s("Pid::parent", || {
        between(Pid::parent);
    }),
    s("become_subreaper", || {
        assert_eq!(between(procsig::become_subreaper), Ok(()));
    }),
    s("is_subreaper", || {
        assert_eq!(between(procsig::is_subreaper), Ok(false));
    }),
    p("reap_one_exited", || {
        // A live handle passed, and an exited child no handle holds: the
        // look, then the reap by pid.
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let other = unheld_exited();
        let got = between(|| reap_one_exited(&mut children)).unwrap().unwrap();
        assert_eq!((got.pid.as_raw(), got.index), (other, None));
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    p("reap_all_exited", || {
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let other = unheld_exited();
        let mut seen = Vec::new();
        let sweep = between(|| reap_all_exited(&mut children, |r| seen.push(r.pid.as_raw())));
        assert!(sweep.unwrap().children_left);
        assert_eq!(seen, [other]);
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    s("Pid::as_raw", || {
        let pid = Pid::this();
        between(|| pid.as_raw());
    }),
    s("Signal::from_raw", || {
        between(|| Signal::from_raw(black_box(40)));
    }),
    s("Signal::as_raw", || {
        between(|| Signal::TERM.as_raw());
    }),
    s("Signal::rt", || {
        between(|| Signal::rt(black_box(1)));
    }),
    s("Signal::is_realtime", || {
        between(|| black_box(Signal::TERM).is_realtime());
    }),
    s("Signal::name", || {
        between(|| black_box(Signal::TERM).name());
    }),
    s("Signal::default_action", || {
        between(|| black_box(Signal::TERM).default_action());
    }),
    s("Signal::description", || {
        between(|| black_box(Signal::TERM).description());
    }),
    s("Signal::all", || {
        between(|| Signal::all().count());
    }),
    s("SigSet::empty", || {
        between(SigSet::empty);
    }),
    s("SigSet::full", || {
        between(SigSet::full);
    }),
    s("SigSet::with", || {
        between(|| SigSet::empty().with(black_box(Signal::TERM)));
    }),
    s("SigSet::insert", || {
        let mut set = SigSet::empty();
        between(|| set.insert(black_box(Signal::TERM)));
    }),
    s("SigSet::remove", || {
        let mut set = SigSet::full();
        between(|| set.remove(black_box(Signal::TERM)));
    }),
    s("SigSet::contains", || {
        let set = SigSet::full();
        between(|| set.contains(black_box(Signal::TERM)));
    }),
    s("SigSet::is_empty", || {
        between(|| black_box(SigSet::full()).is_empty());
    }),
    s("SigSet::is_subset", || {
        between(|| SigSet::empty().is_subset(&black_box(SigSet::full())));
    }),
    s("SigSet::as_sigset_t", || {
        let set = SigSet::full();
        between(|| *set.as_sigset_t());
    }),
    s("SigSet::as_mut_sigset_t", || {
        let mut set = SigSet::full();
        between(|| *set.as_mut_sigset_t());
    }),
    s("SigSet::from_sigset_t", || {
        let raw = *SigSet::full().as_sigset_t();
        between(|| SigSet::from_sigset_t(black_box(raw)));
    }),
    s("SigSet::union", || {
        between(|| SigSet::empty().union(&black_box(SigSet::full())));
    }),
    s("SigSet::intersection", || {
        between(|| SigSet::empty().intersection(&black_box(SigSet::full())));
    }),
    s("SigSet::difference", || {
        between(|| SigSet::full().difference(&black_box(SigSet::empty())));
    }),
    s("SigSet::len", || {
        between(|| black_box(SigSet::full()).len());
    }),
    s("SigSet::clear", || {
        let mut set = SigSet::full();
        between(|| set.clear());
    }),
    s("SigSet::iter", || {
        let set = SigSet::full();
        between(|| set.iter().count());
    }),
    p("wait_any", || {
        let _guard = SigSet::from(Signal::CHLD).block().unwrap();
        // Both alive: the call waits, and its time runs out.
        let mut children = [
            Some(sleeper(ForkOptions::new())),
            Some(sleeper(ForkOptions::new())),
        ];
        let got = between(|| wait_any(&mut children, Some(Duration::from_millis(200))));
        assert_eq!(got, Ok(None));
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    // ---- the classes of arguments that change a function's calls ----
    c("SigSet::wait", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        assert_eq!(between(|| guard.blocked().wait()), Ok(Signal::USR1));
    }),
    c("SigSet::wait_timeout", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        let got = between(|| guard.blocked().wait_timeout(Duration::from_secs(5)));
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    c("SigSet::wait_info", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        let got = between(|| guard.blocked().wait_info());
        assert_eq!(got.unwrap().signal, Signal::USR1);
    }),
    c("MaskGuard::wait", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        assert_eq!(between(|| guard.wait()), Ok(Signal::USR1));
    }),
    c("MaskGuard::wait_timeout", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        let got = between(|| guard.wait_timeout(Duration::from_secs(5)));
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    c("MaskGuard::wait_info", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        assert_eq!(between(|| guard.wait_info()).unwrap().signal, Signal::USR1);
    }),
    c("MaskGuard::wait_info_timeout", "set holds SIGCHLD", || {
        let guard = usr1_pending_with_chld();
        let got = between(|| guard.wait_info_timeout(Duration::from_secs(5)));
        assert_eq!(got.unwrap().unwrap().signal, Signal::USR1);
    }),
    c("SigSet::wait_timeout", "zero timeout", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let got = between(|| guard.blocked().wait_timeout(Duration::ZERO));
        assert_eq!(got, Ok(None));
    }),
    c("MaskGuard::wait_timeout", "zero timeout", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        assert_eq!(between(|| guard.wait_timeout(Duration::ZERO)), Ok(None));
    }),
    c("MaskGuard::wait_info_timeout", "zero timeout", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let got = between(|| guard.wait_info_timeout(Duration::ZERO));
        assert!(matches!(got, Ok(None)));
    }),
    cp("Child::wait_timeout", "zero timeout", || {
        let _guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut c = sleeper(ForkOptions::new());
        assert_eq!(between(|| c.wait_timeout(Duration::ZERO)), Ok(None));
        finish(c);
    }),
    cp("wait_any", "zero timeout", || {
        let _guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        assert_eq!(
            between(|| wait_any(&mut children, Some(Duration::ZERO))),
            Ok(None)
        );
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    cp("reap_one_exited", "a handle's child", || {
        // Reaped through the handle, which stays in its slot (no `close`).
        let mut children = [Some(sleeper(ForkOptions::new())), Some(exited())];
        let got = between(|| reap_one_exited(&mut children)).unwrap().unwrap();
        assert_eq!(got.index, Some(1));
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    cp("reap_all_exited", "a handle's child", || {
        let mut children = [Some(sleeper(ForkOptions::new())), Some(exited())];
        let mut seen = Vec::new();
        let sweep = between(|| reap_all_exited(&mut children, |r| seen.push(r.index)));
        assert!(sweep.unwrap().children_left);
        assert_eq!(seen, [Some(1)]);
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    cp("wait_any", "a child has ended", || {
        // The ended child's handle is dropped inside: its pidfd is closed.
        let mut children = [Some(sleeper(ForkOptions::new())), Some(exited())];
        let got = between(|| wait_any(&mut children, Some(Duration::from_secs(60))));
        assert_eq!(got.unwrap().unwrap().index, 1);
        for c in children.iter_mut().filter_map(Option::take) {
            finish(c);
        }
    }),
    cp("wait_any", "no timeout", || {
        let _guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let pid = children[0].as_ref().unwrap().pid().as_raw();
        // Killed once the call sleeps (in `poll`, or in `sigtimedwait`
        // for SIGCHLD without pidfds).
        let helper = when_in(SLEEP_CALLS, pid, Signal::KILL);
        let got = between(|| wait_any(&mut children, None));
        reap(helper);
        assert_eq!(got.unwrap().unwrap().index, 0);
    }),
    c("SigSet::wait", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || guard.blocked().wait());
        assert_eq!(got, Ok(Signal::USR1));
    }),
    c("SigSet::wait_timeout", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || {
            guard.blocked().wait_timeout(Duration::from_secs(60))
        });
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    c("SigSet::wait_info", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || guard.blocked().wait_info());
        assert_eq!(got.unwrap().signal, Signal::USR1);
    }),
    c("MaskGuard::wait", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        assert_eq!(
            interrupted(me, Signal::USR1, || guard.wait()),
            Ok(Signal::USR1)
        );
    }),
    c("MaskGuard::wait_timeout", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || {
            guard.wait_timeout(Duration::from_secs(60))
        });
        assert_eq!(got, Ok(Some(Signal::USR1)));
    }),
    c("MaskGuard::wait_info", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || guard.wait_info());
        assert_eq!(got.unwrap().signal, Signal::USR1);
    }),
    c("MaskGuard::wait_info_timeout", "interrupted", || {
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        let me = std::process::id() as libc::pid_t;
        let got = interrupted(me, Signal::USR1, || {
            guard.wait_info_timeout(Duration::from_secs(60))
        });
        assert_eq!(got.unwrap().unwrap().signal, Signal::USR1);
    }),
    cp("Child::wait", "interrupted", || {
        let got = child_interrupted(|c| (c.wait(), None));
        assert_eq!(
            got,
            Ok(WaitStatus::Signaled {
                signal: Signal::KILL,
                core_dumped: false
            })
        );
    }),
    cp("Child::wait_stopped", "interrupted", || {
        let got = child_interrupted(|mut c| (c.wait_stopped(), Some(c)));
        assert_eq!(
            got,
            Ok(WaitStatus::Signaled {
                signal: Signal::KILL,
                core_dumped: false
            })
        );
    }),
    cp("Child::wait_changed", "interrupted", || {
        let got = child_interrupted(|mut c| (c.wait_changed(), Some(c)));
        assert_eq!(
            got,
            Ok(WaitStatus::Signaled {
                signal: Signal::KILL,
                core_dumped: false
            })
        );
    }),
    cp("Child::wait_timeout", "interrupted", || {
        let got = child_interrupted(|mut c| (c.wait_timeout(Duration::from_secs(60)), Some(c)));
        assert!(
            matches!(got, Ok(Some(WaitStatus::Signaled { .. }))),
            "{got:?}"
        );
    }),
    cp("wait_any", "interrupted", || {
        let _chld = SigSet::from(Signal::CHLD).block().unwrap();
        let mut children = [Some(sleeper(ForkOptions::new()))];
        let pid = children[0].as_ref().unwrap().pid().as_raw();
        let got = interrupted(pid, Signal::KILL, || {
            wait_any(&mut children, Some(Duration::from_secs(60)))
        });
        assert_eq!(got.unwrap().unwrap().index, 0);
    }),
    cp("ForkOptions::fork", "no options", || {
        fork_with(ForkOptions::new())
    }),
    cp("ForkOptions::fork", "own group only", || {
        fork_with(ForkOptions::new().own_group())
    }),
    cp("ForkOptions::fork", "dies with parent only", || {
        fork_with(ForkOptions::new().die_with_parent(Signal::KILL))
    }),
    s("WaitStatus::from_raw", || {
        between(|| WaitStatus::from_raw(black_box(0x0f)));
    }),
    s("WaitStatus::success", || {
        between(|| black_box(WaitStatus::Exited(0)).success());
    }),
    s("WaitStatus::code", || {
        between(|| black_box(WaitStatus::Exited(0)).code());
    }),
    s("WaitStatus::signal", || {
        between(|| black_box(WaitStatus::Exited(0)).signal());
    }),
    s("WaitStatus::core_dumped", || {
        between(|| black_box(WaitStatus::Exited(0)).core_dumped());
    }),
    s("WaitStatus::into_raw", || {
        between(|| black_box(WaitStatus::Exited(0)).into_raw());
    }),
    s("Errno::last", || {
        between(Errno::last);
    }),
    s("Errno::from_raw", || {
        between(|| Errno::from_raw(black_box(2)));
    }),
    s("Errno::raw", || {
        between(|| black_box(Errno::ENOENT).raw());
    }),
    s("Errno::name", || {
        between(|| black_box(Errno::ENOENT).name());
    }),
    s("Errno::description", || {
        between(|| black_box(Errno::ENOENT).description());
    }),
];
