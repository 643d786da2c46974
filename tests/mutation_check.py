#!/usr/bin/python3
"""The checker is tested by mutation: every library expectation, made wrong, fails.

For every scenario in SOURCE_DIR/scenarios/*.yaml the unmutated file must pass
(exit 0). Then each of its expectations is made wrong in every way that applies,
one mutant at a time, by rewriting the text of the file in place so that every
line keeps its number:
- account: `status`, `cause`, `action`, `tan` and `relink` changed to another valid
  value; `by: T` moved to just before the account first entered the stated state;
  `at: T` moved to just before it last entered it; the start of `throughout` moved
  to just before it entered it;
- request: an accepted account named as rejected, a rejected one as accepted, a
  rejection reason changed, `accepted_count`/`rejected_count` off by one;
- event: `count` off by one, `min` just above and `max` just below the actual count;
  `between` moved just past the events it counts, or stretched to the nearest other;
- emails, payments and webhooks counts off by one (`out_of_order_min` just above);
- session: status and failure reason changed;
- metric: `min` just above, `max` just below, `equals` either side of the value
  report.json gives.
Every mutant must exit 1 and cite exactly the mutated expectation's line
(`FAIL <file>:<line>`), and nothing else.

A mutant the documented semantics say still holds is equivalent and skipped (for
example `status: active, by: T` for an account active since it was created:
moving T earlier changes nothing). The semantics (docs/scenario-format.md) are
applied to the original run's events.jsonl; they must agree with relinksim's
verdict on every unmutated account and event expectation.

Usage: mutation_check.py RELINKSIM SOURCE_DIR [--keep DIR] [-j N]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

FAIL_LINE = re.compile(r"^FAIL (.+?):(\d+)  ")
INVARIANT_LINE = re.compile(r"^INVARIANT (\S+) violated")

# One wrong value for each valid one.
OTHER_VALUE = {
    "status": {"active": "inactive", "inactive": "active", "disconnected": "active"},
    "cause": {"access_denied": "access_expired", "access_expired": "access_denied",
              "account_closed": "access_denied", "account_unavailable": "access_denied",
              "institution_requirement": "access_denied", "unspecified": "access_denied"},
    "action": {"none": "relink_required", "relink_required": "none"},
    "tan": {"transactable": "expired", "expired": "transactable", "pending": "transactable",
            "deactivated": "transactable"},
    "relink": {"none": "requested", "requested": "email_sent", "email_sent": "delivered",
               "delivered": "opened", "bounced": "delivered", "opened": "flow_started",
               "flow_started": "succeeded", "succeeded": "failed", "failed": "succeeded",
               "cancelled": "succeeded", "expired": "opened"},
}
SESSION_STATUS = {"pending": "succeeded", "succeeded": "failed", "failed": "succeeded",
                  "cancelled": "succeeded"}
FAILURE_REASON = {"other": "no_account", "no_account": "no_authorization",
                  "no_authorization": "other"}
REASONS = ["disconnected", "not_repairable", "not_inactive_or_expiring", "no_account_holder",
           "no_email", "sandbox_email_unconfirmed", "cooldown_48h"]
STATE_KEYS = ("status", "cause", "action", "tan", "relink")

ACCOUNT_CHANGES = {
    "financial_connections.account.created", "financial_connections.account.deactivated",
    "financial_connections.account.reactivated", "financial_connections.account.disconnected",
    "financial_connections.account.account_numbers_updated"}
RELINK_STEPS = {
    "email.sent": "email_sent", "email.delivered": "delivered", "email.bounced": "bounced",
    "email.opened": "opened", "relink_session.notification_opened": "opened",
    "relink_request.flow_started": "flow_started",
    "relink_request.succeeded": "succeeded", "relink_request.failed": "failed",
    "relink_request.cancelled": "cancelled", "relink_request.expired": "expired"}
RELINK_STARTS = {"relink_request.accepted", "relink_session.created"}
RELINK_TERMINAL = {"succeeded", "failed", "cancelled", "expired"}

UNIT_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000}


# --- values ------------------------------------------------------------------

def parse_duration(text):
    parts = re.findall(r"(\d+(?:\.\d{1,3})?)([wdhms])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {text!r}")
    return sum(round(float(n) * UNIT_MS[u]) for n, u in parts)


def parse_time(text, horizon_ms):
    return horizon_ms if text == "end" else parse_duration(text)


def format_ms(ms):
    out = ""
    for unit in "dhm":
        n, ms = divmod(ms, UNIT_MS[unit])
        if n:
            out += f"{n}{unit}"
    if ms or not out:
        seconds, millis = divmod(ms, 1000)
        out += f"{seconds}.{millis:03d}s" if millis else f"{seconds}s"
    return out


def format_number(v):
    return repr(float(v))


# --- the documented semantics, applied to a run's events.jsonl -----------------

class AccountHistory:
    """What an account expectation can see of one account, after each event."""

    def __init__(self, events, account):
        view = {"status": "active", "cause": None, "action": None, "tan": None,
                "relink": "none"}
        relink_id = None
        self.initial = dict(view)
        self.changes = []  # (t_ms, view after the event, the event is the creation)
        for e in events:
            changed = False
            if e.get("entity") == account and e["type"] in ACCOUNT_CHANGES:
                changed = True
                if e.get("tan_status"):
                    view["tan"] = e["tan_status"]
                if e["type"] == "financial_connections.account.deactivated":
                    view.update(status="inactive", cause=e.get("cause"), action=e.get("action"))
                elif e["type"] == "financial_connections.account.reactivated":
                    view.update(status="active", cause=None, action=None)
                elif e["type"] == "financial_connections.account.disconnected":
                    view["status"] = "disconnected"
            elif e.get("relink") and e.get("account") == account:
                if e["type"] in RELINK_STARTS:
                    relink_id = e["relink"]
                    view["relink"] = "requested"
                    changed = True
                elif (e["relink"] == relink_id and e["type"] in RELINK_STEPS
                      and view["relink"] not in RELINK_TERMINAL):
                    view["relink"] = RELINK_STEPS[e["type"]]
                    changed = True
            if changed:
                created = e["type"] == "financial_connections.account.created"
                self.changes.append((e["t_ms"], dict(view), created))

    def at(self, t):
        view = self.initial
        for when, after, _ in self.changes:
            if when > t:
                break
            view = after
        return view

    def entries(self, want, until):
        """Times at or before `until` of the changes that took the account into `want`."""
        before, times = self.initial, []
        for when, after, created in self.changes:
            if when > until:
                break
            if not created and matches(after, want) and not matches(before, want):
                times.append(when)
            before = after
        return times

    def holds(self, want, when, t1, t2):
        if when == "at":
            return matches(self.at(t1), want)
        if when == "by":
            return matches(self.at(t1), want) or bool(self.entries(want, t1))
        if not matches(self.at(t1), want):
            return False
        return all(matches(after, want) for t, after, _ in self.changes if t1 < t <= t2)


def matches(view, want):
    return all(view.get(key) == value for key, value in want.items())


def count_events(events, type_, account, where, window):
    n = 0
    for e in events:
        if e["type"] != type_:
            continue
        if window and not window[0] <= e["t_ms"] <= window[1]:
            continue
        if account and e.get("entity") != account and e.get("account") != account:
            continue
        if all(str(e.get(k)) == v for k, v in where.items()):
            n += 1
    return n


# --- the scenario text --------------------------------------------------------

def node_end(node):
    """Where a node's own text ends (a block collection ends with its last child)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return node_end(last[1] if isinstance(node, yaml.MappingNode) else last)


