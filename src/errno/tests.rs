//! Unit tests of `Errno`'s names, texts and conversions.

/// The BSD table's numbers are the target's: checked against the
/// `libc` crate's constants (compiled and run on those targets).
#[cfg(procsig_family = "bsd")]
#[test]
fn bsd_numbers_match_libc() {
    for (errno, name) in [
        (libc::EPERM, "EPERM"),
        (libc::EAGAIN, "EAGAIN"),
        (libc::ENOTSUP, "ENOTSUP"),
        (libc::ETIMEDOUT, "ETIMEDOUT"),
        (libc::ENOSYS, "ENOSYS"),
        (libc::EOVERFLOW, "EOVERFLOW"),
        (libc::ECANCELED, "ECANCELED"),
        (libc::EILSEQ, "EILSEQ"),
        (libc::EOWNERDEAD, "EOWNERDEAD"),
    ] {
        assert_eq!(Errno::from_raw(errno).name(), Some(name));
    }
}

extern crate std;
use super::*;
use std::string::ToString;

#[test]
fn display_names_known_and_numbers_unknown() {
    assert_eq!(Errno::ECHILD.to_string(), "ECHILD: no child processes");
    assert_eq!(Errno::from_raw(99_999).to_string(), "errno 99999");
    assert_eq!(std::format!("{:?}", Errno::EINTR), "Errno::EINTR");
    assert_eq!(std::format!("{:?}", Errno::from_raw(-7)), "Errno(-7)");
}

#[cfg(procsig_family = "linux")]
#[test]
fn every_linux_errno_has_its_name() {
    assert_eq!(Errno::from_raw(libc::EHWPOISON).name(), Some("EHWPOISON"));
    assert_eq!(
        Errno::from_raw(libc::ENOTCONN).to_string(),
        "ENOTCONN: transport endpoint is not connected"
    );
    // 1..=133 on x86 and ARM: every number the kernel defines has a name.
    if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
        let named = (1..=133).filter(|&n| Errno::from_raw(n).name().is_some());
        assert_eq!(named.count(), 131);
    }
}

#[cfg(feature = "std")]
#[test]
fn converts_to_io_error_with_the_same_number() {
    let io: std::io::Error = Errno::ESRCH.into();
    assert_eq!(io.raw_os_error(), Some(libc::ESRCH));
}

/// The packed table gives back every entry's own name and meaning, the
/// first entry winning where two share a number, and nothing for a number
/// with no entry: what a search of `KNOWN` then `KNOWN_MORE` gives.
#[test]
fn the_packed_table_gives_every_entry_as_written() {
    let all: std::vec::Vec<_> = KNOWN.iter().chain(KNOWN_MORE).collect();
    assert_eq!(NUMBERS.len(), all.len());
    for &&(errno, name, meaning) in &all {
        let first = all.iter().find(|(e, _, _)| *e == errno).unwrap();
        assert_eq!(errno.name(), Some(first.1), "{name}");
        assert_eq!(errno.description(), Some(first.2), "{name}");
        if first.1 == name {
            assert_eq!(std::format!("{errno}"), std::format!("{name}: {meaning}"));
        }
    }
    assert_eq!(Errno::from_raw(0).name(), None);
    assert_eq!(Errno::from_raw(-1).description(), None);
    // The numbers are kept as `u16`: one 65,536 above a known one is not it.
    assert_eq!(Errno::from_raw(libc::ENOENT + 65_536).name(), None);
    assert_eq!(Errno::from_raw(libc::ENOENT - 65_536).description(), None);
}
