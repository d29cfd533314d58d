#!/usr/bin/env bash
# The minimal-binary fixture: builds `ordered` four ways (procsig; direct
# libc with the same guarantees as procsig's `Child`, i.e. pidfds; direct
# libc with pids only; C), runs each, prints their stripped sizes, and fails
# if procsig's is larger than C's or more than 15% larger than the direct
# libc program with the same guarantees.
#
# The 15% is a ratchet, not the target: the target is 10% (issue 11). A
# pidfd per child (pid-reuse safety, correct waits from any thread) took
# procsig from 1.08x to 1.24x of the pid-only program; correctness won,
# and the size is measured here until issue 11 makes the cheap path cheap.
# Runs in its own cargo invocation and target directory (see Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")"

cargo build --release --quiet
mkdir -p target/c
gcc -Os -o target/c/ordered-c ordered.c
strip target/c/ordered-c

procsig=target/release/ordered-procsig
same=target/release/ordered-libc-pidfd
direct=target/release/ordered-libc
c=target/c/ordered-c

expected=$(for i in 0 1 2 3 4; do echo "child $i done"; done)
for bin in "$procsig" "$same" "$direct" "$c"; do
    out=$("$bin" 5 --work-ms 1)
    if [ "$out" != "$expected" ]; then
        echo "FAIL: $bin printed:"; echo "$out"; exit 1
    fi
done
echo "all four print child 0 done .. child 4 done, in order"

size_of() { stat -c %s "$1"; }
sp=$(size_of "$procsig"); ss=$(size_of "$same"); sd=$(size_of "$direct"); sc=$(size_of "$c")
printf 'stripped size, dynamically linked:\n'
printf '  %-40s %6d bytes\n' "procsig (no_std, no_main)" "$sp" \
    "direct libc, pidfds (same guarantees)" "$ss" "direct libc, pids only" "$sd" "C (gcc -Os)" "$sc"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
printf '  procsig / direct libc, pidfds = %s\n' "$(ratio "$sp" "$ss")"
printf '  procsig / direct libc, pids   = %s\n' "$(ratio "$sp" "$sd")"
printf '  procsig / C                   = %s\n' "$(ratio "$sp" "$sc")"

status=0
if [ "$sp" -gt "$sc" ]; then echo "FAIL: procsig's binary is larger than C's"; status=1; fi
if [ $((sp * 100)) -gt $((ss * 115)) ]; then
    echo "FAIL: procsig's binary is more than 15% larger than direct libc's with the same guarantees"
    status=1
fi

# A static build, if this machine's C library supports one.
target=$(rustc -vV | sed -n 's/^host: //p')
if RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-lgcc_eh" cargo build --release --quiet \
        --target "$target" --target-dir target/static 2>/dev/null; then
    for name in ordered-procsig ordered-libc-pidfd ordered-libc; do
        bin=target/static/$target/release/$name
        out=$("$bin" 5 --work-ms 1)
        [ "$out" = "$expected" ] || { echo "FAIL: static $name printed: $out"; status=1; }
        printf '  static %-25s %6d bytes\n' "$name" "$(size_of "$bin")"
    done
else
    echo "  (no static build: the C library here does not support +crt-static)"
fi
exit $status
