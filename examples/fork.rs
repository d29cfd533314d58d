//! `cargo run --example fork` — one process calls `fork`, two return.
//!
//! The blog post's first program:
//!
//! ```python
//! if os.fork() == 0:
//!     print('running the child process')
//! else:
//!     print('running the parent process')
//! print('finished a process')
//! ```
//!
//! It prints `running the parent process`, `running the child process`, and
//! `finished a process` once from each process. The two processes run at
//! the same time, so the parent's and the child's lines may interleave.
//! Unlike the post's program, the parent waits for its child: a child that
//! nobody waits for stays a zombie until the parent exits.
//!
//! # Exit status
//! 0 when both processes printed their lines; 1 otherwise, with the reason
//! on standard error. A line that cannot be written (`fork | head -1`,
//! `fork >/dev/full`) is such a failure, in either process: the child
//! reports its own and exits 1, which the parent then reports too. The
//! parent still waits for its child first. A standard descriptor that is
//! closed at start (`fork >&-`) is reopened on `/dev/null` by Rust's
//! runtime before `main`, as in any Rust program, so what is written to it
//! is discarded and is no write error; `timeout` is the example that keeps
//! them closed.
//!
//! # The child must not unwind
//! The child is a copy of the parent, stack included. A panic in it would
//! unwind through `main` and run the parent's clean-up (and, in a program
//! with threads, could deadlock). So the child writes with `writeln!`,
//! which returns errors rather than panicking as `println!` does, and its
//! whole body runs under `catch_unwind` and ends in `exit`, whatever
//! happens.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use procsig::{exit, fork, reset_disposition, Fork, Signal};

/// The child's status if its body panicked after all.
const CHILD_PANICKED: i32 = 101;

fn main() {
    if let Err(message) = run() {
        // If standard error fails too, there is no one left to tell.
        let _ = writeln!(std::io::stderr(), "fork: {message}");
        std::process::exit(1);
    }
}

/// Prints `lines` on standard output, each flushed before the next.
fn say(lines: &[&str]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn run() -> Result<(), String> {
    // A launcher may have left SIGCHLD ignored, which makes the kernel reap
    // the child itself and `wait` fail with ECHILD. Put the default back.
    reset_disposition(Signal::CHLD).map_err(|e| format!("resetting SIGCHLD: {e}"))?;
    // Anything still in stdout's buffer would be printed by both processes.
    std::io::stdout()
        .flush()
        .map_err(|e| format!("write error: {e}"))?;

    // SAFETY: this program has one thread, so the child may call anything;
    // it ends with `exit`, never by returning or unwinding into `main`.
    match unsafe { fork() }.map_err(|e| format!("fork: {e}"))? {
        Fork::Child => {
            let status = catch_unwind(AssertUnwindSafe(|| {
                match say(&["running the child process", "finished a process"]) {
                    Ok(()) => 0,
                    Err(e) => {
                        let _ = writeln!(std::io::stderr(), "fork: child: write error: {e}");
                        1
                    }
                }
            }));
            // `_exit`: the child must not run the parent's clean-up (and
            // `say` flushed what it printed).
            exit(status.unwrap_or(CHILD_PANICKED));
        }
        Fork::Parent(child) => {
            let printed = say(&["running the parent process", "finished a process"]);
            // Waited for whatever happened above: no child is left behind.
            let status = child.wait().map_err(|e| format!("waiting: {e}"))?;
            printed.map_err(|e| format!("write error: {e}"))?;
            if !status.success() {
                return Err(format!("child {status}"));
            }
        }
    }
    Ok(())
}
