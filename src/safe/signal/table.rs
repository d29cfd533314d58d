//! This platform's `man 7 signal` table: each standard signal's name,
//! default action and a one-line description.
//!
//! The numbers come from the `libc` crate's constants for the target, never
//! from this file, so the table is right for the target it is built for.
//! The blog post this crate grew from printed BSD's table; on Linux
//! `SIGCONT` is 18 (not 19), `SIGUSR1` is 10 (not 30), and there is no
//! `SIGEMT` or `SIGINFO`.

use core::ffi::c_int;

use crate::safe::signal::default_action::DefaultAction;

/// One row of the table.
pub(crate) struct Entry {
    /// The signal number, from the `libc` crate's constant.
    pub(crate) signal: c_int,
    pub(crate) name: &'static str,
    pub(crate) action: DefaultAction,
    pub(crate) description: &'static str,
}

pub(crate) const fn row(
    signal: c_int,
    name: &'static str,
    action: DefaultAction,
    description: &'static str,
) -> Entry {
    Entry {
        signal,
        name,
        action,
        description,
    }
}

// The table as the running code reads it, packed at compile time: the
// numbers and default actions in arrays, the names and descriptions each
// in one string with the offsets where each ends. A table of `&str` costs
// a pointer and a length per string and, in a position-independent binary,
// a 24-byte relocation per pointer (4.3 KB of the static init in
// tests/fixture-minimal with the real-time names; docs/minimal-binaries.md).
// `TABLE` itself is read only here and by other constants, never at run
// time, so it is not in the binary.

/// Strings packed one after the other in `text`, string `i` from
/// `bounds[i]` to `bounds[i + 1]`.
pub(crate) struct Strings {
    text: &'static str,
    bounds: &'static [u16],
}

impl Strings {
    /// `text` cut at `bounds` (from [`join`] and [`bounds`] of one list).
    pub(crate) const fn new(text: &'static str, bounds: &'static [u16]) -> Strings {
        Strings { text, bounds }
    }

    /// String `i`, or `None` past the end.
    pub(crate) fn get(&self, i: usize) -> Option<&'static str> {
        let start = *self.bounds.get(i)?;
        let end = *self.bounds.get(i.checked_add(1)?)?;
        self.text.get(usize::from(start)..usize::from(end))
    }
}

/// The length of `list`'s strings together.
pub(crate) const fn text_len(list: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < list.len() {
        // Evaluated at compile time: an index out of bounds fails the build.
        #[allow(clippy::indexing_slicing)]
        let s = list[i];
        len += s.len();
        i += 1;
    }
    len
}

/// `list`'s strings joined (`LEN` is [`text_len`]).
// Compile time only: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
pub(crate) const fn join<const LEN: usize>(list: &[&str]) -> [u8; LEN] {
    let mut text = [0u8; LEN];
    let mut at = 0;
    let mut i = 0;
    while i < list.len() {
        let s = list[i].as_bytes();
        let mut j = 0;
        while j < s.len() {
            text[at] = s[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at == LEN);
    text
}

/// Where each of `list`'s strings starts in [`join`]'s text, then where
/// the last ends (`N` is one more than `list`'s length).
// Compile time only: an index out of bounds, or a text longer than a
// `u16` counts, fails the build.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
pub(crate) const fn bounds<const N: usize>(list: &[&str]) -> [u16; N] {
    assert!(N == list.len() + 1);
    let mut bounds = [0u16; N];
    let mut at = 0;
    let mut i = 0;
    while i < list.len() {
        bounds[i] = at as u16;
        at += list[i].len();
        i += 1;
    }
    assert!(at <= u16::MAX as usize);
    bounds[i] = at as u16;
    bounds
}

/// The text of a [`join`]: valid UTF-8, since whole `str`s were joined
/// (the empty fallback is never taken; the tests of every name would
/// fail if it were).
pub(crate) const fn utf8(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => "",
    }
}

use crate::safe::signal::TABLE;

/// The number of standard signals in the table.
pub(crate) const COUNT: usize = TABLE.len();

/// One column of `TABLE`, compile time only.
macro_rules! column {
    ($field:ident, $ty:ty, $empty:expr) => {{
        let mut column: [$ty; COUNT] = [$empty; COUNT];
        let mut i = 0;
        while i < COUNT {
            // Compile time only: an index out of bounds fails the build.
            #[allow(clippy::indexing_slicing)]
            {
                column[i] = TABLE[i].$field;
            }
            i += 1;
        }
        column
    }};
}

const NAME_LIST: [&str; COUNT] = column!(name, &str, "");
const DESCRIPTION_LIST: [&str; COUNT] = column!(description, &str, "");
const NAME_LEN: usize = text_len(&NAME_LIST);
const DESCRIPTION_LEN: usize = text_len(&DESCRIPTION_LIST);
const NAME_TEXT: [u8; NAME_LEN] = join(&NAME_LIST);
const DESCRIPTION_TEXT: [u8; DESCRIPTION_LEN] = join(&DESCRIPTION_LIST);

/// Each standard signal's number, in table order.
pub(crate) static SIGNALS: [c_int; COUNT] = column!(signal, c_int, 0);
/// Each standard signal's default action, in table order.
pub(crate) static ACTIONS: [DefaultAction; COUNT] =
    column!(action, DefaultAction, DefaultAction::Terminate);
/// Each standard signal's name, in table order.
pub(crate) static NAMES: Strings =
    Strings::new(utf8(&NAME_TEXT), &bounds::<{ COUNT + 1 }>(&NAME_LIST));
/// Each standard signal's description, in table order.
pub(crate) static DESCRIPTIONS: Strings = Strings::new(
    utf8(&DESCRIPTION_TEXT),
    &bounds::<{ COUNT + 1 }>(&DESCRIPTION_LIST),
);
