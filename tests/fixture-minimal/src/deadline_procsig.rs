//! The blog post's third program on procsig, as a user would write it:
//! block `SIGCHLD` and `SIGALRM` through a guard before the fork, set an
//! alarm, wait through the guard, kill the child if the alarm came first,
//! and reap it with `Child::wait`. No std, no allocation, no panics.
//! `deadline-procsig TIMEOUT_S WORK_MS`.
#![no_std]
#![no_main]

mod common;
mod procsig_side;

use procsig_side::{say, sleep_ms};

use core::ffi::{c_char, c_int};

use procsig::{alarm, exit, fork, reset_disposition, Fork, SigSet, Signal};

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((timeout_s, work_ms)) = common::parse_deadline(argc, argv) else {
        say(b"usage: deadline-procsig TIMEOUT_S WORK_MS\n");
        return 2;
    };
    if reset_disposition(Signal::CHLD).is_err() {
        return 2;
    }
    let Ok(guard) = SigSet::from([Signal::CHLD, Signal::ALRM]).block() else {
        return 1;
    };
    // SAFETY: single-threaded; the child ends with `exit`.
    let child = match unsafe { fork() } {
        Ok(Fork::Child) => {
            sleep_ms(work_ms);
            exit(0)
        }
        Ok(Fork::Parent(child)) => child,
        Err(_) => return 1,
    };
    alarm(timeout_s);
    match guard.wait() {
        Ok(Signal::CHLD) => say(b"child process finished\n"),
        Ok(_) => {
            say(b"too late; killing child process\n");
            if child.signal(Signal::KILL).is_err() {
                exit(1);
            }
        }
        Err(_) => exit(1),
    }
    // Exit with the signals still blocked: a late SIGALRM must not end us.
    exit(if child.wait().is_ok() { 0 } else { 1 })
}
