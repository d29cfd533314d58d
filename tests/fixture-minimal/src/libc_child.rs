//! What the two direct-libc binaries share: the child's side (work, stop
//! itself, print when released), the program's output, and the panic
//! handler, all by hand against `libc`.

use crate::common;

/// Works `work_ms`, stops itself to say "done", and prints its line once
/// continued.
#[allow(dead_code)] // run_libc_pidfd.rs has a protocol of its own
pub fn child(i: u32, work_ms: u32) -> ! {
    // SAFETY: plain libc calls; `_exit` ends the child.
    unsafe {
        let ts = libc::timespec {
            tv_sec: (work_ms / 1000) as _,
            tv_nsec: ((work_ms % 1000) * 1_000_000) as _,
        };
        libc::nanosleep(&ts, core::ptr::null_mut());
        if libc::kill(libc::getpid(), libc::SIGSTOP) != 0 {
            libc::_exit(3);
        }
        let mut buf = [0u8; 32];
        say(common::done_line(i, &mut buf));
        libc::_exit(0)
    }
}

pub fn say(bytes: &[u8]) {
    // SAFETY: a valid buffer of that length.
    unsafe { libc::write(1, bytes.as_ptr().cast(), bytes.len()) };
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: `_exit` ends the process.
    unsafe { libc::_exit(101) }
}
