#!/usr/bin/python3
"""The Node example's platform again, on Stripe's official Python library (Debian's
python3-stripe), pointed at relinksim with `stripe.api_base`.

- Every webhook is verified with stripe.Webhook.construct_event; one that fails is
  answered 400.
- financial_connections.account.deactivated: it reads the account and, if it needs
  a relink, creates a relink session before it answers.
- account_numbers_updated: it keeps whether the account can be debited.
- POST /jobs/debit: one confirmed PaymentIntent of each account that can be
  debited; none of one whose TAN is dead.
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import stripe

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
stripe.api_base = os.environ["RELINKSIM_API_BASE"]
stripe.max_network_retries = 0
SIGNING_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
ENDPOINT = urlparse(os.environ["RELINKSIM_WEBHOOK_URL"])
debitable = {}  # account id -> whether its TAN can be debited
# A platform broken on purpose, for relinksim's own tests: it debits every account.
DEBIT_ALWAYS = os.environ.get("DEBIT_ALWAYS") == "1"


def log(text):
    print(text, flush=True)


def handle(event):
    account = event["data"]["object"]
    if event["type"] == "financial_connections.account.deactivated":
        account = stripe.financial_connections.Account.retrieve(account["id"])
        inactive = (account.get("status_details") or {}).get("inactive") or {}
        if inactive.get("action") == "relink_required":
            session = stripe.financial_connections.Session.create(
                relink_options={"account": account["id"]})
            log(f"relink session {session['id']} for {account['id']}")
    elif event["type"] in ("financial_connections.account.created",
                           "financial_connections.account.account_numbers_updated"):
        now = any(n["status"] == "transactable" for n in account.get("account_numbers") or [])
        if debitable.get(account["id"]) != now:
            log(f"{account['id']} debitable: {str(now).lower()}")
        debitable[account["id"]] = now


def debit_run():
    for account, ok in list(debitable.items()):
        if not ok and not DEBIT_ALWAYS:
            log(f"skipped the debit of {account}: its account number is not transactable")
            continue
        try:
            intent = stripe.PaymentIntent.create(
                amount=1500, currency="usd", payment_method_types=["us_bank_account"],
                payment_method_data={"type": "us_bank_account",
                                     "us_bank_account": {"financial_connections_account": account}},
                confirm=True)
            log(f"debited {account}: {intent['id']} {intent['status']}")
        except stripe.error.StripeError as error:
            log(f"the debit of {account} failed: {error.code}")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(200 if self.path == "/health" else 404, {})

    def do_POST(self):
        payload = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/jobs/debit":
            debit_run()
            return self.answer(200, {"done": True})
        if self.path != ENDPOINT.path:
            return self.answer(404, {"error": "not found"})
        try:
            event = stripe.Webhook.construct_event(
                payload, self.headers.get("Stripe-Signature", ""), SIGNING_SECRET)
        except (ValueError, stripe.error.SignatureVerificationError) as error:
            log(f"rejected a webhook: {error}")
            return self.answer(400, {"error": str(error)})
        try:
            handle(event)
        except stripe.error.StripeError as error:
            log(f"{event['type']} {event['id']}: {error}")
            return self.answer(500, {"error": str(error)})
        self.answer(200, {"received": True})


log(f"platform listening on {ENDPOINT.geturl()}")
ThreadingHTTPServer((ENDPOINT.hostname, ENDPOINT.port), Handler).serve_forever()
