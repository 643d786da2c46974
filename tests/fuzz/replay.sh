#!/usr/bin/env bash
# Runs the fuzz target once on every file of the committed corpus and of the
# regression inputs (each one a crash the fuzzer once found), and fails on the first
# that crashes, hangs or runs out of memory, naming it.
#
#   tests/fuzz/replay.sh FUZZER
set -euo pipefail
fuzzer=$1
here=$(cd "$(dirname "$0")" && pwd)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mapfile -t inputs < <(find "$here/corpus" "$here/regressions" -type f ! -name '*.md' ! -name '.*' | sort)
[ "${#inputs[@]}" -gt 0 ] || { echo "replay: no inputs in $here/corpus" >&2; exit 1; }
echo "replay: ${#inputs[@]} inputs"
# libFuzzer runs each file named on its command line once, printing its name
# first: the last `Running:` line before a crash names the input.
exec "$fuzzer" -timeout=25 -rss_limit_mb=2048 "${inputs[@]}"
