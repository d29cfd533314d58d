use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};

use procsig::raw;

use crate::support::*;

pub fn low_byte() {
    for code in [0, 1, 255, 256, 257, 1000, -1, -256, i32::MAX, i32::MIN] {
        let pid = unsafe { raw::fork() }.unwrap();
        if pid == 0 {
            unsafe { raw::_exit(code) };
        }
        let status = reap(pid);
        assert!(libc::WIFEXITED(status));
        assert_eq!(libc::WEXITSTATUS(status), code & 0xff, "_exit({code})");
    }
}

static ATEXIT_FD: AtomicI32 = AtomicI32::new(-1);
extern "C" fn at_exit() {
    write_all(ATEXIT_FD.load(Ordering::SeqCst), b"atexit ran");
}

/// Runs `body` in a child whose fd 1 is a pipe; returns what came out.
fn output_of(body: fn()) -> Vec<u8> {
    let (r, w) = pipe();
    let pid = spawn(move || {
        close(r);
        unsafe { libc::dup2(w, 1) };
        ATEXIT_FD.store(w, Ordering::SeqCst);
        body();
        0
    });
    close(w);
    let out = read_to_end(r);
    close(r);
    reap_ok(pid);
    out
}

pub fn no_atexit() {
    let with_exit = output_of(|| unsafe {
        libc::atexit(at_exit);
        libc::exit(0);
    });
    assert_eq!(
        with_exit, b"atexit ran",
        "control: exit(3) runs atexit handlers"
    );
    let with_underscore = output_of(|| unsafe {
        libc::atexit(at_exit);
        raw::_exit(0);
    });
    assert_eq!(with_underscore, b"", "_exit ran an atexit handler");
}

pub fn no_flush() {
    // C stdio: a pipe makes stdout fully buffered, so nothing is written
    // until a flush.
    let c_exit = output_of(|| unsafe {
        libc::printf(c"unflushed".as_ptr());
        libc::exit(0);
    });
    assert_eq!(c_exit, b"unflushed", "control: exit(3) flushes stdio");
    let c_underscore = output_of(|| unsafe {
        libc::printf(c"unflushed".as_ptr());
        raw::_exit(0);
    });
    assert_eq!(c_underscore, b"");
    // Rust's stdout buffers up to a newline.
    let rust_exit = output_of(|| {
        print!("unflushed");
        std::process::exit(0);
    });
    assert_eq!(
        rust_exit, b"unflushed",
        "control: process::exit flushes stdout"
    );
    let rust_underscore = output_of(|| {
        print!("unflushed");
        unsafe { raw::_exit(0) };
    });
    assert_eq!(rust_underscore, b"");
    std::io::stdout().flush().unwrap();
}
