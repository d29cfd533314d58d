//! `ordered` on procsig: K children work in parallel, each stops itself when
//! done, and the parent releases them in order. See examples/ordered.rs for
//! the commented version; this one has no std, no allocation, no panics.
#![no_std]
#![no_main]

mod common;
mod procsig_side;

use procsig_side::{say, sleep_ms};

use core::ffi::{c_char, c_int};

use procsig::{exit, fork, kill, reset_disposition, Child, Fork, Pid, Signal, WaitStatus};

const MAX_CHILDREN: usize = 4096;

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((k, work_ms)) = common::parse_args(argc, argv) else {
        say(b"usage: ordered-procsig [K] [--work-ms MS]\n");
        return 2;
    };
    if k as usize > MAX_CHILDREN || reset_disposition(Signal::CHLD).is_err() {
        return 2;
    }
    // No allocator: the handles live in a fixed array.
    // A named constant, not `[const { None }; N]`: inline `const` blocks
    // need Rust 1.79, and the crate's rust-version is 1.77.
    const NO_CHILD: Option<Child> = None;
    let mut children: [Option<Child>; MAX_CHILDREN] = [NO_CHILD; MAX_CHILDREN];
    for i in 0..k {
        // SAFETY: single-threaded; the child ends with `exit`.
        match unsafe { fork() } {
            Ok(Fork::Child) => child(i, (k - i) * work_ms),
            Ok(Fork::Parent(c)) => children[i as usize] = Some(c),
            Err(_) => return 1,
        }
    }
    let children = &mut children[..k as usize];
    for slot in children.iter_mut() {
        let Some(c) = slot else { return 1 };
        if !matches!(c.wait_stopped(), Ok(WaitStatus::Stopped(_))) {
            return 1;
        }
    }
    for slot in children.iter_mut() {
        let Some(c) = slot.take() else { return 1 };
        if c.signal(Signal::CONT).is_err() || !matches!(c.wait(), Ok(WaitStatus::Exited(0))) {
            return 1;
        }
    }
    0
}

fn child(i: u32, work_ms: u32) -> ! {
    sleep_ms(work_ms);
    if kill(Pid::this(), Signal::STOP).is_err() {
        exit(3);
    }
    let mut buf = [0u8; 32];
    say(common::done_line(i, &mut buf));
    exit(0)
}