def flow_text(value):
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def plain(node):
    """A node as Python values, scalars kept as the text written."""
    if isinstance(node, yaml.ScalarNode):
        return json.dumps(node.value) if node.style in ('"', "'") else node.value
    if isinstance(node, yaml.SequenceNode):
        return [plain(n) for n in node.value]
    return {k.value: plain(v) for k, v in node.value}


class Mutant:
    def __init__(self, scenario, line, what, edits):
        self.scenario, self.line, self.what, self.edits = scenario, line, what, edits
        self.path = None
        self.changed = []  # "line: new text" of each line the mutation changed
        self.outcome = None  # killed | survived | wrong-line | invalid
        self.output = ""

    def text(self, original):
        for start, end, new in sorted(self.edits, reverse=True):
            original = original[:start] + new + original[end:]
        return original


def replace(node, new):
    return (node.start_mark.index, node.end_mark.index, str(new))


def rewrite(text, item, pairs):
    """The whole expectation as one flow mapping on its first line, then blank lines."""
    start, end = item.start_mark.index, node_end(item)
    return (start, end, flow_text(dict(pairs)) + "\n" * text.count("\n", start, end))


class Expectation:
    def __init__(self, item):
        self.item = item
        self.line = item.start_mark.line + 1
        self.nodes = {k.value: v for k, v in item.value}
        self.kind = item.value[0][0].value
        self.subject = item.value[0][1].value


