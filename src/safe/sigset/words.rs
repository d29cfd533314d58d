//! How a [`SigSet`] is laid out: `sigset_t` is an array of words, bit
//! `signo - 1` of them for each signal, low word first; the only unsafe code
//! of `SigSet` is here, reading and writing the set as those words.

use core::mem;

use libc::sigset_t;

use crate::safe::signal::Signal;
use crate::safe::sigset::SigSet;

/// The word type of `sigset_t`'s bit array on this target (`build.rs`).
#[cfg(procsig_sigset_word = "c_ulong")]
pub(crate) type Word = core::ffi::c_ulong;
/// The word type of `sigset_t`'s bit array on this target (`build.rs`).
#[cfg(procsig_sigset_word = "u32")]
pub(crate) type Word = u32;

pub(crate) const WORD_BITS: usize = mem::size_of::<Word>() * 8;
pub(crate) const WORDS: usize = mem::size_of::<sigset_t>() / mem::size_of::<Word>();

/// The signal numbers a kernel mask has (1 to this).
#[cfg(all(procsig_family = "linux", not(procsig_rtmax_127)))]
const KERNEL_SIGNALS: usize = 64;
/// The signal numbers a kernel mask has (1 to this): Linux on MIPS, and the
/// BSDs at most (macOS's `sigset_t` has 32 bits, which caps it below).
#[cfg(any(procsig_family = "bsd", procsig_rtmax_127))]
const KERNEL_SIGNALS: usize = 128;

/// The signal numbers (1 to this) that both the kernel's mask and
/// `sigset_t` have: no bit past it is a signal of this target.
pub(crate) const SIGNALS: usize = if WORDS * WORD_BITS < KERNEL_SIGNALS {
    WORDS * WORD_BITS
} else {
    KERNEL_SIGNALS
};

/// The words of `sigset_t` that hold bits 1 to [`SIGNALS`] (one of glibc's
/// sixteen on x86_64).
pub(crate) const SIGNAL_WORDS: usize = SIGNALS.div_ceil(WORD_BITS);

// `sigset_t` is exactly an array of `WORDS` words, at least as aligned as
// one word: what `words_ref` and `words_mut` rely on.
const _: () = assert!(mem::size_of::<sigset_t>() == WORDS * mem::size_of::<Word>());
const _: () = assert!(mem::align_of::<sigset_t>() >= mem::align_of::<Word>());

impl SigSet {
    #[inline]
    pub(super) const fn words(&self) -> [Word; WORDS] {
        // SAFETY: `sigset_t` is, on every target `build.rs` accepts, an
        // array of `WORDS` integers of type `Word` (transmute checks the
        // sizes at compile time), and every bit pattern is a valid integer.
        unsafe { mem::transmute::<sigset_t, [Word; WORDS]>(self.0) }
    }

    #[inline]
    pub(crate) fn words_ref(&self) -> &[Word; WORDS] {
        // SAFETY: same size, alignment at least a word's (the assertions
        // above), every bit pattern valid; the borrow keeps `self` alive.
        unsafe { &*(self as *const SigSet).cast::<[Word; WORDS]>() }
    }

    #[inline]
    pub(crate) fn words_mut(&mut self) -> &mut [Word; WORDS] {
        // SAFETY: as in `words_ref`, and the unique borrow of `self` makes
        // this the only access.
        unsafe { &mut *(self as *mut SigSet).cast::<[Word; WORDS]>() }
    }

    #[inline]
    pub(super) const fn from_words(words: [Word; WORDS]) -> SigSet {
        // SAFETY: as in `words`: same size, and every bit pattern is a valid
        // `sigset_t`.
        SigSet(unsafe { mem::transmute::<[Word; WORDS], sigset_t>(words) })
    }
}

/// Word index and bit mask of `sig`: bit `sig - 1`, low word first.
#[inline]
pub(super) const fn position(sig: Signal) -> (usize, Word) {
    // A `Signal` is at least 1, so the subtraction cannot underflow.
    let bit = (sig.as_raw() - 1) as usize;
    (bit / WORD_BITS, 1 << (bit % WORD_BITS))
}
