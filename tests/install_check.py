#!/usr/bin/python3
"""An installation as a user gets it, and `relinksim init` as a team uses it.

`cmake --install` into a folder of its own, then the installed relinksim:
- holds its binary, schema, man page, bash and zsh completions and docs where
  users expect them; the schema is `relinksim schema`, and `schema --path` finds it;
- the man page has every command's help; the completions complete commands,
  options and choices in bash, and register with zsh's compinit;
- `init DIR` writes the example scenario (its modeline on the installed schema)
  and the CI files, says what it wrote, and the example passes with `suite` from
  another folder than the source tree; a second init keeps every file (even one a
  user changed) and says so; a folder that cannot be written is an error (exit 2).
The build tree's relinksim, not installed, writes the schema beside the suite.

Usage: install_check.py CMAKE BUILD_DIR SOURCE_DIR
"""

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main():
    cmake, build, source = sys.argv[1:4]
    build, source = Path(build).resolve(), Path(source).resolve()
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    def run(*command, cwd=None, env=None):
        return subprocess.run([str(c) for c in command], capture_output=True, text=True,
                              cwd=cwd, env=env)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        prefix = tmp / "prefix"
        installed = run(cmake, "--install", build, "--prefix", prefix)
        if installed.returncode != 0:
            print("FAIL: cmake --install:", installed.stderr)
            return 1
        relinksim = prefix / "bin" / "relinksim"
        schema = prefix / "share" / "relinksim" / "scenario.schema.json"
        for path in (relinksim, schema,
                     prefix / "share/man/man1/relinksim.1.gz",
                     prefix / "share/bash-completion/completions/relinksim",
                     prefix / "share/zsh/site-functions/_relinksim",
                     prefix / "share/doc/relinksim/README.md",
                     prefix / "share/doc/relinksim/CHANGELOG.md",
                     prefix / "share/doc/relinksim/copyright",
                     prefix / "share/doc/relinksim/docs/scenario-format.md"):
            check(path.is_file(), f"the installation has no {path.relative_to(prefix)}")
        if problems:
            for p in problems:
                print("FAIL:", p)
            return 1

        # The installed program, run from elsewhere, with nothing of the source tree.
        env = dict(os.environ, PATH=f"{prefix / 'bin'}:/usr/bin:/bin")
        found = run("relinksim", "schema", "--path", cwd=tmp, env=env)
        check(found.returncode == 0 and found.stdout.strip() == str(schema),
              f"schema --path says {found.stdout!r} {found.stderr!r}, not {schema}")
        printed = run(relinksim, "schema").stdout
        check(schema.read_text() == printed, "the installed schema is not `relinksim schema`")
        version = run(relinksim, "--version").stdout

        # The man page: every command's help, the version, the exit codes.
        page = gzip.decompress((prefix / "share/man/man1/relinksim.1.gz").read_bytes()).decode()
        commands = re.findall(r"^  ([a-z]+) {2,}", run(relinksim, "--help").stdout, re.M)
        check(len(commands) >= 7, f"--help lists only {commands}")
        for command in commands:
            check(f'.SS "relinksim {command}"' in page, f"the man page has no section for {command}")
        check("Exit codes" in page and version.split()[1] in page,
              "the man page lacks the exit codes or the version")

        # bash: the function the completion file registers, as bash calls it.
        completion = prefix / "share/bash-completion/completions/relinksim"

        def complete(*words):
            script = (f"source {completion}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
                      f"COMP_CWORD={len(words) - 1}; _relinksim; echo \"${{COMPREPLY[@]}}\"")
            return run("bash", "-c", script, cwd=source / "scenarios").stdout.split()

        check(complete("relinksim", "su") == ["suite"], f"bash completes 'su' to {complete('relinksim', 'su')}")
        check(set(commands) <= set(complete("relinksim", "")), "bash does not offer every command")
        check("--check-determinism" in complete("relinksim", "suite", "--ch"),
              "bash does not complete suite's options")
        check(complete("relinksim", "run", "--format", "") == ["text", "json"],
              f"bash completes --format to {complete('relinksim', 'run', '--format', '')}")
        check("hosted-relink-repairs-revoked-account.yaml" in complete("relinksim", "run", "hosted"),
              "bash does not complete scenario files")
        # zsh: the file is valid, and compinit finds it in the install's site-functions.
        zsh_file = prefix / "share/zsh/site-functions/_relinksim"
        check(run("zsh", "-n", zsh_file).returncode == 0, "the zsh completion does not parse")
        registered = run("zsh", "-fc", f"fpath=({zsh_file.parent} $fpath); autoload -U compinit; "
                         "compinit -u -D; print -r -- ${_comps[relinksim]}")
        check(registered.stdout.strip() == "_relinksim",
              f"zsh's compinit does not register the completion: {registered.stdout!r} "
              f"{registered.stderr!r}")

        # relinksim init, from the installed program.
        work = tmp / "work"
        work.mkdir()
        init = run("relinksim", "init", "my-suite", cwd=work, env=env)
        suite = work / "my-suite"
        wrote = ["my-suite/scenarios/first-relink.yaml", "my-suite/.github/workflows/relinksim.yml",
                 "my-suite/.gitlab-ci.yml"]
        check(init.returncode == 0, f"init exited {init.returncode}: {init.stderr}")
        check(all(f"wrote {w}" in init.stdout for w in wrote), f"init does not say what it wrote: {init.stdout}")
        example = suite / "scenarios" / "first-relink.yaml"
        check(example.read_text().startswith(f"# yaml-language-server: $schema={schema}\n"),
              "the example's modeline is not the installed schema")
        check(not (suite / "scenario.schema.json").exists(),
              "an installed relinksim wrote a schema copy beside the suite")
        passed = run("relinksim", "suite", "scenarios/", cwd=suite, env=env)
        check(passed.returncode == 0 and "PASS 1/1" in passed.stdout,
              f"the example suite does not pass: {passed.stdout[-800:]} {passed.stderr}")
        for ci_file in (".github/workflows/relinksim.yml", ".gitlab-ci.yml"):
            text = (suite / ci_file).read_text()
            check("{{" not in text and version.split()[1] in text,
                  f"{ci_file} is not filled in: {text[:300]}")
        # Never overwrites: a changed file is kept, and said to be.
        example.write_text("# mine\n")
        again = run("relinksim", "init", "my-suite", cwd=work, env=env)
        check(again.returncode == 0 and example.read_text() == "# mine\n",
              "a second init overwrote a file")
        check(all(f"kept  {w}" in again.stdout for w in wrote) and "nothing new to write" in again.stdout,
              f"a second init does not say it kept the files: {again.stdout}")
        (work / "a-file").write_text("")
        blocked = run("relinksim", "init", "a-file/suite", cwd=work, env=env)
        check(blocked.returncode == 2 and "relinksim init: cannot write" in blocked.stderr,
              f"init under a file: exit {blocked.returncode} {blocked.stderr!r}")

        # The build tree's relinksim is not installed: the schema goes beside the suite.
        local = run(build / "cli" / "relinksim", "init", "local", cwd=work)
        copy = work / "local" / "scenario.schema.json"
        check(local.returncode == 0 and copy.is_file() and copy.read_text() == printed,
              "a relinksim that is not installed writes no schema copy beside the suite")
        check((work / "local/scenarios/first-relink.yaml").read_text()
              .startswith("# yaml-language-server: $schema=../scenario.schema.json\n"),
              "the example's modeline does not point at the copy")
        missing = run(build / "cli" / "relinksim", "schema", "--path")
        check(missing.returncode == 1 and "not installed" in missing.stderr,
              f"schema --path of a relinksim that is not installed: {missing.returncode}")
        shutil.rmtree(prefix)

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
