#!/usr/bin/python3
"""A platform's webhook endpoint for relinksim's tests, standing in for a real one.

It listens where RELINKSIM_WEBHOOK_URL says, checks each delivery's Stripe-Signature
against STRIPE_WEBHOOK_SECRET as Stripe's libraries do (HMAC-SHA256 of "t.payload",
5 minutes of tolerance), appends "<event id> <attempt's answer>" to received.log in
the current folder, and answers as MODE says:
  ok            2xx for each delivery whose signature is valid, 400 otherwise
  fail-first N  500 for the first N deliveries of each event, then as ok
  secret S      checks signatures against S instead (a wrong secret: every one fails)
  hang          never answers
  relink [KEY]  as ok, and for each financial_connections.account.deactivated, before
                answering, reads the account and creates a relink session for it through
                relinksim's API (RELINKSIM_API_BASE), with STRIPE_SECRET_KEY or KEY;
                each call's status goes to api.log
  probe         as ok, and at the first webhook tries the API's edges: pages of a
                list, an Idempotency-Key used twice, an unknown path, a missing
                parameter, no key (api.log: each call, its status and what it saw)
  chatty N      as ok, and at the first webhook calls the API N times
POST /jobs/ok answers 200, any other /jobs/ path 500 (a platform_job).
GET /health answers 200.

Usage: endpoint.py MODE [ARG]
"""

import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

MODE = sys.argv[1]
ARG = sys.argv[2] if len(sys.argv) > 2 else ""
URL = urlparse(os.environ["RELINKSIM_WEBHOOK_URL"])
SECRET = ARG if MODE == "secret" else os.environ["STRIPE_WEBHOOK_SECRET"]
seen = {}
API = os.environ.get("RELINKSIM_API_BASE", "")
KEY = ARG if MODE == "relink" and ARG else os.environ["STRIPE_SECRET_KEY"]


def call(method, path, form=None, key=None, idempotency=None):
    """A call to relinksim's API as Stripe's libraries make it: (status, JSON)."""
    data = urllib.parse.urlencode(form).encode() if form else None
    headers = {} if key == "" else {"Authorization": f"Bearer {key or KEY}"}
    if idempotency:
        headers["Idempotency-Key"] = idempotency
    request = urllib.request.Request(API + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    answer = json.loads(body)
    with open("api.log", "a") as log:
        seen = answer.get("error", {}).get("code") or answer.get("status") or answer.get("has_more")
        log.write(f"{method} {path} {status} {seen}\n")
    return status, answer


probed = False


def probe():
    accounts = "/v1/financial_connections/accounts"
    _, first = call("GET", accounts + "?account_holder%5Bcustomer%5D=cus_ana&limit=1")
    after = first["data"][0]["id"]
    call("GET", accounts + f"?account_holder%5Bcustomer%5D=cus_ana&limit=1&starting_after={after}")
    call("POST", f"{accounts}/fca_ana_2/disconnect", {}, idempotency="once")
    call("POST", f"{accounts}/fca_ana_2/disconnect", {}, idempotency="once")
    call("POST", f"{accounts}/fca_ana_1/refresh", {"features[]": "balance"})
    call("GET", "/v1/financial_connections/nothing")
    call("POST", "/v1/financial_connections/sessions", {"hosted[delivery_method]": "email"})
    call("GET", f"{accounts}/fca_nobody")
    call("GET", f"{accounts}/fca_ana_1", key="")


def valid(header, payload):
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts or abs(time.time() - int(parts["t"])) > 300:
        return False
    expected = hmac.new(SECRET.encode(), parts["t"].encode() + b"." + payload,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200 if self.path == "/health" else 404, "ok")

    def do_POST(self):
        payload = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/jobs/"):  # a platform_job: /jobs/ok runs, others fail
            with open("received.log", "a") as log:
                log.write(f"job {self.path}\n")
            return self.answer(200 if self.path == "/jobs/ok" else 500, "job " + self.path)
        if MODE == "hang":
            time.sleep(3600)
        event = json.loads(payload)["id"]
        seen[event] = seen.get(event, 0) + 1
        if self.path != URL.path:
            status, text = 404, "no such endpoint"
        elif not valid(self.headers.get("Stripe-Signature", ""), payload):
            status, text = 400, "No signatures found matching the expected signature for payload"
        elif MODE == "fail-first" and seen[event] <= int(ARG):
            status, text = 500, "try again"
        else:
            status, text = 200, "{\"received\": true}"
            event_object = json.loads(payload)
            global probed
            if MODE == "probe" and not probed:
                probed = True
                probe()
            if MODE == "chatty" and not probed:
                probed = True
                for _ in range(int(ARG)):
                    call("GET", "/v1/financial_connections/accounts/fca_ana")
            if MODE == "relink" and event_object["type"] == "financial_connections.account.deactivated":
                account = event_object["data"]["object"]["id"]
                call("GET", f"/v1/financial_connections/accounts/{account}")
                call("POST", "/v1/financial_connections/sessions",
                     {"relink_options[account]": account})
        with open("received.log", "a") as log:
            log.write(f"{event} {status}\n")
        self.answer(status, text)


print(f"listening on {URL.hostname}:{URL.port}", flush=True)
ThreadingHTTPServer((URL.hostname, URL.port), Handler).serve_forever()
