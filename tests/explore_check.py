#!/usr/bin/python3
"""`relinksim explore` and `relinksim shrink` as a user runs them.

- explore finds the variation of tests/data/explore/bounded-emails.yaml that breaks its
  kept metric bound, prints its seed, writes it beside the file as STEM.seed-N.yaml, a
  plain scenario (no vary block, its seed set) that validates and fails on its own with
  the same expectation; the same command prints the same and writes the same bytes,
  with -j 1 and -j 3 alike;
- shrink --failure keeps the failure it names, failing with the same result;
- shrink cuts that file down to at most SHRUNK_ENTRIES_AT_MOST entries, shows its steps
  with --verbose, writes STEM.shrunk.yaml with a header saying what it came from and
  what still fails, which validates and fails on its own; twice, and with -j 2, the
  same bytes;
- the library's swarm scenario passes every variation, and the summary counts how often
  each fault was on;
- a platform in the loop is swarm-tested: its handler creates a session per
  deactivation, and the variation with both revocations on breaks the kept bound;
- written above the scenario's folder with --out, a variation names its includes from
  there; a folder they cannot be reached from (includes stay inside their
  scenario's folder) is refused;
- bad input: no vary block, bad --seeds, --time-budget, standard input, a variation the
  loader refuses, a scenario that passes given to shrink, every vary: error; a budget
  stops explore early; SIGINT stops it with 130; no hidden file is left behind.

Usage: explore_check.py RELINKSIM SOURCE_DIR
"""

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

SHRUNK_ENTRIES_AT_MOST = 5