# --- mutations of each kind -----------------------------------------------------

def account_mutants(name, text, x, events, horizon, skipped, disagreements):
    history = AccountHistory(events, x.subject)
    want = {k: x.nodes[k].value for k in STATE_KEYS if k in x.nodes}
    for key in ("at", "by", "throughout"):
        if key in x.nodes:
            when, node = key, x.nodes[key]
            break
    else:
        when, node = "at", None
    if when == "throughout":
        t1 = parse_time(node.value[0].value, horizon)
        t2 = parse_time(node.value[1].value, horizon)
    else:
        t1 = t2 = parse_time(node.value, horizon) if node is not None else horizon
    if not history.holds(want, when, t1, t2):
        disagreements.append(f"{name}:{x.line}  account {x.subject}: relinksim passed it, but "
                             f"the account was {history.at(t1)} ({when} {format_ms(t1)})")
        return []

    def keep_or_skip(mutant, mutated_want, mutated_t1, why):
        if history.holds(mutated_want, when, mutated_t1, t2):
            skipped.append(f"{name}:{x.line}  {mutant.what}: equivalent, {why}")
            return []
        return [mutant]

    out = []
    for key, value in want.items():
        other = OTHER_VALUE[key][value]
        m = Mutant(name, x.line, f"{key}: {value} -> {other}", [replace(x.nodes[key], other)])
        out += keep_or_skip(m, {**want, key: other}, t1,
                            f"the account was {key} {other} {when} {format_ms(t1)} too")

    # The time moved to just before the change that brought the account into the state.
    entries = history.entries(want, t1)
    if not entries:
        skipped.append(f"{name}:{x.line}  {when} moved before the change: equivalent, "
                       f"the account was {want} from its creation")
        return out
    entered = entries[0] if when == "by" else entries[-1]
    moved = entered - 1
    if moved < 0:
        skipped.append(f"{name}:{x.line}  {when} moved before the change: equivalent, "
                       f"entered at 0s")
        return out
    if node is None:
        pairs = [(k.value, plain(v)) for k, v in x.item.value] + [("at", format_ms(moved))]
        edit = rewrite(text, x.item, pairs)
        where = "at end"
    elif when == "throughout":
        edit = replace(node.value[0], format_ms(moved))
        where = f"throughout from {node.value[0].value}"
    else:
        edit = replace(node, format_ms(moved))
        where = f"{when} {node.value}"
    m = Mutant(name, x.line, f"{where} -> {format_ms(moved)} (entered the state at "
                             f"{format_ms(entered)})", [edit])
    out += keep_or_skip(m, want, moved, f"the account was in the state at {format_ms(moved)}")
    return out


