//! Real-time signals: the run-time range `SIGRTMIN..=SIGRTMAX` and their
//! names.

use core::ffi::c_int;

use crate::packed::{bounds, join, text_len, utf8, Strings};

#[cfg(procsig_rtsig)]
#[inline]
pub(crate) fn rt_range() -> (c_int, c_int) {
    // SAFETY: reads a value the C library fixed at start-up.
    #[allow(unsafe_code)]
    let min = unsafe { crate::raw::sigrtmin() };
    (min, SIGRTMAX)
}

/// `SIGRTMAX` is the kernel's `_NSIG - 1`, fixed per architecture (the C
/// library's `SIGRTMAX()` returns the same constant), so it needs no call.
/// `SIGRTMIN` does: each C library reserves a different number of signals.
#[cfg(all(procsig_rtsig, not(procsig_rtmax_127)))]
const SIGRTMAX: c_int = 64;

/// `SIGRTMAX` on MIPS, whose kernel has 128 signals.
#[cfg(all(procsig_rtsig, procsig_rtmax_127))]
const SIGRTMAX: c_int = 127;

/// An empty range: no real-time signals on this target.
#[cfg(not(procsig_rtsig))]
pub(crate) fn rt_range() -> (c_int, c_int) {
    (1, 0)
}

/// Names for `SIGRTMIN+n`. Linux has at most 33 (`SIGRTMIN` can be as low
/// as the kernel's 32 and `SIGRTMAX` is 64), so the list is complete there.
const RT_NAMES: [&str; 33] = [
    "SIGRTMIN",
    "SIGRTMIN+1",
    "SIGRTMIN+2",
    "SIGRTMIN+3",
    "SIGRTMIN+4",
    "SIGRTMIN+5",
    "SIGRTMIN+6",
    "SIGRTMIN+7",
    "SIGRTMIN+8",
    "SIGRTMIN+9",
    "SIGRTMIN+10",
    "SIGRTMIN+11",
    "SIGRTMIN+12",
    "SIGRTMIN+13",
    "SIGRTMIN+14",
    "SIGRTMIN+15",
    "SIGRTMIN+16",
    "SIGRTMIN+17",
    "SIGRTMIN+18",
    "SIGRTMIN+19",
    "SIGRTMIN+20",
    "SIGRTMIN+21",
    "SIGRTMIN+22",
    "SIGRTMIN+23",
    "SIGRTMIN+24",
    "SIGRTMIN+25",
    "SIGRTMIN+26",
    "SIGRTMIN+27",
    "SIGRTMIN+28",
    "SIGRTMIN+29",
    "SIGRTMIN+30",
    "SIGRTMIN+31",
    "SIGRTMIN+32",
];

/// `RT_NAMES` packed as `table`'s columns are (one string, no pointer per
/// name).
const RT_LEN: usize = text_len(&RT_NAMES);
const RT_TEXT: [u8; RT_LEN] = join(&RT_NAMES);
static RT: Strings = Strings::new(utf8(&RT_TEXT), &bounds::<34>(&RT_NAMES));

pub(crate) fn rt_name(sig: c_int) -> &'static str {
    let (min, _) = rt_range();
    usize::try_from(sig - min)
        .ok()
        .and_then(|n| RT.get(n))
        .unwrap_or("SIGRT?")
}

#[cfg(test)]
mod tests {
    #[cfg(procsig_rtsig)]
    #[test]
    fn rtmax_constant_is_the_c_librarys() {
        use super::SIGRTMAX;
        assert_eq!(SIGRTMAX, libc::SIGRTMAX());
        // SAFETY: no precondition.
        #[allow(unsafe_code)]
        let max = unsafe { crate::raw::sigrtmax() };
        assert_eq!(SIGRTMAX, max);
    }
}