def main():
    relinksim, source = str(Path(sys.argv[1]).resolve()), Path(sys.argv[2]).resolve()
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    def cli(*args, cwd=None, timeout=300):
        return subprocess.run([relinksim, *map(str, args)], capture_output=True, text=True,
                              cwd=cwd, timeout=timeout)

    def leftovers(folder):
        return sorted(p.name for p in Path(folder).glob(".*.relinksim-*"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        work = tmp / "suite"
        work.mkdir()
        shutil.copy(source / "tests/data/explore/bounded-emails.yaml", work)
        scenario = work / "bounded-emails.yaml"

        valid = cli("validate", scenario)
        check(valid.returncode == 0 and "; explore varies 3 faults and 4 values)" in valid.stdout,
              f"validate: {valid.stdout} {valid.stderr}")

        # explore: found, written beside the file, failing on its own.
        found = cli("explore", scenario, "--runs", 50)
        check(found.returncode == 1, f"explore: exit {found.returncode}: {found.stdout} {found.stderr}")
        fail_lines = [l for l in found.stdout.splitlines() if l.startswith("FAIL seed ")]
        check(len(fail_lines) == 1, f"explore: no one 'FAIL seed N' line in {found.stdout}")
        seed = fail_lines[0].split()[2].rstrip(":") if fail_lines else "?"
        check("expectation metric emails_sent <= 8" in found.stdout,
              f"explore: the failure is not the kept bound: {found.stdout}")
        check(f"runs (seeds 1..{seed})" in found.stdout,
              f"explore: did not stop at seed {seed}: {found.stdout}")
        for fault in ("cut", "outage", "ask_all"):
            check(f"  fault {fault}: on in " in found.stdout, f"explore: no coverage of {fault}")
        check("  value populations[bulk].customers: " in found.stdout,
              f"explore: no range of the values drawn: {found.stdout}")
        variation = work / f"bounded-emails.seed-{seed}.yaml"
        check(variation.is_file(), f"explore: {variation.name} not written ({found.stdout})")
        if variation.is_file():
            text = variation.read_text()
            spec = yaml.safe_load(text)
            check(text.startswith(f"# A variation of bounded-emails.yaml drawn by `relinksim "
                                  f"explore` from seed {seed}."), f"variation header: {text[:300]}")
            check("vary" not in spec and spec.get("seed") == int(seed),
                  f"variation: vary block or seed wrong: {spec.get('seed')}")
            check(spec["expect"] == [{"metric": "emails_sent", "max": 8}],
                  f"variation: it keeps {spec['expect']}, not only the metric bound")
            check(cli("validate", variation).returncode == 0, "variation: does not validate")
            alone = cli("run", variation, "--out", tmp / "variation-out")
            check(alone.returncode == 1 and "emails_sent" in alone.stdout,
                  f"variation: run alone it exits {alone.returncode}: {alone.stdout[-400:]}")
            first_bytes = variation.read_bytes()
            again = cli("explore", scenario, "--runs", 50)
            check(again.stdout == found.stdout and variation.read_bytes() == first_bytes,
                  f"explore: a second time printed or wrote something else:\n{again.stdout}")
            wide = cli("explore", scenario, "--runs", 50, "-j", 3)
            check(wide.stdout == found.stdout and variation.read_bytes() == first_bytes,
                  f"explore -j 3: printed or wrote something else:\n{wide.stdout}")

            # shrink: a handful of entries, the same failure, the same bytes every time.
            shrunk = cli("shrink", variation, "--verbose")
            check(shrunk.returncode == 0, f"shrink: exit {shrunk.returncode}: {shrunk.stdout} {shrunk.stderr}")
            check("still fails" in shrunk.stdout and "round 1:" in shrunk.stdout,
                  f"shrink --verbose shows no steps: {shrunk.stdout}")
            result = work / f"bounded-emails.seed-{seed}.shrunk.yaml"
            check(result.is_file(), f"shrink: {result.name} not written")
            if result.is_file():
                text = result.read_text()
                check(text.startswith(f"# Shrunk by `relinksim shrink` from {variation.name} "
                                      f"(seed {seed})"), f"shrunk header: {text[:300]}")
                check("# It still fails the same way: expectation metric emails_sent <= 8" in text,
                      f"shrunk header does not say what fails: {text[:500]}")
                spec = yaml.safe_load(text)
                entries = sum(len(spec.get(k) or []) for k in
                              ("timeline", "expect", "customers", "accounts", "populations",
                               "institutions", "behaviors"))
                entries += sum(len(c.get("accounts") or []) for c in spec.get("customers") or [])
                check(entries <= SHRUNK_ENTRIES_AT_MOST,
                      f"shrink left {entries} entries (at most {SHRUNK_ENTRIES_AT_MOST}):\n{text}")
                check(cli("validate", result).returncode == 0, "shrunk: does not validate")
                alone = cli("run", result, "--out", tmp / "shrunk-out")
                check(alone.returncode == 1 and "emails_sent" in alone.stdout,
                      f"shrunk: run alone it exits {alone.returncode}: {alone.stdout[-400:]}")
                shrunk_bytes = result.read_bytes()
                again = cli("shrink", variation)
                check(again.returncode == 0 and result.read_bytes() == shrunk_bytes,
                      "shrink: a second time wrote something else")
                wide = cli("shrink", variation, "-j", 2, "--out", tmp / "wide.yaml")
                check(wide.returncode == 0 and (tmp / "wide.yaml").read_text().split("\n", 3)[3]
                      == text.split("\n", 3)[3], "shrink -j 2: wrote something else")
        check(leftovers(work) == [], f"hidden files left behind: {leftovers(work)}")

        # Written elsewhere (--out), a variation still finds the scenario's includes.
        parted = tmp / "parted"
        (parted / "parts").mkdir(parents=True)
        lines = scenario.read_text().split("\n")
        at = lines.index("behaviors:")
        (parted / "parts/behaviors.yaml").write_text("\n".join(lines[at:at + 3]) + "\n")
        lines[at:at + 3] = ["include: [parts/behaviors.yaml]"]
        lines = [l for l in lines if "behaviors.slow.opens" not in l]
        (parted / "s.yaml").write_text("\n".join(lines))
        done = cli("explore", parted / "s.yaml", "--runs", 50, "--out", tmp / "f.yaml")
        check(done.returncode == 1, f"include: exit {done.returncode}: {done.stdout} {done.stderr}")
        if (tmp / "f.yaml").is_file():
            found_spec = yaml.safe_load((tmp / "f.yaml").read_text())
            check(found_spec.get("include") == ["parted/parts/behaviors.yaml"],
                  f"include: written as {found_spec.get('include')}")
            alone = cli("run", tmp / "f.yaml", "--out", tmp / "found-out")
            check(alone.returncode == 1, f"include: the written file exits {alone.returncode}: "
                                         f"{alone.stdout[-300:]} {alone.stderr}")
        # A scenario named without a folder (run from its own) works the same.
        here = cli("explore", "s.yaml", "--runs", 50, "--out", "here.yaml", cwd=parted)
        check(here.returncode == 1 and (parted / "here.yaml").is_file(),
              f"include, from its folder: exit {here.returncode}: {here.stdout} {here.stderr}")
        # --out a folder: the file goes in it, named as beside the scenario.
        (tmp / "into").mkdir()
        into = cli("explore", scenario, "--runs", 50, "--out", tmp / "into")
        check(into.returncode == 1 and (tmp / "into" / f"bounded-emails.seed-{seed}.yaml").is_file(),
              f"--out a folder: exit {into.returncode}: {into.stdout} {into.stderr}")
        # ... and refuses, before any run, a folder its includes cannot be reached from.
        (parted / "found").mkdir()
        done = cli("explore", parted / "s.yaml", "--out", parted / "found/f.yaml")
        check(done.returncode == 2 and "has includes, which a file written in" in done.stderr,
              f"include out of reach: exit {done.returncode}: {done.stderr}")

        # --failure picks one failure of several; the same way means the same result:
        # the payments that failed on a dead TAN stay, not a scenario with none.
        shutil.copy(source / "tests/data/should-fail/emails-and-payments-wrong.yaml", work)
        several = work / "emails-and-payments-wrong.yaml"
        picked = cli("shrink", several, "--failure", "payments account fca_ann_chk succeeded")
        check(picked.returncode == 0 and "keeping expectation payments account fca_ann_chk "
              "succeeded 2 (1 succeeded, 1 failed)" in picked.stdout,
              f"--failure: exit {picked.returncode}: {picked.stdout} {picked.stderr}")
        result = work / "emails-and-payments-wrong.shrunk.yaml"
        if result.is_file():
            alone = cli("run", result, "--out", tmp / "picked-out")
            check("expected 2 succeeded, was 1 succeeded, 1 failed" in alone.stdout,
                  f"--failure: the shrunk file fails otherwise: {alone.stdout[-500:]}")
        nothing = cli("shrink", several, "--failure", "nothing like it")
        check(nothing.returncode == 2 and "no failure of" in nothing.stderr
              and "  expectation emails to ann@example.test count 2" in nothing.stderr,
              f"--failure without a match: exit {nothing.returncode}: {nothing.stderr}")

        # A suite never takes a hidden file (what explore runs for a moment) for a scenario.
        hidden = tmp / "hidden"
        hidden.mkdir()
        shutil.copy(source / "scenarios/cooldown-48h-boundary.yaml", hidden)
        shutil.copy(source / "tests/data/wrong-expectation.yaml", hidden / ".x.relinksim-1-0.yaml")
        suite = cli("suite", hidden, "--out", tmp / "hidden-out")
        check(suite.returncode == 0 and "x.relinksim" not in suite.stdout,
              f"suite took a hidden file: exit {suite.returncode}: {suite.stdout}")

        # The library's swarm passes every variation; each fault is on in some runs.
        swarm = cli("explore", source / "scenarios/swarm-of-faults-keeps-every-rule.yaml",
                    "--runs", 40, "-j", 2)
        check(swarm.returncode == 0 and "40 runs (seeds 1..40), 40 passed, 0 failed" in swarm.stdout,
              f"swarm: exit {swarm.returncode}: {swarm.stdout} {swarm.stderr}")
        counts = [int(l.split("on in ")[1].split()[0]) for l in swarm.stdout.splitlines()
                  if l.startswith("  fault ")]
        check(len(counts) == 6 and all(0 < c < 40 for c in counts),
              f"swarm: faults on in {counts} of 40 runs")

        # A platform in the loop: its handler opens a session per deactivation.
        platform = tmp / "platform"
        platform.mkdir()
        shutil.copy(source / "tests/data/platform/endpoint.py", platform)
        spec = yaml.safe_load((source / "tests/data/platform/relink.yaml").read_text())
        spec["platform"]["endpoint"].update(url="http://127.0.0.1:0/webhooks",
                                            ready="http://127.0.0.1:0/health")
        spec["customers"].append({"id": "cus_bo", "email": "bo@example.test", "behavior": "prompt",
                                  "accounts": [{"id": "fca_bo", "institution": "bank"}]})
        spec["timeline"] = [{"at": "0s", "id": "copies", "webhook_faults": {"duplicates": 1}},
                            {"at": "1d", "id": "ana_revokes", "revoke": {"account": "fca_ana"}},
                            {"at": "2d", "id": "bo_revokes", "revoke": {"account": "fca_bo"}}]
        spec["expect"] = [{"event": "relink_session.created", "max": 1}]
        spec["vary"] = {"faults": ["copies", "ana_revokes", "bo_revokes"],
                        "values": {"timeline[bo_revokes].at": {"between": ["1d", "3d"], "step": "1h"}},
                        "keep": ["event"]}
        (platform / "s.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        loop = cli("explore", platform / "s.yaml", "--runs", 12, "-j", 2, timeout=600)
        check(loop.returncode == 1 and "expectation event relink_session.created" in loop.stdout,
              f"platform: exit {loop.returncode}: {loop.stdout} {loop.stderr}")
        check("faults on: ana_revokes, bo_revokes;" in loop.stdout,
              f"platform: the failing variation is not the one with both faults: {loop.stdout}")
        check(leftovers(platform) == [], f"platform: hidden files left: {leftovers(platform)}")
        # Its command runs in the scenario's folder: a file written elsewhere is refused.
        away = cli("explore", platform / "s.yaml", "--out", tmp / "away.yaml")
        check(away.returncode == 2 and "platform.endpoint.command" in away.stderr,
              f"platform, --out elsewhere: exit {away.returncode}: {away.stderr}")
        # A platform that does not start: the run's own words, not the loader's.
        broken = yaml.safe_load((platform / "s.yaml").read_text())
        broken["platform"]["endpoint"]["command"] = "exit 4"
        (platform / "broken.yaml").write_text(yaml.safe_dump(broken, sort_keys=False))
        done = cli("explore", platform / "broken.yaml", "--runs", 2)
        check(done.returncode == 2 and "is refused" in done.stderr and "exit" in done.stderr
              and "platform" in done.stderr.split("is refused", 1)[1],
              f"platform that does not start: exit {done.returncode}: {done.stderr}")
        check(leftovers(platform) == [], f"platform: hidden files left: {leftovers(platform)}")

        # Bad input, each with its message and exit 2.
        def refused(args, message, what):
            done = cli(*args)
            check(done.returncode == 2 and message in done.stderr,
                  f"{what}: exit {done.returncode}, stderr {done.stderr!r}")

        plain = source / "scenarios/cooldown-48h-boundary.yaml"
        refused(["explore", plain], "has no vary: block", "no vary block")
        refused(["explore", scenario, "--seeds", "9..2"], "--seeds takes A..B", "bad seeds")
        refused(["explore", scenario, "--time-budget", "soon"], "--time-budget takes a duration",
                "bad budget")
        refused(["explore", "-"], "give a file, not standard input", "standard input")
        refused(["shrink", plain, "--out", tmp / "x.yaml"], "passes with seed 3", "shrink a pass")
        horizon = tmp / "horizon"
        horizon.mkdir()
        shutil.copy(source / "tests/data/explore/draws-past-horizon.yaml", horizon)
        done = cli("explore", horizon / "draws-past-horizon.yaml")
        written = horizon / "draws-past-horizon.seed-2.yaml"
        check(done.returncode == 2 and f"{written}:12:10: error: time 9d is past the horizon (5d)"
              in done.stderr, f"refused variation: exit {done.returncode}: {done.stderr}")

        bad = {
            "faults: [nope]": "no timeline entry of this file has the id 'nope'",
            "faults: [cut, cut]": "'cut' is listed twice",
            "values: {'timeline[zzz].at': {between: [1d, 2d]}}": "'timeline[zzz]' does not exist: vary only what this file writes",
            "values: {seed: {between: [1, 3]}}": "'seed' cannot vary",
            "values: {horizon: {between: [5d, 1d]}}": "low is above high",
            "values: {horizon: {between: [1d]}}": "expected [low, high]",
            "values: {horizon: {between: [1d, 2d], one_of: [1d]}}": "use either between or one_of",
            "values: {horizon: {one_of: [1d], step: 1h}}": "step goes with between",
            "values: {horizon: {between: [1d, 2d], step: 0s}}": "expected a step above 0",
            "values: {horizon: {one_of: []}}": "expected a list of the values to choose from",
            "values: {'timeline[': {between: [1d, 2d]}}": "malformed key path",
            "keep: [metrik]": "unknown expectation kind 'metrik' (did you mean 'metric'?)",
            "keep: [metric]": "nothing varies",
            "sometimes: true": "unknown key 'sometimes'",
            "values: {'timeline[cut].at': {between: [0, 1e18]}}": "more than 2^53 steps",
        }
        base = (source / "tests/data/explore/draws-past-horizon.yaml").read_text()
        base = base[:base.index("vary:")]
        for n, (block, message) in enumerate(bad.items()):
            path = tmp / f"bad-{n}.yaml"
            path.write_text(base + "vary:\n  " + block + "\n")
            done = cli("validate", path)
            check(done.returncode == 2 and message in done.stderr,
                  f"vary {block!r}: exit {done.returncode}, stderr {done.stderr!r}")

        # A time budget stops explore before its runs are done.
        budget = cli("explore", source / "scenarios/swarm-of-faults-keeps-every-rule.yaml",
                     "--runs", 100000, "--time-budget", "2s")
        check(budget.returncode == 0 and "stopped by the time budget" in budget.stdout
              and "100000 runs" not in budget.stdout, f"budget: {budget.returncode} {budget.stdout}")
        # By default 100 runs; a budget alone runs on until it is spent: the first
        # variation of rare-failure.yaml that fails is seed 302.
        shutil.copy(source / "tests/data/explore/rare-failure.yaml", work)
        rare = cli("explore", work / "rare-failure.yaml")
        check(rare.returncode == 0 and "100 runs (seeds 1..100), 100 passed" in rare.stdout,
              f"rare, by default: {rare.returncode} {rare.stdout}")
        rare = cli("explore", work / "rare-failure.yaml", "--time-budget", "10m", "-j", 2,
                   timeout=900)
        check(rare.returncode == 1 and "FAIL seed 302:" in rare.stdout,
              f"rare, with a budget alone: {rare.returncode} {rare.stdout}")

        # SIGINT: explore stops, says so, exits 130, and leaves nothing behind.
        swarm_copy = tmp / "swarm"
        swarm_copy.mkdir()
        shutil.copy(source / "scenarios/swarm-of-faults-keeps-every-rule.yaml", swarm_copy)
        child = subprocess.Popen([relinksim, "explore", swarm_copy / "swarm-of-faults-keeps-every-rule.yaml",
                                  "--runs", "100000"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        check(child.returncode == 130 and "interrupted by SIGINT" in err,
              f"SIGINT: exit {child.returncode}: {err}")
        check(leftovers(swarm_copy) == [], f"SIGINT: hidden files left: {leftovers(swarm_copy)}")

    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
