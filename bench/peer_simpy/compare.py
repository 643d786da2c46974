#!/usr/bin/python3
"""Runs relinksim and the SimPy peer (model.py) on one scenario, prints both tools'
headline counts and seconds side by side, and checks that they agree:
deactivated_accounts and accepted within 5% relative, repaired_share within 0.05
absolute. Exits 1 when they do not.

Usage: /usr/bin/python3 bench/peer_simpy/compare.py [RELINKSIM [SCENARIO]] [--seed N] [--scale F]
  RELINKSIM defaults to build/cli/relinksim, SCENARIO to bench/scale_100k.yaml;
  --scale F runs both tools on a copy whose populations have F times the customers.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COUNT_TOLERANCE = 0.05  # relative, deactivated_accounts and accepted
SHARE_TOLERANCE = 0.05  # absolute, repaired_share
KEYS = ["accounts", "deactivated_accounts", "accepted", "rejected", "repaired_accounts",
        "repaired_share", "payments_failed"]


def scaled_copy(path, factor, folder):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"^(\s*-?\s*customers:\s*)(\d+)",
                  lambda m: m.group(1) + str(int(round(int(m.group(2)) * factor))),
                  text, flags=re.M)
    out = os.path.join(folder, "scaled.yaml")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return out


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("relinksim", nargs="?", default="build/cli/relinksim")
    ap.add_argument("scenario", nargs="?", default="bench/scale_100k.yaml")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--json", help="also write the figures to this file (for bench/results)")
    args = ap.parse_args()
    if not os.access(args.relinksim, os.X_OK):
        print("no relinksim at %s (build first)" % args.relinksim, file=sys.stderr)
        return 2
    seed = ["--seed", str(args.seed)] if args.seed is not None else []
    with tempfile.TemporaryDirectory() as work:
        scenario = args.scenario
        if args.scale != 1.0:
            scenario = scaled_copy(scenario, args.scale, work)
        out = os.path.join(work, "out")
        t0 = time.perf_counter()
        subprocess.run([args.relinksim, "run", scenario, "--out", out, "--quiet"] + seed,
                       stdout=subprocess.DEVNULL, check=False)
        t1 = time.perf_counter()
        peer_run = subprocess.run([sys.executable, os.path.join(HERE, "model.py"), scenario] + seed,
                                  stdout=subprocess.PIPE, check=True)
        t2 = time.perf_counter()
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        trace_lines = count_lines(os.path.join(out, "events.jsonl"))
    rs = report["metrics"]
    peer = json.loads(peer_run.stdout)

    print("%-30s %16s %16s" % (args.scenario + (" x%g" % args.scale if args.scale != 1 else ""),
                               "relinksim", "peer_simpy"))
    for k in KEYS:
        if k == "repaired_share":
            print("%-30s %16.3f %16.3f" % (k, rs[k], peer[k]))
        else:
            print("%-30s %16d %16d" % (k, rs[k], peer[k]))
    print("%-30s %16d %16d" % ("trace events", trace_lines, peer["events"]))
    print("%-30s %16.2f %16.2f" % ("simulation loop seconds",
                                   report.get("run", {}).get("wall_seconds", float("nan")),
                                   peer["sim_seconds"]))
    print("%-30s %16.2f %16.2f" % ("whole command seconds", t1 - t0, t2 - t1))
    loop = report.get("run", {}).get("wall_seconds", 0.0)
    if loop > 0 and t1 - t0 > 0:
        print("relinksim speed-up over the peer: %.2fx simulation loop, %.2fx whole command "
              "(target 3x whole command)" % (peer["sim_seconds"] / loop, (t2 - t1) / (t1 - t0)))

    bad = []
    for k in ("deactivated_accounts", "accepted"):
        if abs(peer[k] - rs[k]) > COUNT_TOLERANCE * max(rs[k], 1):
            bad.append("%s differs by more than %d%%" % (k, COUNT_TOLERANCE * 100))
    if abs(peer["repaired_share"] - rs["repaired_share"]) > SHARE_TOLERANCE:
        bad.append("repaired_share differs by more than %g" % SHARE_TOLERANCE)
    print("peer agrees (counts within 5%, repaired_share within 0.05)" if not bad
          else "peer DISAGREES: " + "; ".join(bad))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"relinksim_loop_seconds": loop, "relinksim_whole_seconds": t1 - t0,
                       "peer_loop_seconds": peer["sim_seconds"], "peer_whole_seconds": t2 - t1,
                       "agrees": not bad}, f)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
