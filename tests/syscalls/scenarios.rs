//! One scenario per facade function: set up, `mark()`, the call, `mark()`,
//! clean up. A child that a scenario forks calls `child_mark()` first thing,
//! so that what the fork did in the child ends at its own marker.

use std::hint::black_box;
use std::time::Duration;

use procsig::ordered::{self, Slot};
use procsig::{
    alarm, cancel_alarm, disposition, exit, fork, ignore, kill, kill_group, probe, queue_signal,
    raise, reset_disposition, wait_any, Child, Errno, Fork, ForkOptions, Pid, SigSet, Signal,
    WaitStatus,
};

/// A function's scenario; `pidfds`: its system calls depend on whether the
/// kernel gives pidfds, so it also runs with them refused.
pub struct Scenario {
    pub name: &'static str,
    pub pidfds: bool,
    pub run: fn(),
}

const fn s(name: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        pidfds: false,
        run,
    }
}

const fn p(name: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
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

fn finish(child: Child) {
    let _ = child.signal(Signal::KILL);
    let _ = child.wait();
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

pub const SCENARIOS: &[Scenario] = &[
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
        let options = ForkOptions::new().own_group().die_with_parent(Signal::KILL);
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
    p("ordered::run", || {
        let mut slots = [Slot::EMPTY; 2];
        mark();
        // SAFETY: as above; the job does nothing.
        let ran = unsafe { ordered::run(&mut slots, 2, None, |_, _| 0, |_, _| {}) };
        mark();
        ran.unwrap();
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
