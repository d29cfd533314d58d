//! Which signals each thread's live [`MaskGuard`]s hold, so that dropping
//! a guard unblocks a signal only once no other live guard of the thread
//! holds it, whatever order the guards are dropped in.
//!
//! # Design
//! The mask is per thread, and a guard is `!Send`, so the holds are kept
//! per thread. The crate is `#![no_std]` on stable Rust, which offers no
//! thread-local storage, so they live in a fixed table of [`THREADS`]
//! entries. A thread claims an entry (marking it with its `pthread_self()`
//! id, which costs no system call) when it makes its first live guard and
//! gives it back when its last one drops. Per signal, the entry counts the
//! guards that hold it and remembers whether the guards blocked it (it was
//! not blocked when the first of them was made); the last guard to let go
//! of a signal the guards blocked unblocks it. A signal that other code had
//! blocked first is never unblocked by a guard.
//!
//! Only the owning thread updates an entry it owns; other threads only try
//! to claim free entries (a compare-and-swap of the owner from free to
//! their id), so the table needs no lock. A bitmap of the claimed entries
//! lets a thread find its entry, or learn it has none, without reading all
//! 64 owners: a thread's own bit is set only between its claim and its
//! release, so it reads its own writes.
//!
//! # Signal handlers
//! A handler may make and drop guards on the thread it interrupts, in the
//! middle of another guard's `block` or drop. That stays correct because a
//! handler leaves every word of the entry as it found it: it drops the
//! guards it made before it returns (a guard that outlived its handler
//! would hold nothing anyway: the kernel restores the interrupted mask when
//! a handler returns). So the owner may update its counts with a plain
//! load and store, no locked instruction: a handler that runs between the
//! two has put the word back by the time the store lands, and one that
//! runs before the store sees the update not yet made. What matters is the
//! order in which *different* words change (kept with compiler fences, as
//! only this thread's handlers look), and each state a handler can find
//! half made is named where it arises below. Only the owners and the
//! bitmap, which other threads change too, take locked instructions.
//!
//! [`MaskGuard`]: crate::MaskGuard

use core::sync::atomic::{
    compiler_fence, AtomicU32, AtomicUsize,
    Ordering::{Acquire, Relaxed, Release, SeqCst},
};

use crate::safe::sigset::{SigSet, SIGNALS, SIGNAL_WORDS, WORD_BITS};
use crate::{raw, Errno};

/// How many threads may hold live guards at once; [`SigSet::block`] in one
/// more fails with `EAGAIN`.
pub(crate) const THREADS: usize = 64;

/// In a signal's word: one live guard's share of the count (the count is
/// the word shifted right by one).
const ONE: u32 = 2;
/// In a signal's word: the guards blocked this signal, so the last of them
/// to let go unblocks it.
const BLOCKED_BY_GUARDS: u32 = 1;
/// At most this many live guards per thread, so that no count overflows.
/// Only `mem::forget` in a loop could reach it.
const MAX_GUARDS: u32 = u32::MAX / 4;

/// The owner of an entry no thread holds. No supported C library gives a
/// thread the id 0 (it is the address of the thread's descriptor).
const FREE: usize = 0;

/// Each entry's owner: a thread's `pthread_self()`, or [`FREE`]. Apart from
/// the counts, so that a thread's search for its entry reads 64 adjacent
/// words, not 64 entries of 64 counts.
static OWNERS: [AtomicUsize; THREADS] = [FREE_OWNER; THREADS];

/// Bit i (of word i / usize::BITS) is set while entry i is claimed: from
/// just after its owner has counted its first guard to just before the
/// owner gives it back.
static CLAIMED: [AtomicUsize; MAP_WORDS] = [NONE_CLAIMED; MAP_WORDS];
const MAP_BITS: usize = usize::BITS as usize;
const MAP_WORDS: usize = THREADS.div_ceil(MAP_BITS);

