#!/usr/bin/python3
"""The console, report.json, report.html and junit.xml show the same numbers.

Every library scenario is run once (colour off, the console summary kept); then
every figure each report shows is read from it and compared with report.json:

- console: every line of the summary must be one this check knows, and every
  number on it is compared (a line or a number it cannot place is a failure, so a
  figure added to the console without a counterpart here does not pass unseen);
- report.html: the header's seed, events, accounts and expectations, the funnel
  chart, the repair summary and chart, the status chart's scale, the rejections
  table, the expectations and invariants table, and the metrics table, each found
  by its id or data- attribute;
- junit.xml: tests, failures and errors, the testcases, the properties (metric.*
  exactly as report.json writes the metric) and the figures of system-out.

Repair times are compared as docs/figures.md defines their display: rounded to
the second below an hour and to the minute above.

Usage: report_agreement.py RELINKSIM SCENARIO_DIR
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

NUM = r"(\d{1,3}(?:,\d{3})*)"  # a count as with_thousands writes it
DUR = r"((?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+(?:\.\d{3})?s)?)"  # engine::format_duration


def count(text):
    return int(text.replace(",", ""))


def with_thousands(n):
    return f"{n:,}"


def duration_text(ms):
    """engine::format_duration (no weeks)."""
    if ms == 0:
        return "0s"
    out = ""
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000)):
        if ms >= size:
            out += f"{ms // size}{unit}"
            ms %= size
    if ms:
        seconds, rest = divmod(ms, 1000)
        out += f"{seconds}.{rest:03d}s" if rest else f"{seconds}s"
    return out


def rounded_hours(hours):
    """A repair time given in hours, as people see it (figures.md): to the second
    below an hour, to the minute above."""
    ms = round(hours * 3_600_000)
    unit = 60_000 if ms >= 3_600_000 else 1_000
    return duration_text((ms + unit // 2) // unit * unit)


class Page(HTMLParser):
    """Every element with its attributes and the text inside it."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # [tag, attrs, text, parents, index]
        self._open = []

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), "", [e[0] for e in self._open], len(self.elements)]
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), "", [e[0] for e in self._open],
                              len(self.elements)])

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        for element in self._open:
            element[2] += data

    def by_id(self, element_id):
        found = [e for e in self.elements if e[1].get("id") == element_id]
        return found[0] if len(found) == 1 else None

    def with_attr(self, name):
        return [e for e in self.elements if name in e[1]]

    def inside(self, element, tag):
        """The `tag` elements inside `element`, in document order."""
        depth = len(element[3])
        out = []
        for e in self.elements[element[4] + 1:]:
            if len(e[3]) <= depth:
                break
            if e[0] == tag:
                out.append(e)
        return out


class Scenario:
    def __init__(self, name):
        self.name = name
        self.problems = []
        self.checked = 0

    def same(self, where, figure, shown, expected):
        self.checked += 1
        if shown != expected:
            self.problems.append(f"{self.name}: {figure}: {where} shows {shown!r}, "
                                 f"report.json {expected!r}")

    def fail(self, what):
        self.problems.append(f"{self.name}: {what}")


def metric_texts(report_text):
    """Each metric as report.json writes it, in its order."""
    block = re.search(r'\n  "metrics": \{\n(.*?)\n  \}', report_text, re.S)
    if not block:
        return None
    return [re.fullmatch(r'    "([a-z0-9_]+)": (.*?),?', line).groups()
            for line in block.group(1).split("\n")]


# --- console --------------------------------------------------------------

