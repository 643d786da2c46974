#!/usr/bin/env bash
# Whole-run figures for each workload: events, simulation and whole-command wall
# seconds, events per second, peak RSS and bytes per account; then the limit
# (CAF's raw message rate through the same kernel) and the SimPy peer.
# Each run's figures are stored in bench/results/<UTC time>-<commit>.json and
# compared with the last stored run (bench/record.py), so that a regression shows
# as a ratio.
# Usage: bench/run.sh            every workload, the 1M one included (~5 min, ~3 GB)
#        BENCH_QUICK=1 bench/run.sh   without the 1M workload
#        BENCH_10M=1 bench/run.sh     also the headroom workload, 10M accounts over 30
#                                     days (~8 min, ~21 GB of memory, ~36 GB of reports)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=build/cli/relinksim
caf_rate=build/bench/caf_rate
python=/usr/bin/python3
[ -x "$binary" ] && [ -x "$caf_rate" ] || { echo "build first: make build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A rate # workload -> events per second of the run loop

measure() { # name file [run options...]
  local name=$1 file=$2
  shift 2
  rm -rf "$work/out"
  /usr/bin/time -f '%e %M' -o "$work/time" "$binary" run "$file" --out "$work/out" --quiet "$@" \
    > "$work/console" 2>&1 || true
  read -r wall rss < "$work/time" || true
  if [ ! -f "$work/out/report.json" ]; then # killed (out of memory) or refused
    echo "$name: did not complete ($(tail -1 "$work/console"))"
    echo "{\"workload\": \"$name\", \"completed\": false}" >> "$work/figures.jsonl"
    return
  fi
  local lines line
  lines=$(wc -l < "$work/out/events.jsonl")
  line=$("$python" - "$work/out/report.json" "$name" "$wall" "$rss" "$lines" "$work/figures.jsonl" <<'PY'
import json, sys
report, name, wall, rss_kb = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
lines = int(sys.argv[5])
d = json.load(open(report))
events, sim, accounts = d["summary"]["events"], d["run"]["wall_seconds"], d["metrics"]["accounts"]
rate = events / sim if sim > 0 else 0
changes = lines / sim if sim > 0 else 0
with open(sys.argv[6], "a") as f:
    f.write(json.dumps({"workload": name, "events": events, "trace_lines": lines,
                        "loop_seconds": sim, "wall_seconds": wall,
                        "peak_mib": round(rss_kb / 1024), "accounts": accounts}) + "\n")
print(f"{name:<44} {events:>11,} ev  {lines:>11,} trace  sim {sim:7.2f} s  {rate:>9,.0f} ev/s"
      f"  {changes:>9,.0f} trace/s  wall {wall:7.2f} s  peak {rss_kb / 1024:8,.0f} MiB"
      f"  {rss_kb * 1024 / max(accounts, 1):>8,.0f} B/account"
      f"|{rate:.0f} {changes:.0f}")
PY
)
  echo "${line%|*}"
  rate[$name]=${line##*|}
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo
echo "== relinksim, whole runs"
largest=$(for f in scenarios/*.yaml; do
  "$binary" run "$f" --out "$work/l" --quiet > /dev/null || true
  "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["events"], sys.argv[2])' \
    "$work/l/report.json" "$f"
done | sort -n | tail -1 | cut -d' ' -f2)
measure "library: $(basename "$largest" .yaml)" "$largest"
measure "bench/scale_100k.yaml" bench/scale_100k.yaml
measure "bench/scale_100k.yaml over 360 days" bench/scale_100k.yaml --set horizon=360d
bench/generate_bulk.sh 20000 > "$work/bulk-20000.yaml"
measure "20k accounts listed in YAML" "$work/bulk-20000.yaml"
if [ -z "${BENCH_QUICK:-}" ]; then
  measure "bench/scale_1m.yaml" bench/scale_1m.yaml
fi
if [ -n "${BENCH_10M:-}" ]; then
  measure "bench/scale_10m.yaml" bench/scale_10m.yaml
fi
/usr/bin/time -f '%e' -o "$work/time" "$binary" suite scenarios/ -j 2 --out "$work/suite" > /dev/null
echo "whole library, suite -j 2: $(cat "$work/time") s wall"

echo
echo "== the limit: CAF 0.17 test coordinator through the same kernel"
"$caf_rate" | tee "$work/caf"
fan_out=$(awk '/fan-out/ { print $(NF-1) }' "$work/caf")
# Events are messages handled (DESIGN 9). Since payments and the coordinator no
# longer take a message per account, one message may record thousands of state
# changes: the trace's rate is printed beside it.
for name in "bench/scale_100k.yaml" "bench/scale_1m.yaml"; do
  [ -n "${rate[$name]:-}" ] || continue
  read -r messages changes <<< "${rate[$name]}"
  awk -v n="$name" -v r="$messages" -v t="$changes" -v c="$fan_out" \
    'BEGIN { printf "%s: %.0f ev/s = %.0f%% of CAF fan-out over 100k actors (target 50%%); %.0f state changes/s = %.0f%%\n", n, r, 100 * r / c, t, 100 * t / c }'
done

echo
echo "== the peer: the same workload in SimPy (bench/peer_simpy)"
if [ -f bench/peer_simpy/compare.py ]; then
  "$python" bench/peer_simpy/compare.py "$binary" bench/scale_100k.yaml --json "$work/peer.json"
else
  echo "bench/peer_simpy/compare.py missing"
fi

echo
echo "== targets, and the change since the last stored run"
"$python" bench/record.py "$work/figures.jsonl" "$work/caf" "$work/peer.json" bench/results
