#!/usr/bin/python3
"""A platform in the loop: relinksim and a real webhook endpoint (tests/data/platform/).

Each case runs tests/data/platform/ok.yaml, changed as the case needs, with
endpoint.py as the platform's command, in a folder of its own:
- ok: the run passes; the endpoint got every webhook of webhooks.jsonl, in order,
  with a signature it checked; each is a webhook.answered trace event; a second run
  writes the same events.jsonl, byte for byte;
- fail-first 2: each webhook fails twice (500) and is retried 5 and 30 minutes
  later in virtual time, then accepted; the run passes;
- a wrong signing secret on the endpoint's side: it rejects every delivery (400),
  and the run fails, saying which webhook was never accepted and what it answered;
- an endpoint that never answers: each attempt times out, and the run stops at its
  time limit with exit 1, saying so; one that calls the API more than max_calls
  times while a webhook waits stops the run too;
- platform_job: the job runs at its virtual instant; one that answers 500 fails
  the run, saying so;
- relinksim killed outright: its platform dies with it; a port something else
  listens on already is refused before the platform starts (exit 2);
- a command that exits, or never gets ready: exit 2, saying why, with its output;
- relink.yaml: the endpoint's handler reads the deactivated account and creates a
  relink session through relinksim's API while the delivery waits; the customer
  relinks, the run passes, and gives the same events.jsonl twice; with another API
  key the calls are refused (401), nothing is repaired, and the run fails;
- a platform already running (no command), told the API's port (api_port): the
  same repair;
- probe.yaml: pages of a list, an Idempotency-Key used twice (one disconnect), a
  refresh, and the errors: an unknown path, a missing parameter, an unknown
  account, no key;
- scenarios that combine the endpoint with what it replaces, or point it at
  another host: refused by validate, exit 2.

Usage: platform_check.py RELINKSIM SOURCE_DIR
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def seconds(duration):
    """A duration as relinksim writes it (1d2h30s) in seconds."""
    units = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(float(n) * units[u] for n, u in re.findall(r"([0-9.]+)([wdhms])", duration))


def main():
    relinksim, source = sys.argv[1], Path(sys.argv[2]).resolve()
    base = yaml.safe_load((source / "tests/data/platform/ok.yaml").read_text())
    problems = []
    # Fixed ports below the range the system gives out (32768 and up on Linux), so
    # that no connection of another test takes one for a moment.
    port = [23820]

    def check(ok, what):
        if not ok:
            problems.append(what)

    def scenario(folder, mode, **endpoint):
        port[0] += 1
        spec = json.loads(json.dumps(base))
        spec["platform"]["endpoint"].update(
            url=f"http://127.0.0.1:{port[0]}/webhooks", ready=f"http://127.0.0.1:{port[0]}/health",
            command=f"python3 endpoint.py {mode}", **endpoint)
        folder.mkdir()
        shutil.copy(source / "tests/data/platform/endpoint.py", folder)
        (folder / "s.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        return folder / "s.yaml"

    def run(path, out):
        return subprocess.run([relinksim, "run", str(path), "--out", str(out)],
                              capture_output=True, text=True, timeout=120)

    def events(out):
        return [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        # ok, and the same bytes twice.
        path = scenario(tmp / "ok", "ok")
        done = run(path, tmp / "ok-out")
        check(done.returncode == 0, f"ok: exit {done.returncode}: {done.stdout[-500:]} {done.stderr}")
        sent = [json.loads(l)["id"] for l in (tmp / "ok-out/webhooks.jsonl").read_text().splitlines()]
        received = (tmp / "ok/received.log").read_text().split("\n")[:-1]
        check(received == [f"{e} 200" for e in sent] and len(sent) == 3,
              f"ok: the endpoint got {received}, webhooks.jsonl has {sent}")
        answered = [e["entity"] for e in events(tmp / "ok-out") if e["type"] == "webhook.answered"]
        check(answered == sent, f"ok: webhook.answered events {answered}")
        check((tmp / "ok-out/platform.log").read_text().startswith("listening on"),
              "ok: no platform.log with the platform's output")
        again = run(path, tmp / "ok-again")
        check(again.returncode == 0 and (tmp / "ok-out/events.jsonl").read_bytes()
              == (tmp / "ok-again/events.jsonl").read_bytes(),
              "ok: a second run wrote another events.jsonl")

        # Stripe's copies and held-back deliveries reach the real endpoint too, each
        # at its own virtual instant: a copy of every webhook 1-10 minutes later.
        path = scenario(tmp / "dup", "ok")
        spec = yaml.safe_load(path.read_text())
        spec["timeline"].insert(0, {"at": "0s", "webhook_faults": {"duplicates": 1}})
        spec["expect"] = [{"event": "webhook.answered", "count": 6}, {"webhooks": {"duplicates": 3}}]
        path.write_text(yaml.safe_dump(spec, sort_keys=False))
        done = run(path, tmp / "dup-out")
        check(done.returncode == 0, f"duplicates: exit {done.returncode}: {done.stdout[-500:]} {done.stderr}")
        answered = [(seconds(e["t"]), e["entity"]) for e in events(tmp / "dup-out")
                    if e["type"] == "webhook.answered"]
        received = [line.split()[0] for line in (tmp / "dup/received.log").read_text().splitlines()]
        check(received == [entity for _, entity in answered],
              f"duplicates: the endpoint got {received}, answered {answered}")
        for event_id in set(received):
            times = [t for t, entity in answered if entity == event_id]
            check(len(times) == 2 and 60 <= times[1] - times[0] <= 600,
                  f"duplicates: {event_id} answered at {times}")
        # Held back 1-30 minutes each: later ones may overtake them.
        path = scenario(tmp / "held", "ok")
        spec = yaml.safe_load(path.read_text())
        spec["timeline"].insert(0, {"at": "0s", "webhook_faults": {"reorder": 1}})
        path.write_text(yaml.safe_dump(spec, sort_keys=False))
        done = run(path, tmp / "held-out")
        answered = [seconds(e["t"]) for e in events(tmp / "held-out") if e["type"] == "webhook.answered"]
        # account.created at 0s, then deactivated and reactivated at 1d and after:
        # each answered 1-30 minutes after its event.
        check(done.returncode == 0 and len(answered) == 3 and 60 <= answered[0] <= 1800
              and all(86400 + 60 <= t for t in answered[1:]),
              f"reorder: exit {done.returncode}, answered at {answered}")

        # Two failures of each webhook, retried on Stripe's schedule.
        done = run(scenario(tmp / "flaky", "fail-first 2"), tmp / "flaky-out")
        check(done.returncode == 0, f"fail-first: exit {done.returncode}: {done.stdout[-500:]}")
        first = [(e["t"], e["type"], e["attempt"], e.get("retry_in"))
                 for e in events(tmp / "flaky-out")
                 if e["type"].startswith("webhook.") and e["entity"] == sent[0]]
        check(first == [("0s", "webhook.failed", "1", "5m"), ("5m", "webhook.failed", "2", "30m"),
                        ("35m", "webhook.answered", "3", None)],
              f"fail-first: the first webhook's attempts were {first}")

        # The endpoint checks signatures with another secret: it rejects them all.
        done = run(scenario(tmp / "secret", "secret whsec_not_the_one"), tmp / "secret-out")
        check(done.returncode == 1, f"wrong secret: exit {done.returncode}")
        check("never accepted evt_" in done.stdout + done.stderr
              and "No signatures found" in done.stdout + done.stderr,
              f"wrong secret: the run does not say which webhook failed and why: {done.stdout[-600:]}")

        # An endpoint that never answers: timeouts, then the run's time limit.
        done = run(scenario(tmp / "hang", "hang", answer_timeout="1s", time_limit="1s"),
                   tmp / "hang-out")
        check(done.returncode == 1 and "took longer than 1s of real time" in done.stdout + done.stderr,
              f"hang: exit {done.returncode}: {done.stdout[-400:]} {done.stderr[-400:]}")
        failed = [e for e in events(tmp / "hang-out") if e["type"] == "webhook.failed"] \
            if (tmp / "hang-out/events.jsonl").exists() else []
        check(failed and failed[0]["status"] == "no answer within 1s",
              f"hang: the attempts are not recorded as timeouts: {failed[:1]}")

        # A handler that calls the API without end.
        done = run(scenario(tmp / "chatty", "chatty 8", max_calls=5), tmp / "chatty-out")
        check(done.returncode == 1 and "more than 5 API calls while handling evt_" in
              done.stdout + done.stderr,
              f"chatty: exit {done.returncode}: {done.stdout[-400:]} {done.stderr[-300:]}")

        # The platform's jobs at virtual instants: one runs, one fails the run.
        path = scenario(tmp / "jobs", "ok")
        spec = yaml.safe_load(path.read_text())
        spec["timeline"] += [{"at": "2d", "platform_job": {"path": "/jobs/ok"}},
                             {"at": "3d", "platform_job": {"path": "/jobs/broken"}}]
        path.write_text(yaml.safe_dump(spec, sort_keys=False))
        done = run(path, tmp / "jobs-out")
        jobs = [(e["t"], e["path"], e["status"]) for e in events(tmp / "jobs-out")
                if e["type"] == "platform.job"] if (tmp / "jobs-out/events.jsonl").exists() else []
        check(done.returncode == 1 and jobs == [("2d", "/jobs/ok", "200"), ("3d", "/jobs/broken", "500")]
              and "the platform's job /jobs/broken at 3d answered 500" in done.stdout + done.stderr,
              f"jobs: exit {done.returncode}, {jobs}: {done.stdout[-400:]}")

        # relinksim killed outright: its platform goes too (it would hold the port);
        # and a port something listens on already is refused, not talked to.
        path = scenario(tmp / "killed", "hang", answer_timeout="1s", time_limit="10s")
        url = yaml.safe_load(path.read_text())["platform"]["endpoint"]["url"]
        victim = subprocess.Popen([relinksim, "run", str(path), "--out", str(tmp / "killed-out")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        victim_port = int(url.split(":")[2].split("/")[0])
        for _ in range(100):  # until the platform listens
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", victim_port)) == 0:
                    break
            time.sleep(0.05)
        time.sleep(0.3)
        victim.kill()
        victim.wait()
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", victim_port)) != 0:
                    break
            time.sleep(0.05)
        with socket.socket() as probe:
            check(probe.connect_ex(("127.0.0.1", victim_port)) != 0,
                  "killed: the platform outlived relinksim and still holds its port")
        taken = scenario(tmp / "taken", "ok", answer_timeout="1s", time_limit="5s")
        taken_port = int(yaml.safe_load(taken.read_text())["platform"]["endpoint"]["url"]
                         .split(":")[2].split("/")[0])
        holder = subprocess.Popen(["python3", "-m", "http.server", "--bind", "127.0.0.1", str(taken_port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):  # until it listens, however busy the machine
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", taken_port)) == 0:
                        break
                time.sleep(0.05)
            done = run(taken, tmp / "taken-out")
        finally:
            holder.terminate()
            holder.wait()
        check(done.returncode == 2 and "something already listens on" in done.stderr,
              f"port taken: exit {done.returncode}: {done.stderr[-300:]}")
        # The API's port taken (a platform already running, told a port in use).
        busy_api = scenario(tmp / "busy-api", "ok", api_port=taken_port)
        holder = subprocess.Popen(["python3", "-m", "http.server", "--bind", "127.0.0.1", str(taken_port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", taken_port)) == 0:
                        break
                time.sleep(0.05)
            done = run(busy_api, tmp / "busy-api-out")
        finally:
            holder.terminate()
            holder.wait()
        check(done.returncode == 2 and
              f"cannot listen on 127.0.0.1:{taken_port} for the platform's API calls" in done.stderr,
              f"API port taken: exit {done.returncode}: {done.stderr[-300:]}")

        # A platform that does not start.
        path = scenario(tmp / "exits", "ok")
        path.write_text(path.read_text().replace("python3 endpoint.py ok",
                                                 "echo cannot bind; exit 3"))
        done = run(path, tmp / "exits-out")
        check(done.returncode == 2 and "exited with status 3 before it was ready" in done.stderr
              and "cannot bind" in done.stderr, f"exits: {done.returncode} {done.stderr!r}")
        path = scenario(tmp / "slow", "ok", start_timeout="1s")
        path.write_text(path.read_text().replace("python3 endpoint.py ok", "sleep 5"))
        done = run(path, tmp / "slow-out")
        check(done.returncode == 2 and "was not ready within 1s" in done.stderr,
              f"never ready: {done.returncode} {done.stderr!r}")

        # The platform's handler calls the API inside the delivery.
        handler = tmp / "handler"
        handler.mkdir()
        shutil.copy(source / "tests/data/platform/endpoint.py", handler)
        shutil.copy(source / "tests/data/platform/relink.yaml", handler)
        done = run(handler / "relink.yaml", tmp / "handler-out")
        check(done.returncode == 0, f"relink: exit {done.returncode}: {done.stdout[-700:]} {done.stderr}")
        calls = (handler / "api.log").read_text().splitlines()
        check(calls == ["GET /v1/financial_connections/accounts/fca_ana 200 inactive",
                        "POST /v1/financial_connections/sessions 200 pending"],
              f"relink: the handler's calls were {calls}")
        recorded = [(e["t"], e["method"], e["status"]) for e in events(tmp / "handler-out")
                    if e["type"] == "platform.api_call"]
        check(recorded == [("1d", "GET", "200"), ("1d", "POST", "200")],
              f"relink: the calls in the trace are {recorded}")
        again = run(handler / "relink.yaml", tmp / "handler-again")
        check((tmp / "handler-out/events.jsonl").read_bytes()
              == (tmp / "handler-again/events.jsonl").read_bytes(),
              "relink: a second run wrote another events.jsonl")
        (handler / "api.log").unlink()
        (handler / "relink.yaml").write_text((handler / "relink.yaml").read_text().replace(
            "endpoint.py relink", "endpoint.py relink sk_test_not_the_key"))
        done = run(handler / "relink.yaml", tmp / "badkey-out")
        calls = (handler / "api.log").read_text().splitlines()
        check(done.returncode == 1 and calls == [
                  "GET /v1/financial_connections/accounts/fca_ana 401 None",
                  "POST /v1/financial_connections/sessions 401 None"],
              f"relink with another key: exit {done.returncode}, calls {calls}")

        # A platform already running: no command, the API on a port it was told.
        running = tmp / "running"
        running.mkdir()
        shutil.copy(source / "tests/data/platform/endpoint.py", running)
        spec = yaml.safe_load((source / "tests/data/platform/relink.yaml").read_text())
        endpoint = spec["platform"]["endpoint"]
        del endpoint["command"]
        endpoint.update(url="http://127.0.0.1:23840/webhooks", ready="http://127.0.0.1:23840/health",
                        api_port=23841)
        (running / "s.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        platform = subprocess.Popen(
            ["python3", "endpoint.py", "relink"], cwd=running,
            env=dict(os.environ, RELINKSIM_WEBHOOK_URL=endpoint["url"],
                     STRIPE_WEBHOOK_SECRET="whsec_relinksim", STRIPE_SECRET_KEY="sk_test_relinksim",
                     RELINKSIM_API_BASE="http://127.0.0.1:23841"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            done = run(running / "s.yaml", tmp / "running-out")
        finally:
            platform.terminate()
            platform.wait()
        check(done.returncode == 0 and not (tmp / "running-out/platform.log").exists(),
              f"already running: exit {done.returncode}: {done.stdout[-500:]} {done.stderr}")

        # The API's edges.
        edges = tmp / "edges"
        edges.mkdir()
        shutil.copy(source / "tests/data/platform/endpoint.py", edges)
        shutil.copy(source / "tests/data/platform/probe.yaml", edges)
        done = run(edges / "probe.yaml", tmp / "edges-out")
        accounts = "/v1/financial_connections/accounts"
        listing = accounts + "?account_holder%5Bcustomer%5D=cus_ana&limit=1"
        expected = [f"GET {listing} 200 True",
                    f"GET {listing}&starting_after=fca_ana_1 200 False",
                    f"POST {accounts}/fca_ana_2/disconnect 200 disconnected",
                    f"POST {accounts}/fca_ana_2/disconnect 200 disconnected",
                    f"POST {accounts}/fca_ana_1/refresh 200 active",
                    "GET /v1/financial_connections/nothing 404 None",
                    "POST /v1/financial_connections/sessions 400 parameter_missing",
                    f"GET {accounts}/fca_nobody 404 resource_missing",
                    f"GET {accounts}/fca_ana_1 401 None"]
        calls = (edges / "api.log").read_text().splitlines() if (edges / "api.log").exists() else []
        check(done.returncode == 0 and calls == expected,
              f"probe: exit {done.returncode} {done.stdout[-400:]}; calls {calls}")

        # What the endpoint replaces, and other hosts, are refused.
        for name, change, message in [
                ("remote", lambda s: s["platform"]["endpoint"].update(url="http://192.0.2.1:80/x"),
                 "is not this machine"),
                ("auto-relink", lambda s: s["platform"].update(
                    policy={"auto_relink": {"on": ["deactivated"]}}), "auto_relink models"),
                ("faults", lambda s: s["timeline"].append(
                    {"at": "2d", "webhook_faults": {"down_for": "1h"}}), "down_for models"),
                ("not-http", lambda s: s["platform"]["endpoint"].update(url="http://127.0.0.1:99999/x"),
                 "expected an http:// URL"),
                ("live-key", lambda s: s["platform"]["endpoint"].update(secret_key="sk_live_x"),
                 "a test key"),
                ("job-without-endpoint", lambda s: (s["platform"].pop("endpoint"), s["timeline"].append(
                    {"at": "2d", "platform_job": {"path": "/jobs/x"}})), "it needs platform.endpoint")]:
            spec = json.loads(json.dumps(base))
            change(spec)
            (tmp / f"{name}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
            done = subprocess.run([relinksim, "validate", str(tmp / f"{name}.yaml")],
                                  capture_output=True, text=True)
            check(done.returncode == 2 and message in done.stderr,
                  f"{name}: validate exit {done.returncode}: {done.stderr!r}")

    for p in problems:
        print("FAIL:", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
