//! What a wait on a [`SigSet`] waits for: its signals of this target other
//! than `SIGKILL` and `SIGSTOP`. The rest of a set is ignored by every wait
//! (issue 16, item 9): `SIGKILL` and `SIGSTOP` can be neither blocked nor
//! waited for (Linux drops them from a wait set, POSIX lets a system refuse
//! them), and a bit that is no signal of this target (glibc's reserved 32
//! and 33, musl's 32 to 34, one past `SIGRTMAX`) belongs to the C library
//! or to nobody: a wait must never take the C library's own signals.
//! [`SigSet::full()`] holds `SIGKILL` and `SIGSTOP`, so without this a
//! wait on it was refused.

use core::ffi::c_int;

use crate::safe::signal::Signal;
use crate::safe::sigset::{SigSet, SIGNAL_WORDS, WORD_BITS};

impl SigSet {
    /// The signals of this set a wait can return. Visits only the set
    /// bits of the words that can hold a signal, so it is cheap for small
    /// sets.
    pub(crate) fn waitable(&self) -> SigSet {
        let mut waitable = SigSet::empty();
        for (index, &word) in self.words_ref().iter().take(SIGNAL_WORDS).enumerate() {
            let mut rest = word;
            while rest != 0 {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let signo = c_int::try_from(index * WORD_BITS + bit + 1);
                if let Some(sig) = signo.ok().and_then(Signal::from_raw) {
                    if sig != Signal::KILL && sig != Signal::STOP {
                        waitable.insert(sig);
                    }
                }
            }
        }
        waitable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safe::sigset::WORDS;

    #[test]
    fn waitable_needs_a_real_signal_other_than_kill_and_stop() {
        assert!(SigSet::empty().waitable().is_empty());
        let kill_stop = SigSet::from([Signal::KILL, Signal::STOP]);
        assert!(kill_stop.waitable().is_empty());
        let kill_usr1 = SigSet::from([Signal::KILL, Signal::USR1]);
        assert_eq!(kill_usr1.waitable(), SigSet::from(Signal::USR1));
        let usr = SigSet::from([Signal::USR1, Signal::USR2]);
        assert_eq!(usr.waitable(), usr);
        #[cfg(procsig_rtsig)]
        {
            let rt = SigSet::from(Signal::rt(0).unwrap());
            assert_eq!(rt.waitable(), rt);
        }
        // Past this target's last signal, within `sigset_t` (macOS has only 32 bits).
        for bit in [33usize, 100]
            .into_iter()
            .filter(|&b| b <= WORDS * WORD_BITS)
        {
            let mut set = SigSet::empty();
            let (index, shift) = ((bit - 1) / WORD_BITS, (bit - 1) % WORD_BITS);
            set.words_mut()[index] |= 1 << shift;
            assert!(set.waitable().is_empty(), "bit {bit} is no signal here");
            set.insert(Signal::HUP);
            assert_eq!(set.waitable(), SigSet::from(Signal::HUP), "bit {bit}");
        }
    }

    #[test]
    fn full_set_waits_for_all_but_kill_and_stop() {
        let full = SigSet::full();
        let waitable = full.waitable();
        assert!(!waitable.contains(Signal::KILL) && !waitable.contains(Signal::STOP));
        assert_eq!(waitable.len() + 2, full.len());
        assert_eq!(waitable.waitable(), waitable);
    }
}