def request_mutants(name, text, x):
    out = []
    pairs = [(k.value, plain(v)) for k, v in x.item.value]
    accepted = plain(x.nodes["accepted"]) if "accepted" in x.nodes else []
    rejected = plain(x.nodes["rejected"]) if "rejected" in x.nodes else {}

    def with_outcomes(new_accepted, new_rejected):
        # The totals follow the outcomes named, so that only the named outcome is wrong.
        shift = {"accepted_count": len(new_accepted) - len(accepted),
                 "rejected_count": len(new_rejected) - len(rejected)}
        result = pairs[:1]
        if new_accepted:  # an empty list is an error of its own: leave the key out
            result.append(("accepted", new_accepted))
        if new_rejected:
            result.append(("rejected", new_rejected))
        result += [(k, int(v) + shift[k] if k in shift else v) for k, v in pairs[1:]
                   if k not in ("accepted", "rejected")]
        return rewrite(text, x.item, result)

    for account in accepted:
        edit = with_outcomes([a for a in accepted if a != account],
                             {**rejected, account: "no_email"})
        out.append(Mutant(name, x.line, f"accepted {account} -> rejected (no_email)", [edit]))
    for account, reason in rejected.items():
        edit = with_outcomes(accepted + [account],
                             {a: r for a, r in rejected.items() if a != account})
        out.append(Mutant(name, x.line, f"rejected {account} ({reason}) -> accepted", [edit]))
    if "rejected" in x.nodes:
        for key_node, reason_node in x.nodes["rejected"].value:
            other = REASONS[(REASONS.index(reason_node.value) + 1) % len(REASONS)]
            out.append(Mutant(name, x.line, f"rejected {key_node.value}: {reason_node.value} -> "
                                            f"{other}", [replace(reason_node, other)]))
    for key in ("accepted_count", "rejected_count"):
        if key in x.nodes:
            out += off_by_one(name, x, key, x.nodes[key])
    return out


def off_by_one(name, x, label, node):
    n = int(node.value)
    out = [Mutant(name, x.line, f"{label}: {n} -> {n + 1}", [replace(node, n + 1)])]
    if n > 0:
        out.append(Mutant(name, x.line, f"{label}: {n} -> {n - 1}", [replace(node, n - 1)]))
    return out


def bounds_mutants(name, text, x, actual, number, integral):
    """`min` just above the actual value, `max` just below it, `equals`/`count` either side."""
    step = 1 if integral else 1e-6 * max(1.0, abs(actual))
    above, below = actual + step, actual - step
    out = []
    fmt = (lambda v: str(int(v))) if integral else format_number
    if "count" in x.nodes or "equals" in x.nodes:
        key = "count" if "count" in x.nodes else "equals"
        for v in (above, below):
            if v >= 0 or not integral:
                out.append(Mutant(name, x.line, f"{key}: {x.nodes[key].value} -> {fmt(v)}",
                                  [replace(x.nodes[key], fmt(v))]))
        return out
    lo, hi = x.nodes.get("min"), x.nodes.get("max")
    if lo is None and hi is None:  # an event expectation reads as `min: 1`
        pairs = [(k.value, plain(v)) for k, v in x.item.value] + [("min", fmt(above))]
        return [Mutant(name, x.line, f"(min 1) -> min: {fmt(above)}",
                       [rewrite(text, x.item, pairs)])]
    if lo is not None:
        edits = [replace(lo, fmt(above))]
        what = f"min: {lo.value} -> {fmt(above)}"
        if hi is not None and number(hi.value) < above:
            edits.append(replace(hi, fmt(above)))
            what += f", max: {hi.value} -> {fmt(above)}"
        out.append(Mutant(name, x.line, what, edits))
    if hi is not None and (below >= 0 or not integral):
        edits = [replace(hi, fmt(below))]
        what = f"max: {hi.value} -> {fmt(below)}"
        if lo is not None and number(lo.value) > below:
            edits.append(replace(lo, fmt(below)))
            what += f", min: {lo.value} -> {fmt(below)}"
        out.append(Mutant(name, x.line, what, edits))
    return out


def window_mutants(name, x, events, account, where, window, within, skipped):
    """`between` moved just past the events it counts, or stretched to the nearest one out."""
    times = [e["t_ms"] for e in events if count_events([e], x.subject, account, where, None)]
    inside = [t for t in times if window[0] <= t <= window[1]]
    candidates = []
    if inside:
        candidates += [("starts just after the last event in it", 0, inside[-1] + 1),
                       ("ends just before the first event in it", 1, inside[0] - 1)]
    before = [t for t in times if t < window[0]]
    after = [t for t in times if t > window[1]]
    if before:
        candidates.append(("starts at the last event before it", 0, before[-1]))
    if after:
        candidates.append(("ends at the first event after it", 1, after[0]))
    out = []
    for why, end, moved in candidates:
        new = list(window)
        new[end] = moved
        if new[0] > new[1] or new[0] < 0:
            continue
        node = x.nodes["between"].value[end]
        what = (f"between {'starts' if end == 0 else 'ends'} {node.value} -> "
                f"{format_ms(moved)} ({why})")
        if within(count_events(events, x.subject, account, where, new)):
            skipped.append(f"{name}:{x.line}  {what}: equivalent, the count still holds")
            continue
        out.append(Mutant(name, x.line, what, [replace(node, format_ms(moved))]))
    return out


