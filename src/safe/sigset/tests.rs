//! Unit tests of `SigSet`.

extern crate std;
use super::*;
use core::mem;

#[test]
fn layout_is_sigset_t() {
    assert_eq!(mem::size_of::<SigSet>(), mem::size_of::<sigset_t>());
    assert_eq!(mem::align_of::<SigSet>(), mem::align_of::<sigset_t>());
}

#[test]
fn bits_match_libc_sigaddset() {
    for sig in Signal::all() {
        let ours = SigSet::from(sig);
        let mut theirs = SigSet::empty().0;
        // SAFETY: `theirs` is a valid sigset_t; libc's own set functions
        // are the reference the bit layout must match.
        unsafe {
            assert_eq!(libc::sigemptyset(&mut theirs), 0);
            assert_eq!(libc::sigaddset(&mut theirs, sig.as_raw()), 0);
            assert_eq!(libc::sigismember(ours.as_sigset_t(), sig.as_raw()), 1);
        }
        assert_eq!(ours, SigSet::from_sigset_t(theirs), "{sig:?}");
    }
}

#[test]
fn full_matches_libc_sigfillset() {
    let mut theirs = SigSet::empty().0;
    // SAFETY: fills a valid sigset_t.
    unsafe { assert_eq!(libc::sigfillset(&mut theirs), 0) };
    let theirs = SigSet::from_sigset_t(theirs);
    // glibc's sigfillset sets all 1024 bits but 32 and 33; ours sets only
    // the target's signals. They agree on every signal.
    for sig in Signal::all() {
        assert!(
            theirs.contains(sig) && SigSet::full().contains(sig),
            "{sig:?}"
        );
    }
    let mut sorted: std::vec::Vec<Signal> = Signal::all().collect();
    sorted.sort();
    assert!(SigSet::full().iter().eq(sorted));
}

#[test]
fn insert_remove_contains() {
    let mut set = SigSet::empty();
    assert!(set.is_empty());
    assert!(set.insert(Signal::USR1));
    assert!(!set.insert(Signal::USR1));
    assert!(set.contains(Signal::USR1));
    assert!(!set.contains(Signal::USR2));
    assert!(set.remove(Signal::USR1));
    assert!(!set.remove(Signal::USR1));
    assert_eq!(set, SigSet::empty());
}