CONSOLE = {
    "header": re.compile(r"(?P<name>\S+)  seed (?P<seed>\d+)  " + DUR +
                         r" simulated in \S+ m?s \(" + NUM + r" events\)"),
    "accounts": re.compile(r"  accounts " + NUM + r" · inactive at peak " + NUM +
                           r" · repaired " + NUM + r" \((\d+\.\d%|-) of " + NUM +
                           r" deactivated\)(?: · recovered by the bank " + NUM +
                           r")?(?: · p50 repair " + DUR + r")?"),
    "requests": re.compile(r"  requests " + NUM + r" accepted · " + NUM +
                           r" rejected(?: \(([^)]*)\))?(?: · sessions " + NUM +
                           r" opened, " + NUM + r" refused)?"),
    "funnel": re.compile(r"  funnel \(accounts\): (.*)"),
    "relinks": re.compile(r"  relinks: emailed " + NUM + r"(?: \(\+ " + NUM +
                          r" notified by the platform\))? → delivered " + NUM +
                          r" → opened " + NUM + r" → flow started " + NUM +
                          r" → succeeded " + NUM + r" \(failed " + NUM + r", cancelled " +
                          NUM + r", expired " + NUM + r"\)(?: · " + NUM + r" bounced)?"),
    "payments": re.compile(r"  payments " + NUM + r" succeeded · " + NUM +
                           r" failed(?: \(([^)]*)\))?"),
    "webhooks": re.compile(r"  webhooks " + NUM + r" sent · " + NUM + r" deliveries \(" +
                           NUM + r" duplicates, " + NUM + r" out of order, " + NUM +
                           r" retried, " + NUM + r" dropped\)"),
    "error": re.compile(r"ERROR \S+: run stopped: .*"),
    "failed_expectation": re.compile(r"FAIL \S+:\d+  .*"),
    "reproduce": re.compile(r"     reproduce: relinksim run .*"),
    "invariant": re.compile(r"INVARIANT \S+ violated \(\d+ times?\): .*"),
    "invariant_at": re.compile(r"     first at event seq \d+: .*"),
    "verdict": re.compile(r"(PASS|FAIL) (\d+)/(\d+) expectations passed · "
                          r"(?:invariants hold|(\d+) invariants? violated)"
                          r"(?: · reports in (.*)/)?"),
}
REPEATABLE = {"failed_expectation", "reproduce", "invariant", "invariant_at"}
REQUIRED = {"header", "accounts", "requests", "funnel", "relinks", "verdict"}


def by_code(text, s, figure):
    """'cooldown_48h 1, no_email 14' -> {code: n}, in the order shown."""
    out = {}
    for item in text.split(", "):
        m = re.fullmatch(r"(\S+) " + NUM, item)
        if not m:
            s.fail(f"console: cannot read {figure} item {item!r}")
            continue
        out[m.group(1)] = count(m.group(2))
    return out


