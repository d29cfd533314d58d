//! `ordered` on `procsig::ordered::run`, as an embedder writes it: K jobs
//! work in parallel, at most `SLOTS` at a time, and print in job order.
//! Each job works `(K - i) * MS` milliseconds, waits for its turn, prints
//! `child i done`. No std, no allocation, no panics. `run-procsig [K]
//! [--work-ms MS]`; exit status 0 when every job printed, in order.
#![no_std]
#![no_main]

mod common;
mod procsig_side;

use procsig_side::{say, sleep_ms};

use core::ffi::{c_char, c_int};

use procsig::ordered::{self, Outcome, Slot};
use procsig::{reset_disposition, Signal, WaitStatus};

/// At most this many jobs alive at once (the slots live on the stack).
const SLOTS: usize = 64;

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((k, work_ms)) = common::parse_args(argc, argv) else {
        say(b"usage: run-procsig [K] [--work-ms MS]\n");
        return 2;
    };
    // A launcher may have left SIGCHLD ignored: the kernel would reap the
    // jobs, and their statuses would be lost.
    if reset_disposition(Signal::CHLD).is_err() {
        return 2;
    }
    const FREE: Slot = Slot::EMPTY;
    let mut slots = [FREE; SLOTS];
    let p = (k as usize).min(SLOTS);
    let mut failed = false;
    // SAFETY: single-threaded; each job ends by returning.
    let result = unsafe {
        ordered::run(
            &mut slots[..p],
            k as usize,
            None,
            |i, turn| {
                sleep_ms((k - i as u32) * work_ms);
                if turn.wait().is_err() {
                    return 3;
                }
                let mut buf = [0u8; 32];
                say(common::done_line(i as u32, &mut buf));
                0
            },
            |_, outcome| failed |= outcome != Outcome::Ended(WaitStatus::Exited(0)),
        )
    };
    if result.is_err() || failed {
        return 1;
    }
    0
}