def mutants_of(name, text, doc, events, report, horizon, skipped, disagreements):
    expect = next((v for k, v in doc.value if k.value == "expect"), None)
    out = []
    for item in expect.value if expect is not None else []:
        x = Expectation(item)
        if x.kind == "account":
            out += account_mutants(name, text, x, events, horizon, skipped, disagreements)
        elif x.kind == "request":
            out += request_mutants(name, text, x)
        elif x.kind == "event":
            where = {}
            if "where" in x.nodes:  # the values as relinksim compares them: text
                where = {k.value: v.value for k, v in x.nodes["where"].value}
            window = None
            if "between" in x.nodes:
                window = [parse_time(n.value, horizon) for n in x.nodes["between"].value]
            account = x.nodes["account"].value if "account" in x.nodes else None
            n = count_events(events, x.subject, account, where, window)
            bounds = {k: int(x.nodes[k].value) for k in ("count", "min", "max") if k in x.nodes}
            if not bounds:
                bounds = {"min": 1}

            def within(count):
                return (count == bounds.get("count", count) and count >= bounds.get("min", count)
                        and count <= bounds.get("max", count))

            if not within(n):
                disagreements.append(f"{name}:{x.line}  event {x.subject}: relinksim passed it, "
                                     f"but it happened {n} times")
                continue
            out += bounds_mutants(name, text, x, n, int, True)
            if window:
                out += window_mutants(name, x, events, account, where, window, within, skipped)
        elif x.kind == "metric":
            value = report["metrics"][x.subject]
            out += bounds_mutants(name, text, x, value, float, False)
        elif x.kind == "emails":
            fields = {k.value: v for k, v in x.nodes["emails"].value}
            out += off_by_one(name, x, "emails count", fields["count"])
        elif x.kind in ("payments", "webhooks"):
            for key_node, value_node in x.nodes[x.kind].value:
                if key_node.value in ("succeeded", "failed", "delivered", "duplicates", "dropped"):
                    out += off_by_one(name, x, f"{x.kind} {key_node.value}", value_node)
                elif key_node.value == "out_of_order_min":
                    above = report["webhooks"]["out_of_order"] + 1
                    out.append(Mutant(name, x.line, f"out_of_order_min: {value_node.value} -> "
                                                    f"{above}", [replace(value_node, above)]))
        elif x.kind == "session":
            status = x.nodes["status"]
            other = SESSION_STATUS[status.value]
            out.append(Mutant(name, x.line, f"session status: {status.value} -> {other}",
                              [replace(status, other)]))
            if "failure_reason" in x.nodes:
                reason = x.nodes["failure_reason"]
                other = FAILURE_REASON[reason.value]
                out.append(Mutant(name, x.line, f"failure_reason: {reason.value} -> {other}",
                                  [replace(reason, other)]))
        else:
            raise SystemExit(f"{name}:{x.line}: no mutations for expectation kind '{x.kind}'")
    return out


# --- running --------------------------------------------------------------------

