//! Parsing a [`Signal`] from its name (`"SIGCONT"`, `"cont"`,
//! `"SIGRTMIN+3"`) or number, as `kill -s` takes it.

use core::ffi::c_int;
use core::fmt;
use core::str::FromStr;

use crate::safe::signal::rt::rt_range;
use crate::safe::signal::table::{NAMES, SIGNALS};
use crate::safe::signal::Signal;
use crate::safe::signal::ALIASES;

/// The error of parsing a [`Signal`] from a string that names no signal of
/// this target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseSignalError;

impl fmt::Display for ParseSignalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "not a signal of this platform (expected a name such as SIGCONT, CONT, cont, \
             SIGRTMIN+1, or a signal number)",
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseSignalError {}

impl FromStr for Signal {
    type Err = ParseSignalError;

    /// Parses `"SIGCONT"`, `"CONT"` or `"cont"` (any case, `SIG` optional),
    /// the aliases `IOT`, `CLD` and `POLL` where the target has them,
    /// `"SIGRTMIN"`, `"SIGRTMIN+n"`, `"SIGRTMAX"`, `"SIGRTMAX-n"`, or a
    /// decimal number as `kill -s` accepts it.
    fn from_str(s: &str) -> Result<Signal, ParseSignalError> {
        if let Ok(n) = s.parse::<c_int>() {
            return Signal::from_raw(n).ok_or(ParseSignalError);
        }
        let bare = strip_prefix_ignore_case(s, "SIG").unwrap_or(s);
        let standard = SIGNALS
            .iter()
            .enumerate()
            .find(|&(i, _)| {
                NAMES
                    .get(i)
                    .and_then(|name| name.get(3..))
                    .is_some_and(|n| n.eq_ignore_ascii_case(bare))
            })
            .map(|(_, &signal)| Signal(signal));
        let alias = || {
            ALIASES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(bare))
                .map(|&(_, sig)| Signal(sig))
        };
        standard
            .or_else(alias)
            .or_else(|| parse_realtime(bare))
            .ok_or(ParseSignalError)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// `RTMIN`, `RTMIN+n`, `RTMAX`, `RTMAX-n` (the `SIG` already stripped).
fn parse_realtime(bare: &str) -> Option<Signal> {
    let (min, max) = rt_range();
    let sig = if let Some(rest) = strip_prefix_ignore_case(bare, "RTMIN") {
        match rest.strip_prefix('+') {
            Some(n) if !n.starts_with(['+', '-']) => min.checked_add(n.parse().ok()?)?,
            _ if rest.is_empty() => min,
            _ => return None,
        }
    } else if let Some(rest) = strip_prefix_ignore_case(bare, "RTMAX") {
        match rest.strip_prefix('-') {
            Some(n) if !n.starts_with(['+', '-']) => max.checked_sub(n.parse().ok()?)?,
            _ if rest.is_empty() => max,
            _ => return None,
        }
    } else {
        return None;
    };
    Some(Signal(sig)).filter(|s| s.is_realtime())
}
