#!/usr/bin/python3
"""The reports of a run, as CI and a browser read them.

A scenario written here (not in the library), with hostile text in every free
field and an expectation that fails, is run; then:
- report.json parses and says its format; events.jsonl and webhooks.jsonl are JSON lines;
- junit.xml validates against the Ant JUnit schema (xmllint);
- report.html holds one script, the copy buttons', which its Content-Security-Policy
  allows by its SHA-256 digest and nothing else, no address outside itself, shows the
  hostile text as text, and, rendered by headless Chromium, has its charts and
  tables, logs nothing to the console (a blocked request would), and is kept as a
  screenshot in the artefact folder;
- in a real browser (Selenium and chromedriver) at 1,280 and 390 pixels wide, the
  report and the suite's index do not overflow sideways, chart text is at least 11
  pixels at both widths (on a phone a chart scrolls in its section), a failing report shows what failed above the fold, the copy
  buttons run, and the index's filters hide and show rows when clicked and typed in.
A probe page that does load something proves the console check can fail.

Last, it takes the screenshots docs/report-format.md shows: a library scenario that
passes, a scenario wrong on purpose, and their suite's index, run from the source
tree so the pages show the paths a user types. They go to ARTEFACT_DIR/docs/;
`make screenshots` copies them into docs/images/. The test fails if the document
shows an image that is not there.

Usage: report_check.py RELINKSIM CHROMIUM XSD ARTEFACT_DIR CHROMEDRIVER SOURCE_DIR
"""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

HOSTILE = '<script>alert("x")</script> & <img src=http://example.invalid/a.png onerror=alert(1)>'

SCENARIO = f"""scenario: hostile-text
title: '{HOSTILE.replace("'", "''")}'
tags: [report]
seed: 5
horizon: 4d
mode: live
institutions:
  - id: bank
    name: '</style><b>bold</b>'
behaviors:
  prompt: {{ opens: 1.0, open_after: 1h }}
customers:
  - id: cus_ana
    email: ana@example.test
    behavior: prompt
    accounts: [{{ id: fca_ana, institution: bank }}]
  - id: cus_bo
    accounts: [{{ id: fca_bo, institution: bank }}]
timeline:
  - {{ at: 1d, revoke: {{ account: fca_ana }} }}
  - {{ at: 1d, revoke: {{ account: fca_bo }} }}
  - at: 1d1h
    id: ask
    request_relink: {{ accounts: [fca_ana, fca_bo] }}
expect:
  - request: ask
    accepted: [fca_ana]
    rejected: {{ fca_bo: no_email }}
  - account: fca_bo          # wrong on purpose: nothing repairs it
    status: active
"""

# A second scenario of the suite whose index is checked: it passes.
PASSING = """scenario: quiet-day
title: A second scenario, where nothing happens and nothing is expected to
tags: [smoke]
seed: 3
horizon: 1d
mode: live
institutions: [{ id: bank }]
customers:
  - id: cus_cy
    email: cy@example.test
    accounts: [{ id: fca_cy, institution: bank }]
expect:
  - { account: fca_cy, status: active, at: 1d }
"""


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs)
        self.text = {}  # id -> text inside
        self._open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self._open.append([attrs["id"], tag, ""])

    def handle_endtag(self, tag):
        if self._open and self._open[-1][1] == tag:
            element_id, _, text = self._open.pop()
            self.text[element_id] = text

    def handle_data(self, data):
        for item in self._open:
            item[2] += data

    def count(self, tag, **attrs):
        return sum(1 for t, a in self.tags
                   if t == tag and all(a.get(k) == v for k, v in attrs.items()))


def chromium(binary, profile, url, *extra):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-default-apps", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--log-level=0",
               *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def console_lines(stderr):
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


# The smallest chart text as drawn: its font size times the scale its SVG is drawn at.
CHART_TEXT = """return Math.min(...[...document.querySelectorAll('svg text')].map(t => {
  const svg = t.ownerSVGElement;
  return parseFloat(getComputedStyle(t).fontSize) *
         svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }))"""