def run(relinksim, path, out_dir):
    env = dict(os.environ, NO_COLOR="1")
    try:
        p = subprocess.run([relinksim, "run", str(path), "--out", str(out_dir)],
                           capture_output=True, text=True, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        return 124, "timed out after 120 s"
    return p.returncode, p.stdout + p.stderr


def cited(output, path):
    lines, others = set(), []
    for text in output.splitlines():
        if m := FAIL_LINE.match(text):
            if m.group(1) == str(path):
                lines.add(int(m.group(2)))
            else:
                others.append(text)
        elif INVARIANT_LINE.match(text):
            others.append(text)
    return lines, others


def judge(relinksim, mutant, work):
    rc, output = run(relinksim, mutant.path, work / "out" / mutant.path.stem)
    mutant.output = output
    lines, others = cited(output, mutant.path)
    if rc == 0:
        mutant.outcome = "survived"
    elif rc == 1 and lines == {mutant.line} and not others:
        mutant.outcome = "killed"
    elif rc == 1:
        mutant.outcome = "wrong-line"
        mutant.output = f"cited lines {sorted(lines)} {others}\n" + output
    else:
        mutant.outcome = "invalid"
        mutant.output = f"exit {rc}\n" + output
    return mutant


def first_lines(text, n=8):
    """The first lines of relinksim's output, and its verdict line."""
    lines = text.splitlines()
    shown = lines[:n] + [line for line in lines[n:] if re.match(r"(PASS|FAIL) \d", line)]
    return "\n".join("      " + line for line in shown)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("relinksim")
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--keep", type=Path, help="write the mutants here and keep them")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mutant")
    args = parser.parse_args()
    if args.keep:
        return check(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="relinksim-mutants-") as work:
        return check(args, Path(work))


def check(args, work):
    started = time.monotonic()
    scenarios = sorted((args.source_dir / "scenarios").glob("*.yaml"))
    if not scenarios:
        print(f"no scenarios in {args.source_dir / 'scenarios'}")
        return 1
    copy = work / "scenarios"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(args.source_dir / "scenarios", copy)

    problems, skipped, disagreements, mutants = [], [], [], []
    with ThreadPoolExecutor(args.jobs) as pool:
        originals = list(pool.map(
            lambda p: (p, *run(args.relinksim, copy / p.name, work / "out" / f"{p.stem}.original")),
            scenarios))
    for source, rc, output in originals:
        name = f"scenarios/{source.name}"
        if rc != 0:
            problems.append(f"{name}: the unmutated scenario must pass, exit {rc}:\n"
                            + first_lines(output, 20))
            continue
        text = (copy / source.name).read_text()
        out = work / "out" / f"{source.stem}.original"
        events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
        report = json.loads((out / "report.json").read_text())
        horizon = parse_duration(next(v.value for k, v in yaml.compose(text).value
                                      if k.value == "horizon"))
        found = mutants_of(name, text, yaml.compose(text), events, report, horizon, skipped,
                           disagreements)
        for i, m in enumerate(found, 1):
            m.path = copy / f"{source.stem}.mutant{i:03d}.yaml"
            mutated = m.text(text)
            m.path.write_text(mutated)
            m.changed = [f"{n}: {b.strip()}" for n, (a, b) in
                         enumerate(zip(text.splitlines(), mutated.splitlines()), 1) if a != b]
        mutants += found

    with ThreadPoolExecutor(args.jobs) as pool:
        judged = list(pool.map(lambda m: judge(args.relinksim, m, work), mutants))

    if args.verbose:
        for m in judged:
            print(f"{m.outcome:>10}  {m.scenario}:{m.line}  {m.what}")
    by_outcome = {k: [m for m in judged if m.outcome == k]
                  for k in ("killed", "survived", "wrong-line", "invalid")}
    for kind, title in (("survived", "SURVIVED (relinksim passed the wrong expectation)"),
                        ("wrong-line", "WRONG LINE (failed, but did not cite exactly the line)"),
                        ("invalid", "INVALID MUTANT (not a run that failed)")):
        for m in by_outcome[kind]:
            print(f"{title}: {m.scenario}:{m.line}  {m.what}\n"
                  + "".join(f"    mutated line {c}\n" for c in m.changed[:3])
                  + first_lines(m.output))
    for d in disagreements:
        print(f"DISAGREES WITH THE DOCUMENTED SEMANTICS: {d}")
    for p in problems:
        print(f"PROBLEM: {p}")
    for s in skipped:
        print(f"skipped: {s}")
    print(f"{len(judged)} mutants of {len(scenarios)} scenarios: "
          f"{len(by_outcome['killed'])} killed, {len(by_outcome['survived'])} survived, "
          f"{len(by_outcome['wrong-line'])} cited a wrong line, "
          f"{len(by_outcome['invalid'])} invalid; {len(skipped)} skipped as equivalent; "
          f"{time.monotonic() - started:.1f} s")
    failed = (problems or disagreements or by_outcome["survived"] or by_outcome["wrong-line"]
              or by_outcome["invalid"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
