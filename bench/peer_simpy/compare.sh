#!/usr/bin/env bash
# Runs relinksim and the SimPy peer on one scenario and checks that their headline
# counts agree: deactivated_accounts and accepted within 5% relative, repaired_share
# within 0.05 absolute. Prints both tools' counts and wall seconds.
# Usage: bench/peer_simpy/compare.sh [SCENARIO] [--seed N] [--scale F]
#   (default bench/scale_100k.yaml; --scale makes a scaled copy for relinksim too)
# Environment: RELINKSIM (default build/cli/relinksim), PYTHON (default /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=bench/scale_100k.yaml
seed=() scale=1
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=(--seed "$2"); shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    *) scenario=$1; shift ;;
  esac
done
binary=${RELINKSIM:-build/cli/relinksim}
python=${PYTHON:-/usr/bin/python3}
[ -x "$binary" ] || { echo "no relinksim at $binary (build first, or set RELINKSIM)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

input=$scenario
if [ "$scale" != 1 ]; then
  # The same world, smaller: every population's customers times F.
  input=$work/scaled.yaml
  "$python" - "$scenario" "$scale" > "$input" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
f = float(sys.argv[2])
print(re.sub(r"^(\s*customers:\s*)(\d+)", lambda m: m.group(1) + str(int(round(int(m.group(2)) * f))),
             text, flags=re.M), end="")
EOF
fi

t0=$(date +%s.%N)
"$binary" run "$input" "${seed[@]}" --out "$work/out" --quiet > /dev/null || true
t1=$(date +%s.%N)
"$python" bench/peer_simpy/model.py "$input" "${seed[@]}" > "$work/peer.json"
t2=$(date +%s.%N)

"$python" - "$work/out/report.json" "$work/peer.json" "$t0" "$t1" "$t2" <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))["metrics"]
peer = json.load(open(sys.argv[2]))
keys = ["accounts", "deactivated_accounts", "accepted", "rejected", "repaired_accounts",
        "repaired_share", "payments_failed"]
print("%-22s %14s %14s" % ("", "relinksim", "peer_simpy"))
for k in keys:
    a, b = rs[k], peer[k]
    fmt = "%-22s %14.3f %14.3f" if k == "repaired_share" else "%-22s %14d %14d"
    print(fmt % (k, a, b))
t0, t1, t2 = (float(x) for x in sys.argv[3:6])
print("%-22s %14.2f %14.2f" % ("command seconds", t1 - t0, t2 - t1))
print("%-22s %14s %14.2f" % ("peer simulate()", "", peer["sim_seconds"]))
bad = []
for k in ("deactivated_accounts", "accepted"):
    if abs(peer[k] - rs[k]) > 0.05 * max(rs[k], 1):
        bad.append("%s differs by more than 5%%" % k)
if abs(peer["repaired_share"] - rs["repaired_share"]) > 0.05:
    bad.append("repaired_share differs by more than 0.05")
print("agree" if not bad else "DISAGREE: " + "; ".join(bad))
sys.exit(1 if bad else 0)
EOF
