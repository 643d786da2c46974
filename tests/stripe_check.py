#!/usr/bin/python3
"""What relinksim writes in Stripe's shapes is valid against Stripe's own API description.

Runs every library scenario and checks:
1. each line of webhooks.jsonl against the preview spec: the envelope against `event`,
   the type against the spec's financial_connections.* events, data.object against the
   schema its `object` names; no error, and no property the schema does not declare;
2. the same lines against the GA spec: nothing differs but the preview-only items
   docs/events.md lists (event types, objects, fields, values), each of them by name;
3. accounts.jsonl (every account's final state; report.json counts them), where they
   mirror Stripe's account (`id`,
   `status`, `cause`, `action`, `tan`): each value against the spec's own definition of
   that field, and the same as the last webhook the endpoint received about the account
   (when none was dropped).

`--self-test` proves the checks can fail: objects broken on purpose (a required field
removed, a `null` the spec forbids, an undeclared field, an event type Stripe lacks, a
report value outside the spec's enum or at odds with the webhooks), and each preview-only
item left out of docs/events.md, must each be caught.

The schemas are tests/schemas/stripe-openapi-fc.json (an excerpt of github:stripe/openapi,
MIT licence; see tests/schemas/README.md). OpenAPI 3.0 `nullable` becomes a `null`
alternative; descriptions, formats and x-* annotations are ignored; expansion targets
(customer, account, token, institution) accept any object, so ids and expanded objects
both pass.

Usage: stripe_check.py [--self-test] RELINKSIM_BINARY SOURCE_DIR WORK_DIR
"""

import copy
import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

DROP_KEYS = {"description", "title", "format", "example", "examples"}
INACTIVE = "bank_connections_resource_account_status_details_api_resource_inactive_status_details"
MIRRORED = {  # accounts.jsonl key -> the spec's definition of that value
    "id": "financial_connections.account/properties/id",
    "status": "financial_connections.account/properties/status",
    "cause": INACTIVE + "/properties/cause",
    "action": INACTIVE + "/properties/action",
    "tan": "bank_connections_resource_account_number_details/properties/status",
}


