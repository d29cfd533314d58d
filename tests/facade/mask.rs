use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use procsig::{kill, Errno, Pid, SigSet, Signal};

use crate::support::*;

fn current() -> SigSet {
    SigSet::current().unwrap()
}

pub fn block_restores() {
    block(&[libc::SIGHUP]);
    let before = current();
    let guard = SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap();
    assert_eq!(
        current(),
        SigSet::from([Signal::HUP, Signal::USR1, Signal::USR2])
    );
    assert_eq!(*guard.previous(), before);
    drop(guard);
    assert_eq!(current(), before);
    assert_eq!(members(&mask()), vec![libc::SIGHUP]);
}

pub fn nest() {
    let outer = SigSet::from(Signal::USR1).block().unwrap();
    let inner = SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap();
    assert_eq!(current(), SigSet::from([Signal::USR1, Signal::USR2]));
    drop(inner);
    assert_eq!(current(), SigSet::from(Signal::USR1));
    drop(outer);
    assert_eq!(current(), SigSet::empty());
}

pub fn unwinding() {
    let before = current();
    let result = std::panic::catch_unwind(|| {
        let _guard = SigSet::from(Signal::TERM).block().unwrap();
        assert!(current().contains(Signal::TERM));
        panic!("unwinding through a MaskGuard (expected by this test)");
    });
    assert!(result.is_err());
    assert_eq!(current(), before);
}

#[cfg(procsig_timed_wait)]
pub fn refuses_unblocked() {
    let usr1 = SigSet::from(Signal::USR1);
    assert_eq!(usr1.wait(), Err(Errno::EINVAL));
    assert_eq!(
        usr1.wait_timeout(Duration::from_secs(60)),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        SigSet::empty().wait(),
        Err(Errno::EINVAL),
        "an empty set would wait forever"
    );
    let _guard = usr1.block().unwrap();
    let both = SigSet::from([Signal::USR1, Signal::USR2]);
    assert_eq!(both.wait(), Err(Errno::EINVAL), "USR2 is not blocked");
    // KILL cannot be blocked; a guard over only KILL has nothing to wait for.
    let kill_only = SigSet::from([Signal::KILL, Signal::STOP]).block().unwrap();
    assert_eq!(kill_only.wait(), Err(Errno::EINVAL));
    assert_eq!(kill_only.wait_timeout(Duration::ZERO), Err(Errno::EINVAL));
    let empty = SigSet::empty().block().unwrap();
    assert_eq!(empty.wait(), Err(Errno::EINVAL));
    assert_eq!(SigSet::from(Signal::KILL).wait(), Err(Errno::EINVAL));
}

#[cfg(procsig_timed_wait)]
pub fn accepts_pending() {
    let set = SigSet::from([Signal::USR1, Signal::TERM]);
    let guard = set.block().unwrap();
    kill(Pid::this(), Signal::TERM).unwrap();
    assert_eq!(set.wait(), Ok(Signal::TERM));
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(guard.wait(), Ok(Signal::USR1));
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(Some(Signal::USR1)));
    assert!(!is_member(&pending(), libc::SIGUSR1));
}

#[cfg(procsig_timed_wait)]
pub fn times_out() {
    let set = SigSet::from(Signal::USR1);
    let guard = set.block().unwrap();
    let start = Instant::now();
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(None));
    assert!(start.elapsed() < Duration::from_millis(50));
    for ms in [1, 30] {
        let start = Instant::now();
        assert_eq!(set.wait_timeout(Duration::from_millis(ms)), Ok(None));
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(ms),
            "woke early: {took:?} < {ms} ms"
        );
        assert!(
            took < Duration::from_millis(ms + 2000),
            "woke far too late: {took:?}"
        );
    }
}

static INTERRUPTS: AtomicUsize = AtomicUsize::new(0);
extern "C" fn count(_: libc::c_int) {
    INTERRUPTS.fetch_add(1, Ordering::SeqCst);
}

/// A handler without SA_RESTART for USR2, and a helper that sends USR2 to
/// this process as fast as it can once it is asleep in `syscall`.
fn flood_usr2_during(syscall: libc::c_long) -> libc::pid_t {
    set_disposition(libc::SIGUSR2, count as *const () as libc::sighandler_t);
    let me = unsafe { libc::getpid() };
    spawn(move || {
        await_in_syscall(me, &[syscall]);
        loop {
            if unsafe { libc::kill(me, libc::SIGUSR2) } != 0 {
                return 0;
            }
            unsafe { libc::sched_yield() };
        }
    })
}

fn stop(helper: libc::pid_t) {
    unsafe { libc::kill(helper, libc::SIGKILL) };
    reap(helper);
}

/// Without recomputing the time left after each EINTR, the flood would
/// restart the timeout forever and the watchdog would fail the test.
///
/// musl's `sigtimedwait` retries EINTR itself, with the original relative
/// timeout, so there the flood stretches the wait and procsig never sees
/// the EINTR (documented on `SigSet::wait_timeout`).
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn timeout_eintr_flood() {
    if cfg!(target_env = "musl") {
        skip("musl retries EINTR inside sigtimedwait");
    }
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let helper = flood_usr2_during(libc::SYS_rt_sigtimedwait);
    let start = Instant::now();
    let got = guard.wait_timeout(Duration::from_millis(300));
    let took = start.elapsed();
    stop(helper);
    assert_eq!(got, Ok(None));
    assert!(INTERRUPTS.load(Ordering::SeqCst) > 0, "no EINTR happened");
    assert!(took >= Duration::from_millis(300), "cut short: {took:?}");
    assert!(took < Duration::from_secs(10), "stretched: {took:?}");
}