def check_console(s, stdout, r, out_dir):
    metrics = r["metrics"]
    title = r["scenario"]["title"]
    seen = {}
    repeated = {k: 0 for k in REPEATABLE}
    for line in stdout.splitlines():
        if title and line == "  " + title and "title" not in seen:
            seen["title"] = True
            continue
        kinds = [k for k, p in CONSOLE.items() if p.fullmatch(line)]
        if len(kinds) != 1:
            s.fail(f"console line not understood: {line!r}")
            continue
        kind = kinds[0]
        if kind in REPEATABLE:
            repeated[kind] += 1
            continue
        if kind in seen:
            s.fail(f"console: a second {kind} line: {line!r}")
        seen[kind] = CONSOLE[kind].fullmatch(line)
    for kind in sorted(REQUIRED - seen.keys()):
        s.fail(f"console: no {kind} line")
    if title and "title" not in seen:
        s.fail("console: the title line is missing")
    c = lambda v: None if v is None else count(v)
    if "header" in seen:
        m = seen["header"]
        s.same("console", "scenario name", m.group("name"), r["scenario"]["name"])
        s.same("console", "seed", int(m.group("seed")), r["scenario"]["seed"])
        s.same("console", "virtual time", m.group(3), r["summary"]["virtual_time"])
        s.same("console", "events", count(m.group(4)), r["summary"]["events"])
    if "accounts" in seen:
        g = seen["accounts"].groups()
        s.same("console", "accounts", count(g[0]), metrics["accounts"])
        s.same("console", "inactive at peak", count(g[1]), metrics["inactive_peak"])
        s.same("console", "repaired accounts", count(g[2]), metrics["repaired_accounts"])
        share = metrics["repaired_share"]
        s.same("console", "repaired share", g[3],
               "-" if metrics["deactivated_accounts"] == 0 else f"{100 * share:.1f}%")
        s.same("console", "deactivated accounts", count(g[4]), metrics["deactivated_accounts"])
        s.same("console", "recovered by the bank", c(g[5]) or 0, metrics["recovered_accounts"])
        if metrics["recovered_accounts"] > 0 and g[5] is None:
            s.fail("console: recovered accounts not shown although report.json has "
                   f"{metrics['recovered_accounts']}")
        p50 = r["time_to_repair"]["p50_hours"]
        s.same("console", "p50 repair time (report.json's p50_hours rounded)", g[6],
               None if p50 is None else rounded_hours(p50))
    if "requests" in seen:
        g = seen["requests"].groups()
        s.same("console", "accepted", count(g[0]), metrics["accepted"])
        s.same("console", "rejected", count(g[1]), metrics["rejected"])
        reasons = by_code(g[2], s, "rejection") if g[2] is not None else {}
        s.same("console", "rejections by reason", reasons, r["rejections"])
        s.same("console", "rejections order", list(reasons), list(r["rejections"]))
        s.same("console", "sessions opened", c(g[3]) or 0, metrics["sessions_created"])
        s.same("console", "sessions refused", c(g[4]) or 0, metrics["sessions_rejected"])
        if g[3] is None and metrics["sessions_created"] + metrics["sessions_rejected"] > 0:
            s.fail("console: sessions not shown although report.json has some")
    if "funnel" in seen:
        stages = []
        for item in seen["funnel"].group(1).split(" → "):
            m = re.fullmatch(r"([a-z ]+) " + NUM, item)
            if not m:
                s.fail(f"console: cannot read funnel stage {item!r}")
                continue
            stages.append((m.group(1).replace(" ", "_"), count(m.group(2))))
        s.same("console", "funnel", stages,
               [(f["stage"], f["accounts"]) for f in r["funnel"]])
    if "relinks" in seen:
        g = seen["relinks"].groups()
        names = ["emails_sent", None, "emails_delivered", "emails_opened", "flows_started",
                 "relinks_succeeded", "relinks_failed", "relinks_cancelled",
                 "relinks_expired", "emails_bounced"]
        for name, value in zip(names, g):
            if name is None:
                s.same("console", "relinks: notified by the platform", c(value) or 0,
                       r["platform_notifications"])
                if value is None and r["platform_notifications"] > 0:
                    s.fail("console: platform notifications not shown")
            elif name == "emails_bounced":
                s.same("console", "relinks: bounced", c(value) or 0, metrics[name])
                if value is None and metrics[name] > 0:
                    s.fail("console: bounced emails not shown")
            else:
                s.same("console", f"relinks: {name}", count(value), metrics[name])
    paid = metrics["payments_succeeded"] + metrics["payments_failed"]
    if "payments" in seen:
        g = seen["payments"].groups()
        s.same("console", "payments succeeded", count(g[0]), metrics["payments_succeeded"])
        s.same("console", "payments failed", count(g[1]), metrics["payments_failed"])
        codes = by_code(g[2], s, "payment failure") if g[2] is not None else {}
        s.same("console", "failed payments by code", codes, r["payment_failures"])
    elif paid > 0:
        s.fail(f"console: no payments line although report.json has {paid} payments")
    w = r["webhooks"]
    if "webhooks" in seen:
        shown = [count(v) for v in seen["webhooks"].groups()]
        s.same("console", "webhooks", shown,
               [w[k] for k in ("sent", "deliveries", "duplicates", "out_of_order", "retried",
                               "dropped")])
    elif w["duplicates"] + w["retried"] + w["dropped"] > 0:
        s.fail("console: no webhooks line although report.json has webhook faults")
    s.same("console", "run stopped", "error" in seen, "error" in r)
    e, i = r["summary"]["expectations"], r["summary"]["invariants"]
    s.same("console", "failed expectations listed", repeated["failed_expectation"], e["failed"])
    s.same("console", "violated invariants listed", repeated["invariant"], i["violated"])
    if "verdict" in seen:
        g = seen["verdict"].groups()
        s.same("console", "verdict", g[0], "PASS" if r["verdict"] == "passed" else "FAIL")
        s.same("console", "expectations passed", int(g[1]), e["passed"])
        s.same("console", "expectations", int(g[2]), e["total"])
        s.same("console", "invariants violated", int(g[3] or 0), i["violated"])
        s.same("console", "report folder", g[4], str(out_dir))


