//! Issue 21, second review, finding 1: where the kernel discards a blocked
//! signal at `SIG_IGN` (macOS, FreeBSD; the macOS-like build switch
//! takes the same path on Linux), the signal waits refuse a set that holds
//! one (`EINVAL`) instead of sleeping forever; and one whose default is
//! to be ignored, put back at `SIG_DFL` while blocked. Linux keeps such a
//! signal pending and refuses nothing (`tests/conformance/discard.rs`).

use procsig::{disposition, kill, reset_disposition, Disposition, Errno, Pid, SigSet, Signal};

/// The std runtime puts `SIGPIPE` at `SIG_IGN` before `main` (set here
/// again: the scenario runner resets dispositions): blocking it then leaves it at `SIG_IGN` (no handler
/// replaces it: an exec'd child would inherit `SIG_DFL` instead), and
/// every signal wait over it refuses. `reset_disposition` first, as the
/// docs say, and the wait takes it.
pub fn ignored_signal_refused_by_the_signal_waits() {
    // As std's runtime leaves it (the scenario runner resets dispositions).
    procsig::ignore(Signal::PIPE).unwrap();
    let set = SigSet::from([Signal::PIPE, Signal::USR1]);
    let guard = set.block().unwrap();
    assert_eq!(disposition(Signal::PIPE), Ok(Disposition::Ignore));
    assert_eq!(set.wait(), Err(Errno::EINVAL));
    assert_eq!(guard.wait(), Err(Errno::EINVAL));
    #[cfg(procsig_timed_wait)]
    {
        use std::time::Duration;
        assert_eq!(set.wait_timeout(Duration::ZERO), Err(Errno::EINVAL));
        assert_eq!(guard.wait_timeout(Duration::ZERO), Err(Errno::EINVAL));
    }
    drop(guard);
    // The way out the docs give.
    reset_disposition(Signal::PIPE).unwrap();
    let guard = set.block().unwrap();
    kill(Pid::this(), Signal::PIPE).unwrap();
    assert_eq!(guard.wait(), Ok(Signal::PIPE));
    // Ignored while a guard holds it (`procsig::ignore`): refused again.
    procsig::ignore(Signal::PIPE).unwrap();
    assert_eq!(guard.wait(), Err(Errno::EINVAL));
    assert_eq!(set.wait(), Err(Errno::EINVAL));
    reset_disposition(Signal::PIPE).unwrap();
    drop(guard);
}

/// A signal whose default is to be ignored, put back at `SIG_DFL` while a
/// guard holds it, is refused by the signal waits too (the event wait
/// already refused it); `SIGCHLD` ignored keeps its `ECHILD`. `SIGCONT`:
/// macOS (and the switch) keep it pending at `SIG_DFL`, so it is waited
/// for; FreeBSD drops it at the take, so it is refused.
pub fn default_ignored_at_sig_dfl_refused_by_the_signal_waits() {
    let guard = SigSet::from(Signal::WINCH).block().unwrap();
    assert_eq!(disposition(Signal::WINCH), Ok(Disposition::Handler));
    reset_disposition(Signal::WINCH).unwrap();
    assert_eq!(guard.wait(), Err(Errno::EINVAL));
    drop(guard);

    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    procsig::ignore(Signal::CHLD).unwrap();
    assert_eq!(guard.wait(), Err(Errno::ECHILD));
    reset_disposition(Signal::CHLD).unwrap();
    drop(guard);

    let cont = SigSet::from(Signal::CONT);
    let guard = cont.block().unwrap();
    reset_disposition(Signal::CONT).unwrap();
    if cfg!(target_os = "freebsd") {
        assert_eq!(guard.wait(), Err(Errno::EINVAL));
    } else {
        kill(Pid::this(), Signal::CONT).unwrap();
        assert_eq!(guard.wait(), Ok(Signal::CONT));
    }
    drop(guard);
}
