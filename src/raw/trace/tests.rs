//! Unit tests of the trace formatting.

use super::*;

fn shown(args: fmt::Arguments<'_>) -> ([u8; LINE], usize) {
    let mut line = Line {
        buf: [0; LINE],
        len: 0,
    };
    let _ = line.write_fmt(args);
    (line.buf, line.len)
}

#[test]
fn lines_read_like_strace() {
    let ok: Result<(), Errno> = Ok(());
    let (buf, n) = shown(format_args!(
        "kill({}, {}) {}",
        4242,
        Sig(libc::SIGCONT),
        Ret(&zero(&ok))
    ));
    assert_eq!(&buf[..n], b"kill(4242, SIGCONT) = 0");
    let waited: Result<c_int, Errno> = Ok(4242);
    let (buf, n) = shown(format_args!(
        "waitpid({}, {}) {} {}",
        4242,
        Flags(libc::WUNTRACED, WAITPID_FLAGS),
        Ret(&waited),
        Status(0x137f)
    ));
    assert_eq!(
        &buf[..n],
        b"waitpid(4242, WUNTRACED) = 4242 Stopped(SIGSTOP)"
    );
    let failed: Result<c_int, Errno> = Err(Errno::ESRCH);
    let (buf, n) = shown(format_args!("{}", Ret(&failed)));
    assert_eq!(&buf[..n], b"= -1 ESRCH (no such process)");
    let set = SigSet::from([Signal::USR1, Signal::CHLD]);
    let (buf, n) = shown(format_args!(
        "{} {}",
        Set(set.as_sigset_t()),
        How(libc::SIG_BLOCK)
    ));
    assert_eq!(&buf[..n], b"{SIGUSR1|SIGCHLD} SIG_BLOCK");
    let (buf, n) = shown(format_args!("{}", Flags(0, WAITPID_FLAGS)));
    assert_eq!(&buf[..n], b"0");
}

#[test]
fn a_long_line_is_cut_not_overrun() {
    let long = [b'x'; 2 * LINE];
    let text = core::str::from_utf8(&long).unwrap();
    let (_, n) = shown(format_args!("{text}"));
    assert_eq!(n, LINE - 1);
}