# --- report.html ----------------------------------------------------------

def check_html(s, html, r):
    page = Page()
    page.feed(html)
    metrics = r["metrics"]

    def text(element_id):
        e = page.by_id(element_id)
        if e is None:
            s.fail(f"report.html: no single element id={element_id!r}")
            return None
        return e[2].strip()

    def shown_count(element_id):
        t = text(element_id)
        if t is None:
            return None
        if not re.fullmatch(NUM, t):
            s.fail(f"report.html: #{element_id} is not a count: {t!r}")
            return None
        return count(t)

    s.same("report.html", "seed", text("seed"), str(r["scenario"]["seed"]))
    s.same("report.html", "events", shown_count("events"), r["summary"]["events"])
    s.same("report.html", "accounts", shown_count("accounts"), r["summary"]["accounts"])
    e, i = r["summary"]["expectations"], r["summary"]["invariants"]
    s.same("report.html", "expectations passed", text("expectations-passed"),
           f"{e['passed']}/{e['total']}")
    s.same("report.html", "verdict", text("verdict"),
           "PASSED" if r["verdict"] == "passed" else "FAILED")

    # The funnel chart: each stage's value, and its bar's tooltip.
    stages = [(el[1]["data-stage"], el[2].strip()) for el in page.with_attr("data-stage")]
    s.same("report.html", "funnel", stages,
           [(f["stage"], with_thousands(f["accounts"])) for f in r["funnel"]])
    tips = [el[2].strip() for el in page.elements if el[0] == "title" and "rect" in el[3]]
    labels = [f["stage"].replace("_", " ") for f in r["funnel"]]
    s.same("report.html", "funnel bar tooltips",
           [t for t in tips if t.endswith(" accounts")],
           [f"{label}: {with_thousands(f['accounts'])} accounts"
            for label, f in zip(labels, r["funnel"])])

    # Time to repair: the summary line and the chart.
    t = r["time_to_repair"]
    s.same("report.html", "repairs", shown_count("repairs"), t["repairs"])
    for q in ("p50", "p90"):
        hours = t[f"{q}_hours"]
        element = page.by_id(f"repair-{q}")
        s.same("report.html", f"{q} repair time (report.json's {q}_hours rounded)",
               None if element is None else element[2].strip(),
               None if hours is None else rounded_hours(hours))
    s.same("report.html", "repair time buckets",
           [(el[1]["data-range"], el[2].strip()) for el in page.with_attr("data-range")],
           [(b["range"], with_thousands(b["accounts"])) for b in t["buckets"]])

    # The status chart's scale: the most accounts in one status at one instant.
    series = r["status_over_time"]
    top = max([1] + series["active"] + series["inactive"] + series["disconnected"])
    s.same("report.html", "status chart top", text("status-top"), with_thousands(top))

    # Rejections by reason.
    rows = page.with_attr("data-reason")
    shown = {}
    for row in rows:
        cells = page.inside(row, "td")
        value = cells[-1][2].strip() if cells else ""
        shown[row[1]["data-reason"]] = count(value) if re.fullmatch(NUM, value) else value
    s.same("report.html", "rejections by reason", shown, r["rejections"])
    if not rows:
        s.same("report.html", "rejections (none)", "no account was rejected" in
               (text("rejections") or ""), not r["rejections"])

    # Expectations and invariants.
    kinds = page.with_attr("data-kind")
    rows_of = lambda kind, cls=None: sum(
        1 for el in kinds if el[1]["data-kind"] == kind and (cls is None or el[1].get("class") == cls))
    s.same("report.html", "expectation rows", rows_of("expectation"), e["total"])
    s.same("report.html", "expectations passed (rows)", rows_of("expectation", "pass"), e["passed"])
    s.same("report.html", "invariant rows", rows_of("invariant"), i["total"])
    s.same("report.html", "invariants held (rows)", rows_of("invariant", "pass"), i["held"])

    # The metrics table: every metric, in order, as the console writes it: a count
    # with separators, a share as a percentage, a time as a rounded duration, "-" for a
    # share or time of nothing; anything else to 3 decimals.
    shown = []
    for row in page.with_attr("data-metric"):
        cells = page.inside(row, "td")
        shown.append((row[1]["data-metric"], cells[1][2].strip() if len(cells) > 1 else None))
    expected = []
    for name, value in metrics.items():
        integral = value == math.floor(value) and value >= 0
        if name.endswith("_share"):
            text = "-" if metrics["deactivated_accounts"] == 0 else f"{100 * value:.1f}%"
        elif name.endswith("_hours"):
            text = "-" if metrics["repaired_accounts"] == 0 else rounded_hours(value)
        else:
            text = with_thousands(int(value)) if integral else f"{value:.3f}"
        expected.append((name, text))
    if [n for n, _ in shown] != [n for n, _ in expected]:
        s.same("report.html", "metrics table rows", [n for n, _ in shown],
               [n for n, _ in expected])
    else:
        for (name, got), (_, want) in zip(shown, expected):
            s.same("report.html", f"metric {name}", got, want)


