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

use std::io::Write;

use procsig::{exit, fork, reset_disposition, Fork, Signal};

fn main() {
    if let Err(message) = run() {
        eprintln!("fork: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    // A launcher may have left SIGCHLD ignored, which makes the kernel reap
    // the child itself and `wait` fail with ECHILD. Put the default back.
    reset_disposition(Signal::CHLD).map_err(|e| format!("resetting SIGCHLD: {e}"))?;
    // Anything still in stdout's buffer would be printed by both processes.
    std::io::stdout().flush().map_err(|e| e.to_string())?;

    // SAFETY: this program has one thread, so the child may call anything;
    // it ends with `exit`, never by returning into `main`'s clean-up.
    match unsafe { fork() }.map_err(|e| format!("fork: {e}"))? {
        Fork::Child => {
            println!("running the child process");
            println!("finished a process");
            // `_exit`: the child must not run the parent's clean-up (and
            // Rust's stdout flushes on each newline, so nothing is lost).
            exit(0);
        }
        Fork::Parent(child) => {
            println!("running the parent process");
            println!("finished a process");
            let status = child.wait().map_err(|e| format!("waiting: {e}"))?;
            if !status.success() {
                return Err(format!("child {status}"));
            }
        }
    }
    Ok(())
}
