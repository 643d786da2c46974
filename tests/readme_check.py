#!/usr/bin/python3
"""The samples in README.md are what relinksim prints, not what it once printed.

1. A ```yaml block that starts with `scenario: NAME` and stands for a library file
   (the line before the fence says `<!-- file: PATH -->`) is that file, byte for
   byte, without its schema modeline.
2. A console block whose first line is `$ relinksim ...` is what that command prints
   today, run from a folder where the README's relative paths resolve, with only the
   wall time ("simulated in 0.381 ms") let vary.
3. A console block of `FAIL ...` and `reproduce: ...` lines (no `$`) is lines the
   command its reproduce line names prints, in that order.

Usage: readme_check.py RELINKSIM SOURCE_DIR
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile

MODELINE = "# yaml-language-server:"
WALL = re.compile(r"simulated in [0-9.]+ (ms|s)")


def blocks(text):
    """(language, lines, line before the fence) of every fenced block."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = re.match(r"^```(\w*)$", lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j] != "```":
            j += 1
        out.append((m.group(1), lines[i + 1:j], lines[i - 1] if i > 0 else ""))
        i = j + 1
    return out


def run(relinksim, words, folder):
    done = subprocess.run([relinksim] + words, cwd=folder, capture_output=True, text=True,
                          env=dict(os.environ, NO_COLOR="1"))
    return done.stdout + (done.stderr if done.returncode not in (0, 1) else "")


def normal(line):
    return WALL.sub("simulated in (wall time)", line)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    relinksim, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    readme = open(os.path.join(source, "README.md"), encoding="utf-8").read()
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        # The README's paths are relative to the repository; its runs write out/ here.
        for name in ("scenarios", "tests"):
            os.symlink(os.path.join(source, name), os.path.join(folder, name))
        for language, lines, before in blocks(readme):
            file = re.match(r"^<!-- file: (\S+) -->$", before)
            if language == "yaml" and file:
                text = open(os.path.join(source, file.group(1)), encoding="utf-8").read()
                expected = [l for l in text.rstrip("\n").split("\n")
                            if not l.startswith(MODELINE)]
                if lines != expected:
                    problems.append(f"the YAML block before line '{lines[0]}' is not "
                                    f"{file.group(1)}: show the file as it is")
            elif language == "" and lines and lines[0].startswith("$ relinksim "):
                words = shlex.split(lines[0][2:])[1:]
                printed = run(relinksim, words, folder).rstrip("\n").split("\n")
                if [normal(l) for l in lines[1:]] != [normal(l) for l in printed]:
                    problems.append(f"`{lines[0][2:]}` prints, today:\n" + "\n".join(printed))
            elif language == "" and lines and lines[0].startswith("FAIL "):
                command = next((l.split("reproduce: ", 1)[1] for l in lines
                                if "reproduce: " in l), None)
                if command is None:
                    problems.append(f"the block of '{lines[0]}' names no reproduce command")
                    continue
                printed = run(relinksim, shlex.split(command)[1:] + ["--out", "sample"],
                              folder).split("\n")
                at = 0
                for line in lines:
                    while at < len(printed) and printed[at] != line:
                        at += 1
                    if at == len(printed):
                        problems.append(f"`{command}` does not print, in order: {line}")
                        break
                    at += 1
    for p in problems:
        print("README.md:", p)
    print("README samples:", "ok" if not problems else f"{len(problems)} stale")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
