#!/usr/bin/python3
"""The scenario JSON Schema, the reference page and the library agree.

Checks, each failure printed with what to fix:
1. `relinksim schema` prints exactly docs/scenario.schema.json, a valid draft 2020-12 schema;
2. every library scenario starts with its `yaml-language-server` line and validates;
3. the schema is strict: a misspelt key anywhere in a library scenario is rejected;
4. docs/scenario-format.md documents every key of the schema, and every key it
   documents is in the schema;
5. docs/figures.md defines exactly the metrics a `metric` expectation can name;
6. docs/scenario-format.md holds verbatim each table `relinksim schema --tables` prints
   (those made from the format's declarations, such as the timeline's actions).

Usage: schema_check.py RELINKSIM_BINARY SOURCE_DIR
"""

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/scenario.schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors read it (1.2 core schema): `on` is a word, dates are text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

# Mappings whose keys are the user's own names, not keys of the format.
FREE_FORM = {"behaviors", "where", "rejected", "values"}  # values: vary's key paths
WEIGHTED = {"institution", "behavior"}  # in populations: {name: weight}


def problems_with_library(schema, source):
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    files = sorted((source / "scenarios").glob("*.yaml"))
    if not files:
        problems.append("no library scenarios found")
    for path in files:
        text = path.read_text()
        if text.splitlines()[0] != SCHEMA_LINE:
            problems.append(f"{path.name}:1: the first line must be '{SCHEMA_LINE}'")
        document = yaml.load(text, Loader=Yaml12Loader)
        for error in validator.iter_errors(document):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{path.name}: {where}: {error.message[:300]}")
        for where, mutant in misspelt_keys(document):
            if validator.is_valid(mutant):
                problems.append(f"{path.name}: the schema accepts a misspelt key at {where}")
    return problems


def problems_with_other_valid_files(schema, source, binary):
    """Every file relinksim accepts outside the library (the DESIGN example, the
    bench workloads, test data) validates against the schema too."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    paths = sorted((source / "tests" / "data").glob("*.yaml")) + \
        sorted((source / "bench").glob("*.yaml"))
    for path in paths:
        accepted = subprocess.run([binary, "validate", str(path)], capture_output=True).returncode == 0
        document = yaml.load(path.read_text(), Loader=Yaml12Loader)
        errors = list(validator.iter_errors(document))
        if accepted and errors:
            where = "/".join(str(p) for p in errors[0].absolute_path)
            problems.append(f"{path.name}: relinksim accepts it, the schema does not: "
                            f"{where}: {errors[0].message[:300]}")
    return problems


def misspelt_keys(document, path=()):
    """Every copy of the document with one key of the format misspelt."""
    def walk(node, trail):
        if isinstance(node, dict):
            parent = trail[-1] if trail else ""
            free = parent in FREE_FORM or (parent in WEIGHTED and "populations" in trail)
            for key in list(node):
                if not free:
                    yield trail + (key,)
                yield from walk(node[key], trail + (key,))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, trail + (i,))

    for trail in walk(document, path):
        mutant = copy.deepcopy(document)
        parent = mutant
        for step in trail[:-1]:
            parent = parent[step]
        parent[str(trail[-1]) + "_x"] = parent.pop(trail[-1])
        yield "/".join(str(t) for t in trail), mutant


def schema_keys(node, found=None):
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.add(key)
        for value in node.values():
            schema_keys(value, found)
    elif isinstance(node, list):
        for value in node:
            schema_keys(value, found)
    return found


def documented_keys(markdown):
    """Backticked keys in the reference's tables: (named in a first column, all named)."""
    first_column, anywhere = set(), set()
    header = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if header is None:
            header = cells
            continue
        if set(cells[0]) <= set("-: "):
            continue
        if header[0] not in ("key", "action", "kind") or header[1] == "form":
            continue
        for number, cell in enumerate(cells[:2]):
            for text in re.findall(r"`([^`]+)`", cell):
                # `platform.link_lifetime`, `account: ID`, `{to: ADDRESS, count: N}`
                words = re.findall(r"([a-z_][a-z0-9_]*)\s*:", text)
                if re.fullmatch(r"[a-z_][a-z0-9_.]*", text):
                    words += text.split(".")
                anywhere.update(words)
                if number == 0:
                    first_column.update(words)
    return first_column, anywhere


def metric_names(schema):
    """The names the schema allows after `metric:`."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            metric = node.get("properties", {}).get("metric")
            if isinstance(metric, dict) and "enum" in metric:
                found.update(metric["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def problems_with_figures(schema, source):
    text = (source / "docs" / "figures.md").read_text()
    text = text.split("\n## Metrics\n", 1)[-1].split("\n## ", 1)[0]
    defined = set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, re.MULTILINE))
    names = metric_names(schema)
    problems = []
    if not names:
        problems.append("the schema names no metric")
    for name in sorted(names - defined):
        problems.append(f"docs/figures.md does not define the metric '{name}'")
    for name in sorted(defined - names):
        problems.append(f"docs/figures.md defines '{name}', which no `metric` can name")
    return problems


def problems_with_generated_tables(binary, source):
    printed = subprocess.run([binary, "schema", "--tables"], capture_output=True, text=True,
                             check=True).stdout
    page = (source / "docs" / "scenario-format.md").read_text()
    problems = []
    tables = [t for t in printed.split("\n\n") if t.strip()]
    if not tables:
        problems.append("`relinksim schema --tables` printed no table")
    for table in tables:
        if table.rstrip("\n") + "\n" not in page:
            header = table.splitlines()[0]
            problems.append(f"docs/scenario-format.md: the table '{header}' differs from "
                            "`relinksim schema --tables`: paste the printed table in its place")
    return problems


def main():
    binary, source = sys.argv[1], Path(sys.argv[2])
    problems = []
    printed = subprocess.run([binary, "schema"], capture_output=True, text=True, check=True).stdout
    committed = (source / "docs" / "scenario.schema.json").read_text()
    if printed != committed:
        problems.append("docs/scenario.schema.json differs from `relinksim schema`: "
                        "run `relinksim schema > docs/scenario.schema.json`")
    schema = json.loads(printed)
    jsonschema.Draft202012Validator.check_schema(schema)
    problems += problems_with_library(schema, source)
    problems += problems_with_other_valid_files(schema, source, binary)
    problems += problems_with_figures(schema, source)
    problems += problems_with_generated_tables(binary, source)

    keys = schema_keys(schema)
    first_column, anywhere = documented_keys((source / "docs" / "scenario-format.md").read_text())
    for key in sorted(keys - anywhere):
        problems.append(f"docs/scenario-format.md does not document the key '{key}'")
    for key in sorted(first_column - keys):
        problems.append(f"docs/scenario-format.md documents '{key}', which the schema lacks")

    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s); {len(keys)} keys in the schema")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
