#!/usr/bin/python3
"""examples/node-platform and examples/python-platform: a platform on Stripe's
official Node or Python library, in the loop.

- its scenario passes: the library verifies every webhook (constructEvent), the
  handler creates a relink session through relinksim's API when the account is
  deactivated, the customer relinks, and its debit job (platform_job) debits through
  the PaymentIntents API, never while the TAN is dead (platform.log says so);
- two runs write the same events.jsonl, byte for byte, also side by side in
  `suite --check-determinism -j 2` (port 0: each run its own port);
- with another signing secret on the platform's side, the library rejects every
  webhook, and the run fails saying which webhook was never accepted and why;
- a platform that keeps debiting while the TAN is dead fails the scenario's payments
  expectation.

Usage: example_platform_check.py RELINKSIM SOURCE_DIR OUT_DIR EXAMPLE COMMAND
  EXAMPLE: node-platform or python-platform; COMMAND: the command of its scenario
"""

import shutil
import subprocess
import sys
from pathlib import Path


def main():
    relinksim, source, out = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
    example, command = sys.argv[4], sys.argv[5]
    scenario = source / "examples" / example / "scenario.yaml"
    if example == "node-platform" and not (source / "examples/node-platform/node_modules/stripe").is_dir():
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
    for line in ["skipped the debit of fca_alice_chk: its account number is not transactable",
                 "debited fca_alice_chk: pi_py_2 processing"]:
        if line not in log:
            problems.append(f"platform.log lacks '{line}': {log}")
    again = run("second")
    if again.returncode != 0 or (out / "first/events.jsonl").read_bytes() != \
            (out / "second/events.jsonl").read_bytes():
        problems.append("a second run wrote another events.jsonl")

    wrong = run("wrong-secret", "--set",
                f"platform.endpoint.command=STRIPE_WEBHOOK_SECRET=whsec_wrong {command}")
    said = wrong.stdout + wrong.stderr
    if wrong.returncode != 1 or "never accepted evt_" not in said or \
            "No signatures found matching the expected signature" not in said:
        problems.append(f"a wrong signing secret: exit {wrong.returncode}: {said[-1200:]}")

    # Side by side: port 0 gives each run a port of its own.
    suite = subprocess.run([relinksim, "suite", str(scenario), "--check-determinism", "-j", "2",
                            "--out", str(out / "suite")], capture_output=True, text=True,
                           timeout=300)
    if suite.returncode != 0 or "determinism: 1 of 1 run gave the same events.jsonl twice" \
            not in suite.stdout:
        problems.append(f"suite --check-determinism -j 2: exit {suite.returncode}: "
                        f"{suite.stdout[-800:]} {suite.stderr[-400:]}")

    # A platform that keeps debiting a dead TAN fails the payments expectation.
    careless = run("careless", "--set",
                   f"platform.endpoint.command=DEBIT_ALWAYS=1 {command}")
    if careless.returncode != 1 or "payments of fca_alice_chk: expected 2 succeeded, 0 failed, " \
            "was 2 succeeded, 1 failed" not in careless.stdout:
        problems.append(f"a platform that debits a dead TAN passes: {careless.stdout[-1500:]}")

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
