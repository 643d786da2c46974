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
GET /health answers 200.

Usage: endpoint.py MODE [ARG]
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

MODE = sys.argv[1]
ARG = sys.argv[2] if len(sys.argv) > 2 else ""
URL = urlparse(os.environ["RELINKSIM_WEBHOOK_URL"])
SECRET = ARG if MODE == "secret" else os.environ["STRIPE_WEBHOOK_SECRET"]
seen = {}


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
        with open("received.log", "a") as log:
            log.write(f"{event} {status}\n")
        self.answer(status, text)


print(f"listening on {URL.hostname}:{URL.port}", flush=True)
ThreadingHTTPServer((URL.hostname, URL.port), Handler).serve_forever()
