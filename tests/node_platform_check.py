#!/usr/bin/python3
"""examples/node-platform: a platform on Stripe's official Node library, in the loop.

- its scenario passes: the library verifies every webhook (constructEvent), the
  handler creates a relink session through relinksim's API when the account is
  deactivated, the customer relinks, and the platform stops and starts debiting
  as the TAN dies and comes back (platform.log says so);
- two runs write the same events.jsonl, byte for byte;
- with another signing secret on the platform's side, the library rejects every
  webhook, and the run fails saying which webhook was never accepted and why.

Usage: node_platform_check.py RELINKSIM SOURCE_DIR OUT_DIR
"""

import shutil
import subprocess
import sys
from pathlib import Path


def main():
    relinksim, source, out = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
    scenario = source / "examples/node-platform/scenario.yaml"
    if not (source / "examples/node-platform/node_modules/stripe").is_dir():
        print("FAIL: examples/node-platform/node_modules has no stripe: run `make deps-test` "
              "(npm ci from the lockfile)")
        return 1
    shutil.rmtree(out, ignore_errors=True)
    problems = []

    def run(name, *extra):
        return subprocess.run([relinksim, "run", str(scenario), "--out", str(out / name), *extra],
                              capture_output=True, text=True, timeout=300)

    done = run("first")
    if done.returncode != 0:
        problems.append(f"the scenario fails: {done.stdout[-1500:]} {done.stderr}")
    log = (out / "first/platform.log").read_text() if (out / "first/platform.log").exists() else ""
    for line in ["relink session fcsess_api1 for fca_alice_chk", "fca_alice_chk debitable: false"]:
        if line not in log:
            problems.append(f"platform.log lacks '{line}': {log}")
    if not log.rstrip().endswith("fca_alice_chk debitable: true"):
        problems.append(f"the platform does not debit again after the relink: {log}")
    again = run("second")
    if again.returncode != 0 or (out / "first/events.jsonl").read_bytes() != \
            (out / "second/events.jsonl").read_bytes():
        problems.append("a second run wrote another events.jsonl")

    wrong = run("wrong-secret", "--set",
                "platform.endpoint.command=STRIPE_WEBHOOK_SECRET=whsec_wrong node server.js")
    said = wrong.stdout + wrong.stderr
    if wrong.returncode != 1 or "never accepted evt_" not in said or \
            "No signatures found matching the expected signature" not in said:
        problems.append(f"a wrong signing secret: exit {wrong.returncode}: {said[-1200:]}")

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
