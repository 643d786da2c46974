#!/usr/bin/env bash
# Fuzzes the scenario loader for SECONDS: the work corpus grows in WORK/corpus,
# seeded from the committed corpus, the regressions, the scenario library and the
# bad-scenario files (which it never writes to); any input that crashes, hangs or
# runs out of memory lands in WORK/artifacts/.
#
#   tests/fuzz/run.sh FUZZER SECONDS WORK [libFuzzer flags...]
#
# Exit 0: nothing found. Otherwise libFuzzer's exit code, after its report and the
# stack. docs/reliability.md says how to turn a finding into a regression input.
# The inputs of open/ (crashes not fixed yet) are no seeds: each would stop the
# campaign at once.
set -euo pipefail
fuzzer=$1 seconds=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mkdir -p "$work/corpus" "$work/artifacts"
# -timeout: a scenario of 8 KiB loads in milliseconds even under ASan, so 10 s is a
# hang. -rss_limit_mb: the loader must stay far below this on 8 KiB.
exec "$fuzzer" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -dict="$here/scenario.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$@" "$work/corpus" "$here/corpus" "$here/regressions" "$root/scenarios" "$root/tests/data/bad"