def convert(node, strict):
    """OpenAPI 3.0 schema -> JSON Schema 2020-12; `strict` forbids undeclared properties."""
    if isinstance(node, list):
        return [convert(n, strict) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "nullable" or key in DROP_KEYS or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {k: convert(v, strict) for k, v in value.items()}
        elif key in ("items", "not", "additionalProperties") and isinstance(value, dict):
            out[key] = convert(value, strict)
        elif key in ("anyOf", "oneOf", "allOf"):
            out[key] = [convert(v, strict) for v in value]
        else:
            out[key] = copy.deepcopy(value)
    if strict and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "$ref" in out:
            out = {"anyOf": [{"$ref": out.pop("$ref")}, {"type": "null"}], **out}
        elif "anyOf" in out:
            out["anyOf"] = out["anyOf"] + [{"type": "null"}]
        elif "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = types + ["null"]
            if "enum" in out:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class Spec:
    """One variant (ga or preview) of the excerpt, as validators."""

    def __init__(self, name, excerpt):
        variant = excerpt[name]
        schemas = {k: excerpt["ga"]["schemas"][k]
                   for k in ("event", "notification_event_data", "notification_event_request")}
        schemas.update(variant["schemas"])
        self.name = name
        self.event_types = set(variant["event_types"])
        self.event_object = variant.get("event_object", {})
        self.root = {"components": {"schemas": {k: convert(v, True) for k, v in schemas.items()}}}
        self.validators = {}

    def validator(self, name):
        if name not in self.validators:
            self.validators[name] = Draft202012Validator(
                dict(self.root, **{"$ref": "#/components/schemas/" + name}))
        return self.validators[name]

    def has(self, name):
        return name in self.root["components"]["schemas"]


def leaves(error):
    """An anyOf failure as the errors of the branch that fits the value best."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        best = None
        for index, subs in sorted(branches.items()):
            if error.validator_value[index] == {"type": "null"}:
                continue
            type_only = all(s.validator == "type" and not s.relative_path for s in subs)
            score = (0 if type_only else 1, -len(subs))
            if best is None or score > best[0]:
                best = (score, subs)
        if best is not None and best[0][0] == 1:
            return [leaf for s in best[1] for leaf in leaves(s)]
    return [error]


def path_of(base, error):
    parts = [base] + ["[]" if isinstance(p, int) else str(p) for p in error.absolute_path]
    return ".".join(parts).replace(".[]", "[]")


def findings(event, spec):
    """(kind, path, detail) for each way one webhook differs from the spec."""
    out = []
    for error in spec.validator("event").iter_errors(event):
        for leaf in leaves(error):
            out.append(("invalid", path_of("event", leaf), leaf.message[:200]))
    etype = event.get("type") if isinstance(event, dict) else None
    data = event.get("data") if isinstance(event, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    otype = obj.get("object") if isinstance(obj, dict) else None
    if etype not in spec.event_types:
        out.append(("event type", str(etype), "not an event of this spec"))
    expected = next((o for pattern, o in spec.event_object.items()
                     if fnmatch.fnmatchcase(etype or "", pattern)), None)
    if expected and otype != expected:
        out.append(("invalid", "data.object.object", f"{etype} carries {otype}, not {expected}"))
    if not spec.has(str(otype)):
        out.append(("object", str(otype), "no schema of this name"))
        return out
    for error in spec.validator(otype).iter_errors(obj):
        for leaf in leaves(error):
            path = path_of(otype, leaf)
            if leaf.validator == "additionalProperties":
                for name in sorted(set(leaf.instance) - set(leaf.schema.get("properties", {}))):
                    out.append(("field", normal(path + "." + name), "not declared"))
            elif leaf.validator == "enum":
                out.append(("value", normal(path.removesuffix("[]")) + ": " + str(leaf.instance),
                            leaf.message[:200]))
            else:
                out.append(("invalid", path, leaf.message[:200]))
    return out


def normal(path):
    """An account listed in a session is an account: name its fields alike."""
    return re.sub(r"^financial_connections\.session\.accounts\.data\[\]",
                  "financial_connections.account", path)


def preview_only(source):
    """The preview-only items docs/events.md lists: {(kind, item)}."""
    text = (source / "docs" / "events.md").read_text()
    section = text.split("### Preview-only items", 1)[1].split("\n#", 1)[0]
    items = set(re.findall(r"^\| `([^`]+)` \| (event type|object|field|value) \|$", section,
                           re.MULTILINE))
    return {(kind, item) for item, kind in items}


def check_webhooks(lines, where, preview, ga, allowed):
    problems = []
    for number, line in enumerate(lines, 1):
        try:
            event = json.loads(line)
        except ValueError as e:
            problems.append(f"{where}:{number}: not JSON: {e}")
            continue
        for kind, path, detail in findings(event, preview):
            problems.append(f"{where}:{number}: preview: {kind} {path}: {detail}")
        for kind, path, detail in findings(event, ga):
            if (kind, path) not in allowed:
                problems.append(f"{where}:{number}: GA: {kind} {path}: {detail} "
                                "(not a preview-only item of docs/events.md)")
    return problems


def latest_account_objects(lines):
    """Each account's object in the last webhook about it (by event sequence)."""
    latest = {}
    for line in lines:
        event = json.loads(line)
        obj = event["data"]["object"]
        if obj.get("object") != "financial_connections.account":
            continue
        sequence = int(event["id"][-10:])
        if obj["id"] not in latest or latest[obj["id"]][0] < sequence:
            latest[obj["id"]] = (sequence, obj)
    return {k: v[1] for k, v in latest.items()}


def read_finals(out):
    """Each line of a run's accounts.jsonl: every account as it ended the run."""
    return [json.loads(line) for line in (out / "accounts.jsonl").read_text().splitlines()]


def check_report(report, finals, lines, where, preview):
    problems = []
    item_schema = {"type": "object", "required": ["id", "status"],
                   "properties": {k: {"$ref": "#/components/schemas/" + v}
                                  for k, v in MIRRORED.items()}}
    validator = Draft202012Validator(dict(preview.root, **item_schema))
    if len(finals) != report["accounts"]["count"]:
        problems.append(f"{where}: accounts.jsonl has {len(finals)} accounts, report.json "
                        f"counts {report['accounts']['count']}")
    compare = report["webhooks"]["dropped"] == 0
    latest = latest_account_objects(lines) if compare else {}
    for item in finals:
        for error in validator.iter_errors(item):
            problems.append(f"{where}: final state of {item.get('id')}: "
                            f"{'.'.join(map(str, error.absolute_path))}: {error.message[:200]}")
        if not compare:
            continue
        obj = latest.get(item.get("id"))
        if obj is None:
            problems.append(f"{where}: {item.get('id')} has a final state and no webhook")
            continue
        inactive = obj.get("status_details", {}).get("inactive", {})
        mirrored = {"status": obj["status"], "cause": inactive.get("cause"),
                    "action": inactive.get("action")}
        number = (obj.get("account_numbers") or [{}])[0]
        if number.get("identifier_type") == "tokenized_account_number":
            mirrored["tan"] = number["status"]
        for key, value in mirrored.items():
            if item.get(key) != value:
                problems.append(f"{where}: {item['id']}: accounts.jsonl says {key} "
                                f"{item.get(key)!r}, its last webhook {value!r}")
    return problems


def run_library(binary, source, work):
    runs = []
    for scenario in sorted((source / "scenarios").glob("*.yaml")):
        out = work / scenario.stem
        result = subprocess.run([binary, "run", str(scenario), "--quiet", "--out", str(out)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{scenario.name}: relinksim run failed:\n{result.stdout}{result.stderr}")
        runs.append((scenario.stem, out))
    if not runs:
        sys.exit("no library scenarios found")
    return runs


def check_library(binary, source, work, preview, ga, allowed):
    problems, lines_checked, accounts_checked = [], 0, 0
    for name, out in run_library(binary, source, work):
        lines = (out / "webhooks.jsonl").read_text().splitlines()
        report = json.loads((out / "report.json").read_text())
        finals = read_finals(out)
        problems += check_webhooks(lines, f"{name}/webhooks.jsonl", preview, ga, allowed)
        problems += check_report(report, finals, lines, f"{name}/accounts.jsonl", preview)
        lines_checked += len(lines)
        accounts_checked += len(finals)
    return problems, lines_checked, accounts_checked


def self_test(binary, source, work, preview, ga, allowed):
    """Each deliberately broken copy of a real run must be caught; the run itself not."""
    out = dict(run_library(binary, source, work))["api-relink-sessions"]
    lines = (out / "webhooks.jsonl").read_text().splitlines()
    report = json.loads((out / "report.json").read_text())
    finals = read_finals(out)
    events = [json.loads(line) for line in lines]
    account = next(i for i, e in enumerate(events) if e["type"].endswith(".deactivated"))
    session = next(i for i, e in enumerate(events) if e["type"].endswith("session.updated"))

    def broken_line(index, change):
        mutant = copy.deepcopy(events)
        change(mutant[index])
        return [json.dumps(e) for e in mutant]

    def broken_report(change):
        mutant = copy.deepcopy((report, finals))
        change(*mutant)
        return mutant

    line_cases = {
        "a required field removed": (account, lambda e: e["data"]["object"].pop("category")),
        "status_details null": (account, lambda e: e["data"]["object"].update(status_details=None)),
        "an undeclared field": (account, lambda e: e["data"]["object"].update(nickname="x")),
        "a wrong enum value": (account, lambda e: e["data"]["object"].update(subcategory="cheque")),
        "hosted.url instead of url": (
            session, lambda e: e["data"]["object"]["hosted"].update(url=None)),
        "an event type Stripe lacks": (account, lambda e: e.update(type="financial_connections.x")),
        "the envelope without created": (account, lambda e: e.pop("created")),
    }
    last_id = finals[0]["id"]
    report_cases = {
        # with a webhook dropped nothing is compared: the spec alone must catch it
        "a status outside the spec's enum":
            lambda r, f: (f[0].update(status="broken"), r["webhooks"].update(dropped=1)),
        "a cause outside the spec's enum":
            lambda r, f: (f[0].update(cause="tired", action="none"),
                          r["webhooks"].update(dropped=1)),
        "a final state the webhooks contradict":
            lambda r, f: f[0].update(status="disconnected"),
        "an account missing from accounts.jsonl": lambda r, f: f.pop(),
    }
    problems = []
    clean = check_webhooks(lines, "sample", preview, ga, allowed) + \
        check_report(report, finals, lines, "sample", preview)
    if clean:
        problems.append("the unbroken sample is not clean: " + clean[0])
    for name, (index, change) in line_cases.items():
        if not check_webhooks(broken_line(index, change), "mutant", preview, ga, allowed):
            problems.append(f"not caught in webhooks.jsonl: {name}")
    for name, change in report_cases.items():
        if not check_report(*broken_report(change), lines, "mutant", preview):
            problems.append(f"not caught in accounts.jsonl: {name} ({last_id})")
    if not allowed:
        problems.append("docs/events.md lists no preview-only items")
    # A GA difference docs/events.md does not name is a failure.
    for item in sorted(allowed):
        if item[0] == "value":
            continue  # no library run uses the preview-only subscriptions
        if not check_webhooks(lines if item[1] != "financial_connections.authorization"
                              else authorization_lines(work), "sample", preview, ga,
                              allowed - {item}):
            problems.append(f"not caught against GA: {item[0]} {item[1]} left out of "
                            "docs/events.md")
    tested_items = [item for item in allowed if item[0] != "value"]
    return problems, len(line_cases) + len(report_cases) + len(tested_items)


def authorization_lines(work):
    """A run whose webhooks carry financial_connections.authorization objects."""
    return (work / "authorization-deactivation-announced" / "webhooks.jsonl").read_text() \
        .splitlines()


def main():
    args = sys.argv[1:]
    testing = args[:1] == ["--self-test"]
    if testing:
        args = args[1:]
    binary, source, work = args[0], Path(args[1]), Path(args[2])
    excerpt = json.loads((source / "tests" / "schemas" / "stripe-openapi-fc.json").read_text())
    preview, ga = Spec("preview", excerpt), Spec("ga", excerpt)
    allowed = preview_only(source)
    if testing:
        problems, cases = self_test(binary, source, work, preview, ga, allowed)
        summary = f"{cases} breakages, each caught"
    else:
        problems, lines, accounts = check_library(binary, source, work, preview, ga, allowed)
        summary = (f"{lines} webhooks valid against the preview spec and, but for "
                   f"{len(allowed)} documented preview-only items, GA; {accounts} final "
                   "states in accounts.jsonl valid and, where no webhook was dropped, "
                   "the same as the webhooks")
    for p in problems[:200]:
        print(p)
    if len(problems) > 200:
        print(f"... and {len(problems) - 200} more")
    print(f"{len(problems)} problem(s)" + (f"; {summary}" if not problems else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
