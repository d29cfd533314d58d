//! `timeout-cli`: `examples/timeout` against the system's coreutils
//! `timeout`, run as processes in the same run, alternating. Two figures,
//! as ratios of medians (example / coreutils):
//! - overshoot of `timeout 0.05 sleep 10`: wall time from spawn to reaped
//!   status, minus the 50 ms asked for — start-up, fork and exec of the
//!   command, timer precision, the kill and the wait;
//! - cost of `timeout 10 true`: wall time of a command that ends at once.
//!
//! The benchmark builds the example with optimisations itself (`cargo
//! build --release --example timeout`: `cargo bench` builds no examples),
//! so it never measures a stale binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{report_pair, Config};

pub fn timeout_cli(cfg: &Config) {
    let gnu = Path::new("/usr/bin/timeout");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--example", "timeout"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .is_ok_and(|s| s.success());
    let ours = example();
    if !gnu.exists() || !built || !ours.exists() {
        println!(
            "timeout-cli: skipped (needs /usr/bin/timeout and {})\n",
            ours.display()
        );
        return;
    }
    let rounds = cfg.rounds * 4;
    let asked = Duration::from_millis(50);
    let overshoot = |bin: &Path| {
        let took = run(bin, &["0.05", "sleep", "10"], 124);
        (took.saturating_sub(asked)).as_secs_f64() * 1e3
    };
    report_pair(
        "timeout-cli: overshoot of `timeout 0.05 sleep 10`",
        "ms past the 50 ms",
        rounds,
        ("coreutils timeout", &mut || overshoot(gnu)),
        ("examples/timeout", &mut || overshoot(&ours)),
    );
    let batch = 20 / cfg.scale.max(1) + 1;
    let cost = |bin: &Path| {
        let start = Instant::now();
        for _ in 0..batch {
            run(bin, &["10", "true"], 0);
        }
        start.elapsed().as_secs_f64() * 1e3 / f64::from(batch)
    };
    report_pair(
        "timeout-cli: `timeout 10 true`",
        "ms per run",
        rounds,
        ("coreutils timeout", &mut || cost(gnu)),
        ("examples/timeout", &mut || cost(&ours)),
    );
}

/// Next to this bench binary: target/release/examples/timeout.
fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("examples").join("timeout")
}

/// Runs `bin ARGS`, checks its exit status, returns the wall time.
fn run(bin: &Path, args: &[&str], expect: i32) -> Duration {
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn");
    let took = start.elapsed();
    assert_eq!(status.code(), Some(expect), "{} {args:?}", bin.display());
    took
}