def in_a_browser(browser, driver_path, report, index, artefacts):
    """What a person sees, in Chromium driven by Selenium: a list of problems."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    problems = []
    options = Options()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(argument)
    options.binary_location = browser
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        for width in (1280, 390):
            driver.set_window_size(width, 800)
            for page in (report, index):
                driver.get(page.as_uri())
                scroll, client = driver.execute_script(
                    "return [document.documentElement.scrollWidth, "
                    "document.documentElement.clientWidth]")
                if scroll > client:
                    problems.append(f"{page.name} overflows sideways at {width} px: "
                                    f"{scroll} > {client}")
        for width in (1280, 390):
            driver.set_window_size(width, 800)
            driver.get(report.as_uri())
            smallest = driver.execute_script(CHART_TEXT)
            if smallest < 11:
                problems.append(f"chart text is drawn at {smallest:.1f} px at {width} px (< 11)")
        driver.set_window_size(1280, 800)
        driver.get(report.as_uri())
        top, fold = driver.execute_script(
            "const f = document.getElementById('failures');"
            "return [f ? f.getBoundingClientRect().top : 1e9, window.innerHeight]")
        if top > fold - 60:
            problems.append(f"what failed starts at {top:.0f} px, below the fold ({fold} px)")
        button = driver.find_element(By.CSS_SELECTOR, "#failures button.copy")
        button.click()
        try:  # the script ran (the policy let it): the button says how the copy went
            WebDriverWait(driver, 5).until(lambda d: button.text != "copy")
        except Exception:
            problems.append("the copy button did nothing: its script did not run")
        driver.save_screenshot(str(artefacts / "report-failing.png"))

        driver.get(index.as_uri())

        def shown():
            return driver.execute_script(
                "return [...document.querySelectorAll('tr.run')]"
                ".map(r => [r.dataset.verdict, !r.hidden])")

        driver.find_element(By.CSS_SELECTOR, 'button[data-verdict="failed"]').click()
        if shown() != [["failed", True], ["passed", False]]:
            problems.append(f"the index's 'failed' button leaves {shown()}")
        driver.find_element(By.CSS_SELECTOR, 'button[data-verdict="all"]').click()
        search = driver.find_element(By.ID, "search")
        search.send_keys("second")
        if shown() != [["failed", False], ["passed", True]]:
            problems.append(f"searching the index for 'second' leaves {shown()}")
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys(Keys.DELETE)
        Select(driver.find_element(By.ID, "tag")).select_by_visible_text("report")
        if shown() != [["failed", True], ["passed", False]]:
            problems.append(f"choosing the tag 'report' on the index leaves {shown()}")
        driver.save_screenshot(str(artefacts / "index.png"))
        logged = [entry["message"] for entry in driver.get_log("browser")
                  if entry["level"] in ("SEVERE", "WARNING")]
        if logged:
            problems.append(f"the pages logged: {logged[:3]}")
    finally:
        driver.quit()
    return problems


# The screenshots of docs/report-format.md: what each shows, run from the source tree.
DOC_PASSING = "scenarios/population-outage-and-dashboard-filters.yaml"
DOC_FAILING = "tests/data/should-fail/tan-revoked-never-repaired.yaml"
DOC_SHOTS = {"report-passing.png": (1280, 1000), "report-failing.png": (1280, 900),
             "index.png": (1280, 440)}


def docs_screenshots(relinksim, browser, driver_path, source, dest, tmp):
    """Takes docs/report-format.md's screenshots into dest: a list of problems."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    problems = []
    out = tmp / "docs-suite"
    suite = subprocess.run([relinksim, "suite", DOC_PASSING, DOC_FAILING, "--out", str(out)],
                           cwd=source, capture_output=True, text=True)
    if suite.returncode != 1:
        return [f"the docs' suite exited {suite.returncode}, expected 1: {suite.stderr}"]
    runs = {p.parent.name: p for p in out.glob("*/report.html")}
    pages = {"report-passing.png": runs.get(Path(DOC_PASSING).stem),
             "report-failing.png": runs.get(Path(DOC_FAILING).stem),
             "index.png": out / "index.html"}
    dest.mkdir(parents=True, exist_ok=True)
    options = Options()
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.binary_location = browser
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        for name, (width, height) in DOC_SHOTS.items():
            if pages[name] is None or not pages[name].exists():
                problems.append(f"no page for {name} in {sorted(runs)}")
                continue
            driver.set_window_size(width, height)
            driver.get(pages[name].as_uri())
            driver.save_screenshot(str(dest / name))
    finally:
        driver.quit()

    document = (source / "docs" / "report-format.md").read_text()
    shown = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", document)
    if sorted(Path(s).name for s in shown) != sorted(DOC_SHOTS):
        problems.append(f"docs/report-format.md shows {shown}, not the screenshots "
                        f"{sorted(DOC_SHOTS)}")
    for image in shown:
        if not (source / "docs" / image).is_file():
            problems.append(f"docs/report-format.md shows {image}, which is not there "
                            "(make screenshots takes it)")
    return problems


