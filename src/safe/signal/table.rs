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

use crate::packed::{bounds, join, text_len, utf8, Strings};
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