#[cfg(target_os = "linux")]
pub fn wait_eintr_flood() {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let me = unsafe { libc::getpid() };
    set_disposition(libc::SIGUSR2, count as *const () as libc::sighandler_t);
    let helper = spawn(move || {
        await_in_syscall(me, &[libc::SYS_rt_sigtimedwait]);
        for _ in 0..200 {
            unsafe { libc::kill(me, libc::SIGUSR2) };
            unsafe { libc::sched_yield() };
        }
        unsafe { libc::kill(me, libc::SIGUSR1) };
        0
    });
    assert_eq!(guard.wait(), Ok(Signal::USR1));
    reap_ok(helper);
    assert!(INTERRUPTS.load(Ordering::SeqCst) > 0, "no handler ran");
}

/// A blocked default-ignored signal stays pending for the guard's wait on
/// every target: Linux keeps it; on BSD and macOS, and under the macOS-like
/// build (which runs that path here), `block` installs a no-op handler for
/// it while the guard lives, and its drop puts `SIG_DFL` back. No timed
/// wait: `pending` shows it is there, so `wait` returns at once.
pub fn default_ignored() {
    for sig in [Signal::CHLD, Signal::CONT, Signal::URG, Signal::WINCH] {
        assert_eq!(procsig::disposition(sig), Ok(procsig::Disposition::Default));
        let guard = SigSet::from(sig).block().unwrap();
        let during = procsig::disposition(sig).unwrap();
        if cfg!(procsig_discards_ignored) {
            assert_eq!(
                during,
                procsig::Disposition::Handler,
                "{sig}: no-op handler"
            );
        } else {
            assert_eq!(during, procsig::Disposition::Default, "{sig}: untouched");
        }
        kill(Pid::this(), sig).unwrap();
        assert!(
            SigSet::pending().unwrap().contains(sig),
            "{sig} was discarded"
        );
        assert_eq!(guard.wait(), Ok(sig), "{sig}");
        drop(guard);
        assert_eq!(
            procsig::disposition(sig),
            Ok(procsig::Disposition::Default),
            "{sig}: the guard's drop restores SIG_DFL"
        );
    }
}

/// Two guards on one default-ignored signal, the older dropped first: the
/// younger still holds the signal, so on BSD its no-op handler must stay
/// (`SIG_DFL` on a blocked default-ignored signal discards it, pending or to
/// come) until the younger's drop puts `SIG_DFL` back; the pending signal
/// is still there for the younger guard's wait.
pub fn default_ignored_older_guard_dropped_first() {
    let older = SigSet::from(Signal::WINCH).block().unwrap();
    let younger = SigSet::from(Signal::WINCH).block().unwrap();
    kill(Pid::this(), Signal::WINCH).unwrap();
    drop(older);
    assert!(
        SigSet::pending().unwrap().contains(Signal::WINCH),
        "the older guard's drop discarded a signal the younger still holds"
    );
    assert_eq!(younger.wait(), Ok(Signal::WINCH));
    drop(younger);
    assert_eq!(
        procsig::disposition(Signal::WINCH),
        Ok(procsig::Disposition::Default),
        "the last holder's drop restores SIG_DFL"
    );
}

extern "C" fn programs_handler(_: libc::c_int) {}

/// A handler the program installs while a guard holds a default-ignored
/// signal is the program's: the guard's drop leaves it alone (on BSD the
/// guard only takes back the no-op handler it put there).
pub fn drop_leaves_a_programs_handler_alone() {
    let guard = SigSet::from(Signal::WINCH).block().unwrap();
    set_disposition(
        libc::SIGWINCH,
        programs_handler as *const () as libc::sighandler_t,
    );
    drop(guard);
    assert_eq!(
        procsig::disposition(Signal::WINCH),
        Ok(procsig::Disposition::Handler),
        "the guard's drop replaced the program's handler"
    );
    set_disposition(libc::SIGWINCH, libc::SIG_DFL);
}

/// Guards dropped in the order they were made (not the reverse): each
/// unblocks only what it blocked, and nothing stays blocked for good.
pub fn guards_dropped_out_of_order() {
    let before = current();
    let first = SigSet::from(Signal::USR1).block().unwrap();
    let second = SigSet::from(Signal::USR2).block().unwrap();
    drop(first);
    assert_eq!(current(), SigSet::from(Signal::USR2), "USR2 is second's");
    drop(second);
    assert_eq!(current(), before, "a signal was left blocked");
}

/// The thread's mask as the kernel has it (glibc's sigprocmask hides 32
/// and 33), as a 64-bit word.
#[cfg(target_os = "linux")]
fn kernel_mask() -> u64 {
    let mut old = 0u64;
    let r = unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_BLOCK,
            std::ptr::null::<u64>(),
            &mut old as *mut u64,
            8,
        )
    };
    assert_eq!(r, 0);
    old
}

/// Signal 33 blocked by the kernel's own call (as a launcher or a runtime
/// may leave it): a guard's drop must not unblock it, as glibc's
/// `SIG_SETMASK` of a saved mask would.
#[cfg(target_os = "linux")]
pub fn drop_keeps_reserved_signals_blocked() {
    let bit33 = 1u64 << 32;
    let set = bit33;
    let r = unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_BLOCK,
            &set as *const u64,
            std::ptr::null_mut::<u64>(),
            8,
        )
    };
    assert_eq!(r, 0);
    assert_ne!(kernel_mask() & bit33, 0);
    drop(SigSet::from(Signal::USR1).block().unwrap());
    assert_ne!(kernel_mask() & bit33, 0, "dropping the guard unblocked 33");
    assert_eq!(kernel_mask() & (1 << (libc::SIGUSR1 - 1)), 0);
}