def main():
    relinksim, browser, xsd, artefacts, driver, source = sys.argv[1:7]
    source = Path(source)
    artefacts = Path(artefacts)
    artefacts.mkdir(parents=True, exist_ok=True)
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "hostile.yaml").write_text(SCENARIO)
        out = tmp / "out"
        run = subprocess.run([relinksim, "run", str(tmp / "hostile.yaml"), "--out", str(out)],
                             capture_output=True, text=True)
        check(run.returncode == 1, f"exit {run.returncode}, expected 1: {run.stderr}")

        report = json.loads((out / "report.json").read_text())
        check(report.get("format") == "relinksim.report/2", "report.json format field")
        check(report["scenario"]["title"] == HOSTILE, "report.json keeps the title as written")
        check(report["verdict"] == "failed", "report.json verdict")
        for name in ("events.jsonl", "webhooks.jsonl"):
            lines = (out / name).read_text().splitlines()
            check(len(lines) > 0, f"{name} is empty")
            for number, line in enumerate(lines, 1):
                try:
                    json.loads(line)
                except ValueError as e:
                    problems.append(f"{name}:{number}: not JSON: {e}")

        lint = subprocess.run(["xmllint", "--noout", "--schema", xsd, str(out / "junit.xml")],
                              capture_output=True, text=True)
        check(lint.returncode == 0, f"junit.xml does not validate: {lint.stderr}")
        junit = (out / "junit.xml").read_text()
        check('<property name="metric.inactive_peak" value="2.0" />' in junit,
              "junit.xml lacks the metric properties")

        html = (out / "report.html").read_text()
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        check(len(scripts) == 1 and "button.copy" in scripts[0] and "alert" not in scripts[0],
              f"report.html should hold the copy buttons' script only: {scripts[:2]}")
        if scripts:
            digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
            policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
            check(policy and f"script-src 'sha256-{digest}'" in policy.group(1)
                  and "unsafe-inline'" not in policy.group(1).split("script-src")[1],
                  f"the page's policy does not allow exactly its script: {policy and policy.group(1)}")
        check("url(" not in html and "@import" not in html,
              "report.html's style sheet loads something")
        check("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html,
              "the hostile title is not escaped as text")

        profile = tmp / "profile"
        rendered = chromium(browser, profile, (out / "report.html").as_uri(), "--dump-dom")
        check(rendered.returncode == 0, f"chromium failed: {rendered.stderr[-500:]}")
        dom = Dom()
        dom.feed(rendered.stdout)
        check(dom.count("script") == 1 and dom.count("img") == 0,
              "the rendered page has a script or img element of its own: hostile text "
              "became markup")
        loaders = [(t, a) for t, a in dom.tags
                   if "src" in a or t in ("link", "iframe", "object", "embed")
                   or ("href" in a and not a["href"].startswith("#"))]
        check(not loaders, f"elements that would load something: {loaders[:3]}")
        check(dom.text.get("scenario-title", "").strip() == HOSTILE,
              "the rendered title is not the hostile text as text")
        check(dom.count("svg", id="funnel") == 1, "no funnel chart")
        check(dom.count("rect", **{"class": "bar"}) >= 5 + 6, "charts have too few bars")
        check(dom.count("svg", id="status-chart") == 1, "no status-over-time chart")
        check(dom.count("polyline", **{"class": "series"}) == 3, "status chart needs 3 series")
        check(dom.count("line", **{"class": "marker"}) == 2,
              "the status chart should mark the timeline's two instants (1d, 1d1h)")
        check(dom.count("text", **{"class": "tick"}) == 1, "the status chart has no middle tick")
        check(dom.count("rect", **{"class": "hover"}) == len(report["status_over_time"]["t_ms"]),
              "the status chart needs a hover band per sample")
        check(dom.count("svg", id="repair-chart") == 1, "no time-to-repair chart")
        check(dom.count("table", id="rejections") == 1, "no rejections table")
        check(dom.count("tr", **{"class": "fail"}) == 1, "expected one failing row")
        check(dom.count("details", id="account-fca_bo") == 1, "no timeline of the failing account")
        check("no_email" in dom.text.get("rejections", ""), "rejections lack no_email")
        logged = console_lines(rendered.stderr)
        check(not logged, f"the page logged to the console: {logged[:3]}")

        shot = chromium(browser, profile, (out / "report.html").as_uri(),
                        f"--screenshot={artefacts / 'report.png'}", "--window-size=1280,1800",
                        "--hide-scrollbars")
        check(shot.returncode == 0 and (artefacts / "report.png").stat().st_size > 10_000,
              "no screenshot")

        # The suite's index: its filters, as a person uses them (the URL's fragment sets
        # them when the page opens, as the buttons, the tag list and the search do).
        qa = tmp / "qa"
        qa.mkdir()
        (qa / "hostile.yaml").write_text(SCENARIO)
        (qa / "passing.yaml").write_text(PASSING)
        suite = subprocess.run([relinksim, "suite", str(qa), "--out", str(tmp / "suite")],
                               capture_output=True, text=True)
        check(suite.returncode == 1, f"suite exit {suite.returncode}, expected 1")
        index = (tmp / "suite" / "index.html").as_uri()

        def rows(fragment):
            """(verdict, hidden) of each run's row, as the browser left them."""
            page = chromium(browser, profile, index + fragment, "--dump-dom")
            check(not console_lines(page.stderr),
                  f"the index logged to the console: {console_lines(page.stderr)[:3]}")
            found = Dom()
            found.feed(page.stdout)
            return [(a.get("data-verdict"), "hidden" in a) for t, a in found.tags
                    if t == "tr" and a.get("class") == "run"], found

        shown, dom = rows("")
        check(shown == [("failed", False), ("passed", False)],
              f"the index does not list the failure first, all shown: {shown}")
        check(dom.text.get("verdict", "").strip() == "FAIL", "no overall verdict on the index")
        check(rows("#verdict=failed")[0] == [("failed", False), ("passed", True)],
              "filtering by verdict does not hide the passing run")
        check(rows("#tag=smoke")[0] == [("failed", True), ("passed", False)],
              "filtering by tag does not hide the run without it")
        check(rows("#q=second")[0] == [("failed", True), ("passed", False)],
              "searching does not hide the run whose title does not match")
        check(rows("#verdict=passed&tag=nope")[0] == [("failed", True), ("passed", True)],
              "filters do not combine")
        problems.extend(in_a_browser(browser, driver, out / "report.html",
                                     tmp / "suite" / "index.html", artefacts))

        # The console check must be able to fail: a page that loads an image.
        probe = tmp / "probe.html"
        probe.write_text(html.replace("</body>", '<img src="http://example.invalid/x.png"></body>'))
        blocked = chromium(browser, profile, probe.as_uri(), "--dump-dom")
        check(console_lines(blocked.stderr),
              "a page loading a remote image logged nothing: the console check is blind")

        problems.extend(docs_screenshots(relinksim, browser, driver, source,
                                         artefacts / "docs", tmp))

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s); screenshot in {artefacts / 'report.png'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
