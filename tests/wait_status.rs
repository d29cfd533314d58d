//! `WaitStatus::from_raw` is total and agrees with the kernel's encoding.
//!
//! The reference decoder below is written from the Linux kernel's encoding
//! (`exit_code << 8`, `signal | 0x80 if core`, `signal << 8 | 0x7f` for a
//! stop, `0xffff` for continued), independently of the `W*` functions
//! procsig uses, and every one of the 65 536 low-16-bit words is compared.
//! Words with high bits set are checked for every high half.
#![cfg(target_os = "linux")]

use procsig::{Signal, WaitStatus};

fn reference(raw: i32) -> WaitStatus {
    let unknown = WaitStatus::Unknown(raw);
    if raw as u32 > 0xffff {
        return unknown;
    }
    let low7 = raw & 0x7f;
    let high = (raw >> 8) & 0xff;
    if raw & 0xff == 0 {
        WaitStatus::Exited(high)
    } else if low7 == 0 {
        unknown
    } else if raw == 0xffff {
        WaitStatus::Continued
    } else if raw & 0xff == 0x7f {
        Signal::from_raw(high).map_or(unknown, WaitStatus::Stopped)
    } else if high != 0 {
        unknown
    } else {
        Signal::from_raw(low7).map_or(unknown, |signal| WaitStatus::Signaled {
            signal,
            core_dumped: raw & 0x80 != 0,
        })
    }
}

#[test]
fn every_low_16_bit_word_decodes_as_the_kernel_encodes() {
    let mut seen = [0usize; 5];
    for raw in 0..=0xffff {
        let got = WaitStatus::from_raw(raw);
        assert_eq!(got, reference(raw), "raw {raw:#06x}");
        seen[match got {
            WaitStatus::Exited(_) => 0,
            WaitStatus::Signaled { .. } => 1,
            WaitStatus::Stopped(_) => 2,
            WaitStatus::Continued => 3,
            WaitStatus::Unknown(_) => 4,
            other => panic!("a variant this test does not count: {other:?}"),
        }] += 1;
    }
    // Every variant is reached: 256 exit codes; every signal as a killer
    // (with and without the core bit) and as a stopper; one continued.
    assert_eq!(seen[0], 256);
    assert_eq!(seen[3], 1);
    let signals = Signal::all().count();
    assert_eq!(seen[1], 2 * signals);
    assert_eq!(seen[2], signals);
}

#[test]
fn words_with_high_bits_are_unknown_for_every_high_half() {
    let lows = [0, 0x7f, 0xff, 0x137f, 0xffff, 0x0009, 0x0189, 0x0100];
    for high in 1..=0xffffu32 {
        for low in lows {
            let raw = ((high << 16) | low) as i32;
            assert_eq!(
                WaitStatus::from_raw(raw),
                WaitStatus::Unknown(raw),
                "{raw:#x}"
            );
        }
    }
}

#[test]
fn round_trips_what_a_kernel_produces() {
    for code in 0..=255 {
        assert_eq!(WaitStatus::from_raw(code << 8), WaitStatus::Exited(code));
    }
    for signal in Signal::all() {
        let s = signal.as_raw();
        for core in [false, true] {
            let raw = s | if core { 0x80 } else { 0 };
            assert_eq!(
                WaitStatus::from_raw(raw),
                WaitStatus::Signaled {
                    signal,
                    core_dumped: core
                }
            );
        }
        assert_eq!(
            WaitStatus::from_raw((s << 8) | 0x7f),
            WaitStatus::Stopped(signal)
        );
    }
    // glibc's reserved signals are not `Signal`s: a child killed by one is
    // reported verbatim rather than as a wrong signal.
    assert_eq!(WaitStatus::from_raw(32), WaitStatus::Unknown(32));
}

#[test]
fn display_reads_as_a_sentence() {
    assert_eq!(WaitStatus::Exited(3).to_string(), "exited with status 3");
    let killed = WaitStatus::Signaled {
        signal: Signal::SEGV,
        core_dumped: true,
    };
    assert_eq!(killed.to_string(), "killed by SIGSEGV (core dumped)");
    assert_eq!(
        WaitStatus::Stopped(Signal::TSTP).to_string(),
        "stopped by SIGTSTP"
    );
    assert!(WaitStatus::Exited(0).success() && !WaitStatus::Exited(1).success());
}

/// `into_raw` is `from_raw`'s inverse for every word that decodes to a
/// known status.
#[test]
fn into_raw_inverts_from_raw() {
    for word in 0..=0xffff {
        let status = WaitStatus::from_raw(word);
        if !matches!(status, WaitStatus::Unknown(_)) {
            assert_eq!(status.into_raw(), word, "{status:?}");
        }
    }
}

#[cfg(feature = "std")]
#[test]
fn exit_status_round_trips() {
    let status = WaitStatus::from_raw(3 << 8);
    let std_status: std::process::ExitStatus = status.into();
    assert_eq!(std_status.code(), Some(3));
    assert_eq!(WaitStatus::from(std_status), status);
}
