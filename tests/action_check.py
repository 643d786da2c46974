#!/usr/bin/python3
"""The GitHub Action (action.yml) and the script it runs (action/suite.sh).

- action.yml is a composite action whose script step gets every input as its
  INPUT_* variable, and the script reads no INPUT_* that action.yml does not
  declare; the reports are uploaded also when the suite fails;
- the script, run as GitHub runs it (GITHUB_ACTIONS, the job summary and output
  files), with relinksim already there (install: none), from a folder that is not
  the source tree: a passing suite exits 0 with its JUnit file and job summary; seeds,
  shard and tags reach relinksim; a failing one exits 1 with an annotation on the
  failing line; bad inputs exit 2 with a message; each writes its exit code as the
  step's output.
The package install (install: package) is run by tests/package_check.sh.

Usage: action_check.py RELINKSIM SOURCE_DIR
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def main():
    relinksim, source = sys.argv[1:3]
    source = Path(source).resolve()
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    action = yaml.safe_load((source / "action.yml").read_text())
    script = (source / "action" / "suite.sh").read_text()
    check(action["runs"]["using"] == "composite", "action.yml is not a composite action")
    steps = action["runs"]["steps"]
    runner = [s for s in steps if "action/suite.sh" in s.get("run", "")]
    check(len(runner) == 1, "action.yml has no step running action/suite.sh")
    env = runner[0].get("env", {}) if runner else {}
    inputs = action["inputs"]
    for name in inputs:
        if name == "artifact-name":
            continue
        variable = "INPUT_" + name.upper().replace("-", "_")
        check(env.get(variable) == "${{ inputs.%s }}" % name,
              f"action.yml does not pass the input {name} as {variable}")
        check(f"${{{variable}" in script, f"action/suite.sh does not read {variable}")
    for variable in set(re.findall(r"\$\{?(INPUT_[A-Z_]+)", script)):
        check(variable in env, f"action/suite.sh reads {variable}, which action.yml does not set")
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    check(len(upload) == 1 and upload[0].get("if") == "always()"
          and upload[0]["with"]["path"] == "${{ inputs.out }}",
          "action.yml does not upload the report folder whatever the suite's verdict")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "qa").mkdir()
        for name in ("hosted-relink-repairs-revoked-account.yaml", "cooldown-48h-boundary.yaml"):
            (tmp / "qa" / name).write_text((source / "scenarios" / name).read_text())

        def action_run(name, **inputs):
            folder = tmp / name
            folder.mkdir()
            summary, output = folder / "summary.md", folder / "output"
            variables = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary),
                             GITHUB_OUTPUT=str(output), RELINKSIM=relinksim,
                             INPUT_INSTALL="none", INPUT_OUT=str(folder / "reports"))
            variables.update({"INPUT_" + k.upper(): v for k, v in inputs.items()})
            done = subprocess.run([source / "action" / "suite.sh"], capture_output=True,
                                  text=True, cwd=tmp, env=variables)
            return (done, folder, summary.read_text() if summary.exists() else "",
                    output.read_text() if output.exists() else "")

        done, folder, summary, output = action_run("passing", scenarios="qa/")
        check(done.returncode == 0, f"a passing suite exits {done.returncode}: {done.stderr}")
        check((folder / "reports" / "junit.xml").is_file(), "no junit.xml in the report folder")
        check("hosted-relink-repairs-revoked-account" in summary, "no job summary")
        check(output == "exit-code=0\n", f"the step's output is {output!r}")
        check(done.stdout.startswith("relinksim "), "the script does not print relinksim's version")

        done, folder, _, _ = action_run("options", scenarios="qa/hosted-relink-repairs-revoked-account.yaml "
                                        "qa/cooldown-48h-boundary.yaml", seeds="1..2", shard="2/2",
                                        jobs="1", tags="repair", args="--fail-fast")
        junit = (folder / "reports" / "junit.xml").read_text() if done.returncode == 0 else ""
        check(done.returncode == 0 and junit.count("<testsuite ") == 1 and "seed 2" in junit,
              f"seeds, shard and tags do not reach relinksim: {done.stdout[-600:]} {done.stderr}")
        check("--seeds 1..2 --shard 2/2 --tag repair --fail-fast" in done.stdout,
              f"the script does not print the command it runs: {done.stdout[:400]}")

        failing = tmp / "failing.yaml"
        failing.write_text((source / "tests/data/should-fail/tan-revoked-never-repaired.yaml").read_text())
        done, _, summary, output = action_run("failing", scenarios="qa/ failing.yaml")
        check(done.returncode == 1, f"a failing suite exits {done.returncode}")
        check(re.search(r"^::error file=failing\.yaml,line=\d+", done.stdout, re.M),
              "no annotation on the failing line")
        check("failed" in summary and output == "exit-code=1\n", "the failure is not in the summary")

        for name, inputs, message in [
                ("bogus-install", {"install": "apt"}, "install is package, source or none"),
                ("no-version", {"install": "package", "action_ref": "main"}, "which relinksim to install"),
                ("no-package", {"install": "package", "package": str(tmp / "nope.deb")}, "no package at"),
                ("bad-jobs", {"jobs": "many"}, "--jobs")]:
            if "action_ref" in inputs:
                os.environ["ACTION_REF"] = inputs.pop("action_ref")
            done, _, _, output = action_run(name, scenarios="qa/", **inputs)
            os.environ.pop("ACTION_REF", None)
            check(done.returncode == 2 and message in done.stderr and output == "exit-code=2\n",
                  f"{name}: exit {done.returncode}, stderr {done.stderr[-300:]!r}, output {output!r}")

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
