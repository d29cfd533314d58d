//! Unit tests of `Signal`: names, numbers, parsing, the table.

extern crate std;
use super::*;
use crate::ParseSignalError;
use std::string::ToString;

#[test]
fn every_table_row_round_trips_through_number_and_name() {
    for sig in Signal::all() {
        assert_eq!(Signal::from_raw(sig.as_raw()), Some(sig));
        assert_eq!(sig.name().parse::<Signal>(), Ok(sig), "{}", sig.name());
        assert_eq!(sig.to_string(), sig.name());
        let bare = sig.name().trim_start_matches("SIG").to_ascii_lowercase();
        assert_eq!(bare.parse::<Signal>(), Ok(sig), "{bare}");
    }
}

#[test]
fn numbers_are_distinct() {
    let mut seen = std::vec::Vec::new();
    for sig in Signal::all() {
        assert!(!seen.contains(&sig.as_raw()), "{sig:?} repeated");
        seen.push(sig.as_raw());
    }
    assert_eq!(seen.len(), Signal::all().len());
}

#[test]
fn invalid_numbers_and_names_are_refused() {
    for n in [0, -1, 65, 2000, c_int::MAX, c_int::MIN] {
        assert_eq!(Signal::from_raw(n), None, "{n}");
    }
    for s in [
        "",
        "SIG",
        "SIGFOO",
        "CONTX",
        "SIGRTMIN+",
        "RTMIN+-1",
        "RTMAX-+1",
        "0",
    ] {
        assert_eq!(s.parse::<Signal>(), Err(ParseSignalError), "{s:?}");
    }
}

#[test]
fn names_parse_in_any_case_with_or_without_sig() {
    for s in ["SIGCONT", "CONT", "cont", "sigCont"] {
        assert_eq!(s.parse::<Signal>(), Ok(Signal::CONT));
    }
    assert_eq!("IOT".parse::<Signal>(), Ok(Signal::ABRT));
    assert_eq!("9".parse::<Signal>(), Ok(Signal::KILL));
}

#[cfg(target_os = "linux")]
#[test]
fn linux_numbers_are_not_the_blog_posts_bsd_numbers() {
    assert_eq!(Signal::CONT.as_raw(), 18);
    assert_eq!(Signal::USR1.as_raw(), 10);
    assert_eq!(Signal::CHLD.as_raw(), 17);
    assert_eq!(Signal::CONT.default_action(), DefaultAction::Continue);
    assert_eq!(Signal::QUIT.default_action(), DefaultAction::Core);
    assert_eq!(Signal::all().filter(|s| !s.is_realtime()).count(), 31);
    // glibc keeps 32 and 33 for itself: they are not application signals.
    assert_eq!(Signal::from_raw(32), None);
    assert_eq!(Signal::from_raw(33), None);
}

#[cfg(procsig_rtsig)]
#[test]
fn realtime_names_and_bounds() {
    let max = Signal::all().last().unwrap();
    assert_eq!("SIGRTMAX".parse::<Signal>(), Ok(max));
    assert_eq!(
        "rtmax-1".parse::<Signal>().unwrap().as_raw(),
        max.as_raw() - 1
    );
    assert_eq!("SIGRTMIN+2".parse::<Signal>(), Ok(Signal::rt(2).unwrap()));
    assert_eq!(Signal::rt(2).unwrap().description(), "real-time signal");
    assert!(Signal::rt(0).unwrap().is_realtime());
    assert!(!Signal::USR1.is_realtime());
    let count = u32::try_from(Signal::all().filter(|s| s.is_realtime()).count()).unwrap();
    assert_eq!(Signal::rt(count), None);
    assert_eq!(Signal::rt(count - 1), Some(max));
}

/// The packed columns give back every row of the table as written:
/// number, name, default action and description, in order.
#[test]
fn the_packed_table_gives_every_row_as_written() {
    use crate::safe::signal::table::{ACTIONS, DESCRIPTIONS, NAMES, SIGNALS};
    assert_eq!(SIGNALS.len(), TABLE.len());
    for (i, row) in TABLE.iter().enumerate() {
        assert_eq!(SIGNALS[i], row.signal, "{}", row.name);
        assert_eq!(NAMES.get(i), Some(row.name));
        assert_eq!(DESCRIPTIONS.get(i), Some(row.description), "{}", row.name);
        assert_eq!(ACTIONS[i], row.action, "{}", row.name);
        let sig = Signal::from_raw(row.signal).unwrap();
        assert_eq!(sig.name(), row.name);
        assert_eq!(sig.description(), row.description);
        assert_eq!(sig.default_action(), row.action);
    }
    assert_eq!(NAMES.get(TABLE.len()), None);
    assert_eq!(DESCRIPTIONS.get(usize::MAX), None);
}
