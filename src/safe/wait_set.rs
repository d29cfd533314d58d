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

use super::signal::Signal;
use super::sigset::{SigSet, WORD_BITS};

/// How much of a set a wait can wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitShape {
    /// Nothing: the wait would never end.
    Nothing,
    /// All of it: the set can be handed to the kernel as it is.
    Whole,
    /// Some of it: [`SigSet::waitable`] is what to hand to the kernel.
    Part,
}

impl SigSet {
    /// The signals of this set a wait can return.
    pub(crate) fn waitable(&self) -> SigSet {
        let mut waitable = SigSet::empty();
        self.for_each_bit(|sig| {
            if let Some(sig) = sig.filter(|&s| s != Signal::KILL && s != Signal::STOP) {
                waitable.insert(sig);
            }
        });
        waitable
    }

    /// How much of this set a wait can wait for. Visits only the set bits,
    /// so it is cheap for small sets.
    pub(crate) fn wait_shape(&self) -> WaitShape {
        let (mut some, mut all) = (false, true);
        self.for_each_bit(|sig| match sig {
            Some(s) if s != Signal::KILL && s != Signal::STOP => some = true,
            _ => all = false,
        });
        match (some, all) {
            (false, _) => WaitShape::Nothing,
            (true, true) => WaitShape::Whole,
            (true, false) => WaitShape::Part,
        }
    }

    /// Calls `f` with each set bit as a signal (`None` for a bit that is no
    /// signal of this target).
    fn for_each_bit(&self, mut f: impl FnMut(Option<Signal>)) {
        for (index, &word) in self.words_ref().iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let signo = c_int::try_from(index * WORD_BITS + bit + 1);
                f(signo.ok().and_then(Signal::from_raw));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sigset::WORDS;
    use super::*;

    #[test]
    fn waitable_needs_a_real_signal_other_than_kill_and_stop() {
        assert_eq!(SigSet::empty().wait_shape(), WaitShape::Nothing);
        let kill_stop = SigSet::from([Signal::KILL, Signal::STOP]);
        assert_eq!(kill_stop.wait_shape(), WaitShape::Nothing);
        assert!(kill_stop.waitable().is_empty());
        let kill_usr1 = SigSet::from([Signal::KILL, Signal::USR1]);
        assert_eq!(kill_usr1.wait_shape(), WaitShape::Part);
        assert_eq!(kill_usr1.waitable(), SigSet::from(Signal::USR1));
        let usr = SigSet::from([Signal::USR1, Signal::USR2]);
        assert_eq!(usr.wait_shape(), WaitShape::Whole);
        assert_eq!(usr.waitable(), usr);
        #[cfg(procsig_rtsig)]
        assert_eq!(
            SigSet::from(Signal::rt(0).unwrap()).wait_shape(),
            WaitShape::Whole
        );
        // Past this target's last signal, within `sigset_t` (macOS has only 32 bits).
        for bit in [33usize, 100]
            .into_iter()
            .filter(|&b| b <= WORDS * WORD_BITS)
        {
            let mut set = SigSet::empty();
            let (index, shift) = ((bit - 1) / WORD_BITS, (bit - 1) % WORD_BITS);
            set.words_mut()[index] |= 1 << shift;
            assert_eq!(
                set.wait_shape(),
                WaitShape::Nothing,
                "bit {bit} is no signal here"
            );
            set.insert(Signal::HUP);
            assert_eq!(
                set.wait_shape(),
                WaitShape::Part,
                "bit {bit} is no signal here"
            );
            assert_eq!(set.waitable(), SigSet::from(Signal::HUP));
        }
    }

    #[test]
    fn full_set_waits_for_all_but_kill_and_stop() {
        let full = SigSet::full();
        assert_eq!(full.wait_shape(), WaitShape::Part);
        let waitable = full.waitable();
        assert!(!waitable.contains(Signal::KILL) && !waitable.contains(Signal::STOP));
        assert_eq!(waitable.len() + 2, full.len());
        assert_eq!(waitable.wait_shape(), WaitShape::Whole);
    }
}