# --- junit.xml ------------------------------------------------------------

def check_junit(s, xml, r, report_text):
    root = ET.fromstring(xml)
    suites = root.findall("testsuite")
    if len(suites) != 1:
        s.fail(f"junit.xml: {len(suites)} testsuites, expected 1")
        return
    suite = suites[0]
    e, i = r["summary"]["expectations"], r["summary"]["invariants"]
    stopped = 1 if "error" in r else 0
    s.same("junit.xml", "tests", int(suite.get("tests")), e["total"] + i["total"] + stopped)
    s.same("junit.xml", "failures", int(suite.get("failures")), e["failed"] + i["violated"])
    s.same("junit.xml", "errors", int(suite.get("errors")), stopped)
    s.same("junit.xml", "suite name", suite.get("name"), r["scenario"]["name"])
    cases = suite.findall("testcase")
    expects = [c for c in cases if c.get("name", "").startswith("expect: ")]
    invariants = [c for c in cases if c.get("name", "").startswith("invariant: ")]
    s.same("junit.xml", "expectation testcases", len(expects), e["total"])
    s.same("junit.xml", "failed expectation testcases",
           sum(1 for c in expects if c.find("failure") is not None), e["failed"])
    s.same("junit.xml", "invariant testcases", len(invariants), i["total"])
    s.same("junit.xml", "violated invariant testcases",
           sum(1 for c in invariants if c.find("failure") is not None), i["violated"])

    props = [(p.get("name"), p.get("value")) for p in suite.findall("properties/property")]
    plain = dict(p for p in props if not p[0].startswith("metric."))
    sc = r["scenario"]
    for name, want in (("scenario", sc["name"]), ("title", sc["title"]), ("file", sc["file"]),
                       ("seed", str(sc["seed"])), ("scenario_hash", sc["hash"]),
                       ("relinksim_version", r["relinksim_version"]),
                       ("complete", "true" if r["complete"] else "false")):
        s.same("junit.xml", f"property {name}", plain.get(name), want)

    shown = [(n[len("metric."):], v) for n, v in props if n.startswith("metric.")]
    written = metric_texts(report_text)
    if written is None:
        s.fail("report.json: no metrics block to read")
    elif [n for n, _ in shown] != [n for n, _ in written]:
        s.same("junit.xml", "metric properties", [n for n, _ in shown], [n for n, _ in written])
    else:
        for (name, got), (_, want) in zip(shown, written):
            s.same("junit.xml", f"metric.{name}", got, want)
            if got == want and float(got) != r["metrics"][name]:
                s.fail(f"junit.xml: metric.{name} {got} reads back as another number than "
                       f"report.json's {r['metrics'][name]!r}")

    out = suite.findtext("system-out") or ""
    m = re.search(r" seed (\d+): (\d+) events, " + DUR + r" simulated\n", out)
    if not m:
        s.fail(f"junit.xml: system-out does not say seed, events and time: {out!r}")
    else:
        s.same("junit.xml", "system-out seed", int(m.group(1)), sc["seed"])
        s.same("junit.xml", "system-out events", int(m.group(2)), r["summary"]["events"])
        s.same("junit.xml", "system-out virtual time", m.group(3), r["summary"]["virtual_time"])