/// The counts of each entry, owned by [`OWNERS`] at the same index.
struct Entry {
    /// The owner's live guards (and `block`s under way).
    guards: AtomicU32,
    /// Signal n's word at index n - 1: [`ONE`] per live guard that holds
    /// it, plus [`BLOCKED_BY_GUARDS`].
    signals: [AtomicU32; SIGNALS],
}

/// Zero-initialised, so it costs no bytes in the binary, and a page of
/// memory only once a thread uses an entry on it.
static TABLE: [Entry; THREADS] = [FREE_ENTRY; THREADS];

// Interior-mutable constants, used only to initialise the statics above:
// each use is a fresh value (array repetition with `const { }` needs Rust
// 1.79, after the crate's minimum).
#[allow(clippy::declare_interior_mutable_const)]
const FREE_OWNER: AtomicUsize = AtomicUsize::new(FREE);
#[allow(clippy::declare_interior_mutable_const)]
const NONE_CLAIMED: AtomicUsize = AtomicUsize::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU32 = AtomicU32::new(0);
#[allow(clippy::declare_interior_mutable_const)]
const FREE_ENTRY: Entry = Entry {
    guards: AtomicU32::new(0),
    signals: [ZERO; SIGNALS],
};

/// One live guard's place in its thread's entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hold {
    index: usize,
    /// Whether this guard gives the entry back if it is the thread's last.
    /// False only for a guard made by a handler that interrupted its
    /// thread's release of the entry: the interrupted code finishes that
    /// itself.
    gives_back: bool,
}

impl Hold {
    /// One more guard for the calling thread: joins its entry, or claims a
    /// free one. `EAGAIN` if [`THREADS`] other threads hold every entry, or
    /// this one already holds [`MAX_GUARDS`] guards.
    #[inline]
    pub(crate) fn enter() -> Result<Hold, Errno> {
        // SAFETY: no precondition.
        let me = unsafe { raw::pthread_self() } as usize;
        if me == FREE {
            return Err(Errno::EAGAIN);
        }
        if let Some(index) = find(me) {
            let Some(entry) = TABLE.get(index) else {
                return Err(Errno::EAGAIN);
            };
            let before = entry.guards.load(Relaxed);
            if before >= MAX_GUARDS {
                return Err(Errno::EAGAIN);
            }
            entry.guards.store(before + 1, Relaxed);
            // Ours and marked claimed, with no guard in it: we are a
            // handler that interrupted this thread between uncounting its
            // last guard and unmarking the entry. The interrupted code gives
            // it back.
            return Ok(Hold {
                index,
                gives_back: before != 0,
            });
        }
        // A handler that interrupts the claim below before the entry is
        // marked finds no entry of ours, and claims another: its guards are
        // counted apart, which is as right (each guard's first holder asks
        // the kernel's mask what was blocked before).
        for (index, (owner, entry)) in OWNERS.iter().zip(TABLE.iter()).enumerate() {
            // Acquire: the counts the last owner zeroed, before its release
            // of the entry, are zero here.
            if owner.compare_exchange(FREE, me, Acquire, Relaxed).is_ok() {
                entry.guards.store(1, Relaxed);
                compiler_fence(SeqCst);
                if let Some(word) = CLAIMED.get(index / MAP_BITS) {
                    word.fetch_or(1 << (index % MAP_BITS), Relaxed);
                }
                return Ok(Hold {
                    index,
                    gives_back: true,
                });
            }
        }
        Err(Errno::EAGAIN)
    }

    /// Counts `set` as held by this guard, once `sigprocmask(SIG_BLOCK,
    /// set)` has returned `previous`: a signal that was not blocked before
    /// is marked as blocked by the guards.
    #[inline]
    pub(crate) fn add(self, set: &SigSet, previous: &SigSet) {
        let Some(entry) = TABLE.get(self.index) else {
            return;
        };
        for_each_signal(set, |bit| {
            if let Some(word) = entry.signals.get(bit) {
                let mark = if has_bit(previous, bit) {
                    0
                } else {
                    BLOCKED_BY_GUARDS
                };
                // Count and mark in one store. A handler before it finds the
                // signal blocked (by our `sigprocmask`) and not held: to it,
                // blocked by other code, so it never unblocks it.
                word.store((word.load(Relaxed) + ONE) | mark, Relaxed);
            }
        });
    }

