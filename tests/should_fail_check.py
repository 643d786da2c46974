#!/usr/bin/python3
"""Scenarios wrong on purpose fail, citing exactly the expectations that are wrong.

Each file in the folder is a small scenario whose `title` says what is wrong on
purpose. An expectation that must be reported as failed carries a trailing comment
`# must fail` on its first line; an invariant that must be reported as violated is
named in a comment line `# must violate: NAME`. For each file relinksim must exit 1,
its `FAIL <file>:<line>` lines must cite exactly the marked lines (a marked line
that passes is a wrong PASS; an unmarked one that fails is a right expectation
failed) and its `INVARIANT NAME violated` lines exactly the marked invariants.

Together the marked expectations cover every expectation kind, the three account
timings and every account field, so that no kind of verdict goes untested.

Usage: should_fail_check.py RELINKSIM FOLDER
"""

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

MUST_FAIL = re.compile(r"^\s*[^#\s].*\s#\s*must fail\b")
MUST_VIOLATE = re.compile(r"^\s*#\s*must violate:\s*(\S+)")
FAIL_LINE = re.compile(r"^FAIL (.+?):(\d+)  ")
INVARIANT_LINE = re.compile(r"^INVARIANT (\S+) violated")
ERROR_LINE = re.compile(r"^ERROR ")

KINDS = {"request", "account", "event", "emails", "payments", "metric", "webhooks", "session"}
ACCOUNT_TIMINGS = {"at", "by", "throughout"}
ACCOUNT_FIELDS = {"status", "cause", "action", "tan", "relink"}


def expectations(text):
    """First line of each expectation -> (kind, its keys)."""
    doc = yaml.compose(text)
    expect = next((v for k, v in doc.value if k.value == "expect"), None)
    found = {}
    for item in expect.value if expect is not None else []:
        keys = [k.value for k, _ in item.value]
        found[item.start_mark.line + 1] = (keys[0], set(keys))
    return found, {k.value: v.value for k, v in doc.value if hasattr(v, "value")}


def check(relinksim, path, out_root):
    """Problems with one file, the marked expectations, relinksim's output."""
    text = path.read_text()
    lines = text.splitlines()
    must_fail = {i for i, line in enumerate(lines, 1) if MUST_FAIL.match(line)}
    must_violate = {m.group(1) for line in lines if (m := MUST_VIOLATE.match(line))}
    problems = []
    try:
        found, top = expectations(text)
    except yaml.YAMLError as e:
        return [f"not YAML: {e}"], {}, ""
    if not str(top.get("scenario", "")).strip() or not str(top.get("title", "")).strip():
        problems.append("needs `scenario:` and a `title:` saying what is wrong on purpose")
    if not must_fail and not must_violate:
        problems.append("nothing is marked `# must fail` or `# must violate: NAME`")
    for n in sorted(must_fail - found.keys()):
        problems.append(f"line {n} is marked but does not start an expectation")
    marked = {n: found[n] for n in must_fail if n in found}

    env = dict(os.environ, NO_COLOR="1")
    try:
        p = subprocess.run([relinksim, "run", str(path), "--out", str(out_root / path.stem)],
                           capture_output=True, text=True, env=env, timeout=120)
        rc, output = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        rc, output = 124, "timed out after 120 s"
    cited, violated = set(), set()
    for line in output.splitlines():
        if m := FAIL_LINE.match(line):
            if m.group(1) == str(path):
                cited.add(int(m.group(2)))
            else:
                problems.append(f"a FAIL line names another file: {line}")
        elif m := INVARIANT_LINE.match(line):
            violated.add(m.group(1))
        elif ERROR_LINE.match(line):
            problems.append(f"the run stopped: {line}")
    if rc != 1:
        problems.append(f"exit {rc}, expected 1")
    for n in sorted(must_fail - cited):
        problems.append(f"line {n} is wrong on purpose but passed (a wrong PASS): "
                        f"{lines[n - 1].strip()}")
    for n in sorted(cited - must_fail):
        problems.append(f"line {n} failed but is not marked `# must fail`: {lines[n - 1].strip()}")
    for name in sorted(must_violate - violated):
        problems.append(f"invariant {name} is marked but was not reported violated")
    for name in sorted(violated - must_violate):
        problems.append(f"invariant {name} was reported violated but is not marked")
    return problems, marked, output


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    relinksim, folder = sys.argv[1], Path(sys.argv[2]).resolve()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        print(f"no scenarios in {folder}")
        return 1
    failed = False
    kinds, timings, fields = set(), set(), set()
    with tempfile.TemporaryDirectory(prefix="relinksim-should-fail-") as out_root:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda f: check(relinksim, f, Path(out_root)), files))
    for path, (problems, marked, output) in zip(files, results):
        for kind, keys in marked.values():
            kinds.add(kind)
            if kind == "account":
                timings |= (keys & ACCOUNT_TIMINGS) or {"at"}
                fields |= keys & ACCOUNT_FIELDS
        if problems:
            failed = True
            print(f"FAILED {path.name}:")
            for p in problems:
                print(f"    {p}")
            print("\n".join("      " + line for line in output.splitlines()[:30]))
        else:
            print(f"ok {path.name}: lines {sorted(marked)} fail as marked")
    for what, have, need in (("expectation kinds", kinds, KINDS),
                             ("account timings", timings, ACCOUNT_TIMINGS),
                             ("account fields", fields, ACCOUNT_FIELDS)):
        if need - have:
            failed = True
            print(f"no file marks a wrong expectation for these {what}: "
                  f"{', '.join(sorted(need - have))}")
    print(f"{len(files)} should-fail scenarios: "
          f"{sum(1 for r in results if not r[0])} fail as marked, "
          f"{sum(1 for r in results if r[0])} do not")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