# --- report.json against itself ---------------------------------------------

def check_json(s, r):
    """Figures report.json gives twice (summary and metrics, funnel and metrics,
    time_to_repair and metrics) must be the same."""
    m = r["metrics"]
    s.same("report.json summary", "accounts", r["summary"]["accounts"], m["accounts"])
    for f in r["funnel"]:
        s.same("report.json funnel", f["stage"], f["accounts"], m[f["stage"] + "_accounts"])
    t = r["time_to_repair"]
    s.same("report.json time_to_repair", "repairs (buckets)",
           sum(b["accounts"] for b in t["buckets"]), t["repairs"])
    for q in ("p50", "p90"):
        s.same("report.json time_to_repair", f"{q}_hours",
               t[f"{q}_hours"] or 0, m[f"repair_time_{q}_hours"])
    s.same("report.json rejections", "sum", sum(r["rejections"].values()), m["rejected"])
    s.same("report.json payment_failures", "sum", sum(r["payment_failures"].values()),
           m["payments_failed"])


def check(relinksim, scenario, root):
    s = Scenario(scenario.stem)
    out = root / scenario.stem
    env = dict(os.environ, NO_COLOR="1")
    run = subprocess.run([relinksim, "run", str(scenario), "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=120)
    if run.returncode not in (0, 1):
        s.fail(f"relinksim exited {run.returncode}: {run.stderr.strip()}")
        return s
    try:
        report_text = (out / "report.json").read_text()
        r = json.loads(report_text)
        check_json(s, r)
        check_console(s, run.stdout, r, out)
        check_html(s, (out / "report.html").read_text(), r)
        check_junit(s, (out / "junit.xml").read_text(), r, report_text)
    except (OSError, ValueError, KeyError, TypeError, ET.ParseError) as e:
        s.fail(f"could not read the reports: {type(e).__name__}: {e}")
    return s


def main():
    relinksim, scenario_dir = sys.argv[1:3]
    scenarios = sorted(Path(scenario_dir).glob("*.yaml"))
    if not scenarios:
        print(f"FAIL: no scenarios in {scenario_dir}")
        return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda f: check(relinksim, f, Path(tmp)), scenarios))
    problems = [p for s in results for p in s.problems]
    for p in problems:
        print("FAIL:", p)
    print(f"{len(results)} scenarios, {sum(s.checked for s in results)} figures compared, "
          f"{len(problems)} disagreement(s), {time.monotonic() - started:.1f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