    /// Lets go of `set` and of the entry (given back after the thread's
    /// last guard); returns the signals to unblock: those of `set` that no
    /// live guard of the thread holds any more and that the guards blocked.
    #[inline]
    pub(crate) fn release(self, set: &SigSet) -> SigSet {
        let mut unblock = SigSet::empty();
        let Some(entry) = TABLE.get(self.index) else {
            return unblock;
        };
        for_each_signal(set, |bit| {
            if let Some(word) = entry.signals.get(bit) {
                // The last holder takes the count to zero and clears the
                // mark in one store: a handler never finds a signal marked
                // with no holder, which it would unblock as if it were the
                // last. A handler after it finds the signal still blocked
                // (our `sigprocmask` comes later) and not held: to it,
                // blocked by other code.
                let old = word.load(Relaxed);
                word.store(if old < 2 * ONE { 0 } else { old - ONE }, Relaxed);
                if old < 2 * ONE && old & BLOCKED_BY_GUARDS != 0 {
                    set_bit(&mut unblock, bit);
                }
            }
        });
        compiler_fence(SeqCst);
        let guards = entry.guards.load(Relaxed);
        entry.guards.store(guards.saturating_sub(1), Relaxed);
        if guards == 1 && self.gives_back {
            // Every count is zero: no guard of this thread is left. Unmark,
            // then free: a handler in between finds no entry of ours and
            // claims another (see `enter`).
            compiler_fence(SeqCst);
            if let Some(word) = CLAIMED.get(self.index / MAP_BITS) {
                word.fetch_and(!(1 << (self.index % MAP_BITS)), Relaxed);
            }
            // Release: the zeroed counts reach the next owner first.
            if let Some(owner) = OWNERS.get(self.index) {
                owner.store(FREE, Release);
            }
        }
        unblock
    }

    /// Undoes [`enter`](Hold::enter) when the block failed.
    #[inline]
    pub(crate) fn abandon(self) {
        self.release(&SigSet::empty());
    }
}

/// The calling thread's entry, if it has claimed one: the claimed entries
/// whose owner is `me`.
#[inline]
fn find(me: usize) -> Option<usize> {
    for (word_index, word) in CLAIMED.iter().enumerate() {
        // Our own bit, set and cleared only by this thread (and its
        // handlers, which put it back), reads as we last wrote it; other
        // threads' bits may be stale, and their owners are not `me`.
        let mut rest = word.load(Relaxed);
        while rest != 0 {
            let index = word_index * MAP_BITS + rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if OWNERS.get(index).is_some_and(|o| o.load(Relaxed) == me) {
                return Some(index);
            }
        }
    }
    None
}

/// Calls `f` with the bit index (signal number - 1) of each tracked signal
/// in `set`.
#[inline]
fn for_each_signal(set: &SigSet, mut f: impl FnMut(usize)) {
    for (index, &word) in set.words_ref().iter().take(SIGNAL_WORDS).enumerate() {
        let mut rest = word;
        while rest != 0 {
            let bit = index * WORD_BITS + rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if bit < SIGNALS {
                f(bit);
            }
        }
    }
}

#[inline]
fn has_bit(set: &SigSet, bit: usize) -> bool {
    let word = set.words_ref().get(bit / WORD_BITS);
    word.is_some_and(|w| w & (1 << (bit % WORD_BITS)) != 0)
}

#[inline]
fn set_bit(set: &mut SigSet, bit: usize) {
    if let Some(word) = set.words_mut().get_mut(bit / WORD_BITS) {
        *word |= 1 << (bit % WORD_BITS);
    }
}
