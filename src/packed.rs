//! Tables of strings packed at compile time: the strings of a list joined
//! in one `str`, with the `u16` offsets where each starts and ends, so a
//! binary holds no pointer per string. A table of `&str` costs a pointer
//! and a length per string and, in a position-independent binary, a
//! 24-byte relocation per pointer: the signal and error tables cost the
//! static init in tests/fixture-minimal 16 KB that way
//! (docs/minimal-binaries.md). Used by the signal table and `Errno`'s
//! names; the lists themselves are read only by constants, never at run
//! time, so they are not in the binary.

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
