#!/usr/bin/env bash
# Runs the fuzz target once on every committed input (Markdown notes aside).
#
#   tests/fuzz/replay.sh FUZZER          the corpus and every regression input (each
#                                        a crash once found, since fixed) must pass
#   tests/fuzz/replay.sh --open FUZZER   every input of open/ (a crash found and not
#                                        fixed yet) must still crash; one that passes
#                                        is fixed, and moves to regressions/
set -euo pipefail
open=false
if [ "${1:-}" = "--open" ]; then open=true; shift; fi
fuzzer=$1
here=$(cd "$(dirname "$0")" && pwd)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
list() { find "$@" -type f ! -name '*.md' ! -name '.*' | sort; }

if ! $open; then
  mapfile -t inputs < <(list "$here/corpus" "$here/regressions")
  [ "${#inputs[@]}" -gt 0 ] || { echo "replay: no inputs in $here/corpus" >&2; exit 1; }
  echo "replay: ${#inputs[@]} inputs"
  # libFuzzer runs each file named on its command line once, printing its name
  # first: the last `Running:` line before a crash names the input.
  exec "$fuzzer" -timeout=25 -rss_limit_mb=2048 "${inputs[@]}"
fi

mapfile -t inputs < <(list "$here/open")
echo "replay: ${#inputs[@]} open findings, each must still crash"
fixed=0
for input in "${inputs[@]}"; do
  if "$fuzzer" -timeout=25 -rss_limit_mb=2048 "$input" >/dev/null 2>&1; then
    echo "replay: fixed: ${input#"$here"/} no longer crashes: git mv it to regressions/" \
         "and strike it from docs/reliability.md's open findings"
    fixed=$((fixed + 1))
  else
    echo "replay: still open: ${input#"$here"/}"
  fi
done
[ "$fixed" -eq 0 ]
