#!/usr/bin/python3
"""The samples in README.md and docs/explore-and-shrink.md are what relinksim prints,
not what it once printed. Each page's commands run in order in one folder (the
repository's scenarios/ and a copy of its tests/).

1. A ```yaml block that starts with `scenario: NAME` and stands for a library file
   (the line before the fence says `<!-- file: PATH -->`) is that file, byte for
   byte, without its schema modeline.
2. A console block whose first line is `$ relinksim ...` is what that command prints
   today, run from a folder where the README's relative paths resolve, with only the
   wall time ("simulated in 0.381 ms") let vary.
3. A console block of `FAIL ...` and `reproduce: ...` lines (no `$`) is lines the
   command its reproduce line names prints, in that order.
4. A ```yaml block after `<!-- written: PATH -->` is the file the commands before it
   wrote, byte for byte.

Usage: readme_check.py RELINKSIM SOURCE_DIR
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

MODELINE = "# yaml-language-server:"
PAGES = ("README.md", "docs/explore-and-shrink.md")
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
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        # The README's paths are relative to the repository; its runs write out/ here.
        # tests/ is a copy: explore and shrink write beside the file they are given.
        os.symlink(os.path.join(source, "scenarios"), os.path.join(folder, "scenarios"))
        shutil.copytree(os.path.join(source, "tests"), os.path.join(folder, "tests"),
                        symlinks=True)
        for page in PAGES:
            problems += [f"{page}: {p}" for p in check_page(relinksim, source, folder, page)]
    for p in problems:
        print(p)
    print("samples:", "ok" if not problems else f"{len(problems)} stale")
    return 1 if problems else 0


def check_page(relinksim, source, folder, page):
    """The stale samples of one page, run in `folder` in the page's order."""
    problems = []
    page_text = open(os.path.join(source, page), encoding="utf-8").read()
    for language, lines, before in blocks(page_text):
        file = re.match(r"^<!-- file: (\S+) -->$", before)
        written = re.match(r"^<!-- written: (\S+) -->$", before)
        if language == "yaml" and file:
            text = open(os.path.join(source, file.group(1)), encoding="utf-8").read()
            expected = [l for l in text.rstrip("\n").split("\n")
                        if not l.startswith(MODELINE)]
            if lines != expected:
                problems.append(f"the YAML block before line '{lines[0]}' is not "
                                f"{file.group(1)}: show the file as it is")
        elif language == "yaml" and written:
            path = os.path.join(folder, written.group(1))
            text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if lines != text.rstrip("\n").split("\n"):
                problems.append(f"the commands before it write {written.group(1)} as:\n{text}")
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
    return problems


if __name__ == "__main__":
    sys.exit(main())
