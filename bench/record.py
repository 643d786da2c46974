#!/usr/bin/python3
"""Stores one `make bench` run's figures and compares them with the last stored run.

Reads what bench/run.sh measured (one JSON object per workload, CAF's raw rates, the
SimPy peer's comparison), writes them to RESULTS/<UTC time>-<commit>.json, prints
each target of docs/performance.md as met or not, and for every figure the ratio to
the previous stored run (a ratio above 1 for seconds or memory is a regression).

Usage: record.py FIGURES.jsonl CAF.txt PEER.json RESULTS_DIR
"""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

SCALE_1M = "bench/scale_1m.yaml"
SCALE_10M = "bench/scale_10m.yaml"
SCALE_100K = "bench/scale_100k.yaml"
SCALE_100K_LONG = "bench/scale_100k.yaml over 360 days"
GIB = 1024


def read_caf(path):
    rates = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"caf (\S+)\s.*\s(\d+) messages/s", line)
        if m:
            rates[m.group(1)] = int(m.group(2))
    return rates


def commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def targets(run):
    """Each target of the performance issue: (what, measured, limit text, met)."""
    w = {name: m for name, m in run["workloads"].items() if m.get("completed", True)}
    out = []
    if SCALE_10M in run["workloads"]:
        m = run["workloads"][SCALE_10M]
        done = m.get("completed", True)
        out.append(("scale_10m (10M accounts x 30 days) completes on this machine",
                    f"{m['wall_seconds']:.0f} s, peak {m['peak_mib'] / GIB:.1f} GiB" if done
                    else "did not complete", f"<= {run['machine']['memory_gib']} GiB", done))
    if SCALE_1M in w:
        m = w[SCALE_1M]
        out.append(("scale_1m whole command", f"{m['wall_seconds']:.1f} s", "<= 60 s",
                    m["wall_seconds"] <= 60))
        out.append(("scale_1m peak RSS", f"{m['peak_mib'] / GIB:.2f} GiB", "<= 3 GiB",
                    m["peak_mib"] <= 3 * GIB))
    if SCALE_100K in w and SCALE_100K_LONG in w:
        ratio = w[SCALE_100K_LONG]["peak_mib"] / max(w[SCALE_100K]["peak_mib"], 1)
        out.append(("peak over 360 days / over 90 days (scale_100k)", f"{ratio:.2f}x",
                    "<= 1.25x", ratio <= 1.25))
    for name in (SCALE_100K, SCALE_1M):
        if name in w and w[name]["loop_seconds"] > 0:
            ratio = w[name]["wall_seconds"] / w[name]["loop_seconds"]
            out.append((f"{Path(name).stem} whole command / run loop", f"{ratio:.2f}x",
                        "<= 1.5x", ratio <= 1.5))
    peer = run.get("peer")
    if peer and peer["relinksim_whole_seconds"] > 0:
        ratio = peer["peer_whole_seconds"] / peer["relinksim_whole_seconds"]
        out.append(("speed-up over the SimPy peer, whole command (scale_100k)",
                    f"{ratio:.2f}x", ">= 3x", ratio >= 3))
    return out


def figures(run):
    """Every figure that can be compared between runs, by name."""
    out = {}
    for name, m in run["workloads"].items():
        for key in ("loop_seconds", "wall_seconds", "peak_mib"):
            if key in m:
                out[f"{name}: {key}"] = m[key]
    for shape, rate in run.get("caf", {}).items():
        out[f"caf {shape}: messages/s"] = rate
    for key, value in (run.get("peer") or {}).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f"peer comparison: {key}"] = value
    return out


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    figures_path, caf_path, peer_path, results = sys.argv[1:]
    run = {
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit(),
        "machine": {"cores": os.cpu_count(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
                                        / 2**30)},
        "workloads": {},
        "caf": read_caf(caf_path) if Path(caf_path).exists() else {},
        "peer": json.loads(Path(peer_path).read_text()) if Path(peer_path).exists() else None,
    }
    for line in Path(figures_path).read_text().splitlines():
        m = json.loads(line)
        run["workloads"][m.pop("workload")] = m

    for what, measured, limit, met in targets(run):
        print(f"{'met    ' if met else 'NOT met'}  {what}: {measured} (target {limit})")

    results = Path(results)
    previous = sorted(results.glob("*.json")) if results.is_dir() else []
    if previous:
        before = json.loads(previous[-1].read_text())
        print(f"\nchange since {previous[-1].name} (ratio now / then; for seconds and "
              "memory above 1 is worse, for rates below 1 is worse):")
        old, new = figures(before), figures(run)
        for name in new:
            if name in old and old[name]:
                print(f"  {new[name] / old[name]:6.2f}x  {name}: {old[name]:,.2f} -> {new[name]:,.2f}")
    else:
        print("\nno earlier run stored in", results)

    results.mkdir(parents=True, exist_ok=True)
    stamp = run["recorded_at"].replace(":", "").replace("-", "")
    path = results / f"{stamp}-{run['commit']}.json"
    path.write_text(json.dumps(run, indent=2) + "\n")
    print("stored in", path)


if __name__ == "__main__":
    main()
