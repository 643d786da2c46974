#!/usr/bin/env bash
# Whole-run figures: events, simulation seconds, events per second, whole-command
# wall seconds, peak RSS, for the largest library scenario, the 100k reference
# workload, and bulk workloads whose accounts are listed one by one in YAML.
# Usage: bench/run.sh [CUSTOMERS...]   (default: 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=build/cli/relinksim
[ -x "$binary" ] || { echo "build first: make build" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # name file
  local name=$1 file=$2
  /usr/bin/time -f '%e %M' -o "$work/time" "$binary" run "$file" --out "$work/out" > "$work/console" || true
  local summary events seconds wall rss
  summary=$(head -1 "$work/console")
  events=$(sed -E 's/.*\(([0-9,]+) events\).*/\1/' <<<"$summary" | tr -d ,)
  seconds=$(sed -E 's/.* simulated in ([0-9.e+-]+) (m?s) .*/\1 \2/' <<<"$summary" |
    awk '{ print ($2 == "ms" ? $1 / 1000 : $1) }')
  read -r wall rss < "$work/time"
  awk -v n="$name" -v e="$events" -v s="$seconds" -v w="$wall" -v r="$rss" 'BEGIN {
    printf "%-34s %12d events  sim %7.3f s  %12.0f events/s  wall %6.2f s  peak RSS %7.1f MiB\n",
      n, e, s, (s > 0 ? e / s : 0), w, r / 1024 }'
}

largest=$(for f in scenarios/*.yaml; do
  "$binary" run "$f" --out "$work/out" | head -1 | sed -E "s|.*\(([0-9,]+) events\).*|\1 $f|" | tr -d ,
done | sort -n | tail -1 | cut -d' ' -f2)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
measure "library: $(basename "$largest" .yaml)" "$largest"
measure "bench/scale_100k.yaml" bench/scale_100k.yaml
for customers in "${@:-20000}"; do
  bench/generate_bulk.sh "$customers" > "$work/bulk-$customers.yaml"
  measure "listed bulk-relink-$customers" "$work/bulk-$customers.yaml"
done
