#!/usr/bin/env bash
# Instructions executed in user space by each variant of a benchmark, counted
# by valgrind's callgrind: deterministic where wall-clock timing is noisy.
# The difference from the libc variant, divided by the iterations, is what the
# wrapper adds per operation (the system calls themselves are the same).
#
#   bash benches/callgrind.sh            # mask-toggle, ping-pong, ordered
#   bash benches/callgrind.sh mask-toggle
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
bin=$(cargo bench --bench overhead --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "overhead" and m.get("executable"):
        print(m["executable"])')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Iterations per variant in --quick mode (see benches/overhead.rs).
# (ordered: children in all, K = 10 + 100 + 100 in --quick mode.)
declare -A iterations=([mask-toggle]=20000 [ping-pong]=2000 [ordered]=210)
for bench in "${@:-mask-toggle ping-pong ordered}"; do
  for bench1 in $bench; do
    n=${iterations[$bench1]}
    declare -A ir=()
    for v in libc raw facade; do
        PROCSIG_BENCH_VARIANT=$v valgrind --tool=callgrind --callgrind-out-file="$out/$bench1.$v.%p" \
            "$bin" "$bench1" --quick >/dev/null 2>&1
        # The parent is the first process (lowest pid); forked children write their own file.
        file=$(ls "$out"/"$bench1.$v".* | sort -t. -k3 -n | head -1)
        ir[$v]=$(awk '/^(summary|totals):/ {print $2; exit}' "$file")
    done
    echo "$bench1 ($n operations per variant): instructions in user space"
    for v in libc raw facade; do
        extra=$(( (${ir[$v]} - ${ir[libc]}) ))
        printf '  %-7s %12d  (%+.1f per operation vs libc)\n' "$v" "${ir[$v]}" "$(echo "$extra / $n" | bc -l)"
    done
  done
done
