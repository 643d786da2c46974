#!/usr/bin/python3
"""Peer model of relinksim's reference workload, written with SimPy 2.

It reads a relinksim scenario of the shape of bench/scale_100k.yaml and simulates
the same world with SimPy 2's process API (Debian's python3-simpy 2.3.1), so that
the benchmark can compare relinksim's speed with a plain discrete-event model and
check that both agree on the headline counts.

What it models (see README.md in this folder for the simplifications):

* populations of customers (email share, behaviour, accounts per customer) and their
  accounts (institution, TAN expiring at a drawn time); accounts of one holder at one
  institution share an authorization;
* institutions: authentication success and latency, TAN lifetime and activation, and
  outages -- each authorization goes inactive with probability `deactivates`, every
  authentication during the outage fails, and at its end each deactivated
  authorization recovers by itself with probability `recovers`;
* TANs: `transactable` until their expected expiry, then `expired`; the
  `upcoming_account_number_expiry` notice 30 days before; a successful relink issues
  a new TAN valid for the institution's `tans.lifetime`;
* the relink coordinator: `request_relink` with a list of accounts or a selector
  (`eligible`, `inactive`, `expiring`, `all`, or `{select, population, institution,
  sample, limit}`), eligibility at the request instant in the documented order
  (disconnected, not_repairable, not_inactive_or_expiring, no_account_holder,
  no_email, sandbox_email_unconfirmed, cooldown_48h), one email per accepted
  account, the link expiring after `link_lifetime`;
* the mailer (latency, soft bounces) and each customer's reaction to each relink
  email (opens, open_after, cancels, completes, flow_time, picks_other_account,
  clicks_twice) as a SimPy process; a successful relink repairs the account and,
  through its authorization, every account that went down with it;
* weekly payments: every account debited each `every`; a debit fails while its TAN
  is not transactable (or the account is closed) and is retried `after` later, up
  to `max` more times.

Usage:
    /usr/bin/python3 bench/peer_simpy/model.py SCENARIO.yaml [--seed N] [--scale F]

Prints one JSON object with the headline counts, the number of trace-like events
and the wall time of the simulation.
"""

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

import yaml  # noqa: E402
from SimPy.Simulation import Process, Simulation, hold  # noqa: E402

DAY = 86400.0
TAN_WINDOW = 30 * DAY  # eligibility window and notice lead time
COOLDOWN = 48 * 3600.0
SECOND_CLICK = 300.0
MAX_ACCOUNTS_PER_CUSTOMER = 20


class ScenarioError(Exception):
    pass


# -- values ---------------------------------------------------------------------

_UNIT = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}
_DURATION = re.compile(r"^(?:\d+(?:\.\d+)?[smhdw])+$")
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
_CALL = re.compile(r"^\s*(uniform|exp|normal|lognormal)\s*\((.*)\)\s*$")


def parse_duration(text):
    """'1d12h' -> seconds (float)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if text == 0:
            return 0.0
        raise ScenarioError("expected a duration such as 2h, got %r" % (text,))
    s = str(text).strip()
    if not _DURATION.match(s):
        raise ScenarioError("expected a duration such as 2h, got %r" % (text,))
    return sum(float(n) * _UNIT[u] for n, u in _PART.findall(s))


def parse_scalar(text):
    """A number or a duration (in seconds)."""
    if isinstance(text, bool):
        raise ScenarioError("expected a number or a duration, got %r" % (text,))
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip()
    try:
        return float(s)
    except ValueError:
        return parse_duration(s)


class Dist:
    """constant, uniform(a, b), exp(mean), normal(mean, sd) >= 0,
    lognormal(median, sigma), or a weighted choice {value: weight}."""

    __slots__ = ("form", "a", "b", "values", "weights", "total")

    def __init__(self, spec):
        self.values = self.weights = None
        self.b = 0.0
        if isinstance(spec, dict):
            self.form = "choice"
            self.values = [parse_scalar(k) for k in spec]
            self.weights = [float(v) for v in spec.values()]
            self.total = sum(self.weights)
            if self.total <= 0:
                raise ScenarioError("weights of %r are all 0" % (spec,))
            return
        m = _CALL.match(str(spec)) if isinstance(spec, str) else None
        if m is None:
            self.form = "constant"
            self.a = parse_scalar(spec)
            return
        self.form = m.group(1)
        params = [p.strip() for p in m.group(2).split(",")]
        want = 1 if self.form == "exp" else 2
        if len(params) != want:
            raise ScenarioError("%s takes %d parameters: %r" % (self.form, want, spec))
        self.a = parse_scalar(params[0])
        if want == 2:
            self.b = float(params[1]) if self.form == "lognormal" else parse_scalar(params[1])

    def sample(self, rng):
        f = self.form
        if f == "constant":
            return self.a
        if f == "uniform":
            return self.a + (self.b - self.a) * rng.random()
        if f == "exp":
            return -self.a * math.log(1.0 - rng.random())
        if f == "normal":
            return max(0.0, rng.gauss(self.a, self.b))
        if f == "lognormal":
            return self.a * math.exp(rng.gauss(0.0, self.b))
        x = rng.random() * self.total
        for v, w in zip(self.values, self.weights):
            if x < w:
                return v
            x -= w
        return self.values[-1]

    def delay(self, rng):
        x = self.sample(rng)
        return x if x > 0.0 else 0.0

    def count(self, rng):
        """A whole number: uniform(a, b) gives a..b alike, other shapes round."""
        if self.form == "uniform":
            return rng.randint(int(math.ceil(self.a)), int(math.floor(self.b)))
        return max(0, int(round(self.sample(rng))))


class Prob:
    """A probability: a number, or uniform(a, b) drawn at each use."""

    __slots__ = ("p", "dist")

    def __init__(self, spec, default):
        if spec is None:
            spec = default
        if isinstance(spec, str) and _CALL.match(spec):
            self.p, self.dist = None, Dist(spec)
        else:
            self.p, self.dist = float(spec), None

    def draw(self, rng):
        p = self.p if self.dist is None else self.dist.sample(rng)
        if p <= 0.0:
            return False
        if p >= 1.0:
            return True
        return rng.random() < p


def chance(rng, p):
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return rng.random() < p


def weighted(spec):
    """An id, or {id: weight}: a list of (id, weight)."""
    if isinstance(spec, dict):
        return [(str(k), float(v)) for k, v in spec.items()]
    return [(str(spec), 1.0)]


def pick(choices, rng):
    total = sum(w for _, w in choices)
    x = rng.random() * total
    for name, w in choices:
        if x < w:
            return name
        x -= w
    return choices[-1][0]


_QUOTE_CALL = re.compile(r"""(?<!["'])\b((?:uniform|exp|normal|lognormal)\([^)]*\))""")


def load_scenario(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # relinksim lets `{ latency: uniform(20s, 2m) }` stand in a flow mapping;
    # standard YAML would split it at the comma.
    text = _QUOTE_CALL.sub(r'"\1"', text)
    doc = yaml.safe_load(text)
    return _fix_keys(doc)


def _fix_keys(node):
    # YAML 1.1 reads the key `on` (auto_relink.on) as True.
    if isinstance(node, dict):
        return {("on" if k is True else k): _fix_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_fix_keys(v) for v in node]
    return node


# -- the world ------------------------------------------------------------------


class Behavior:
    __slots__ = ("opens", "open_after", "completes", "picks_other", "cancels", "flow_time",
                 "clicks_twice")

    def __init__(self, spec):
        spec = spec or {}
        self.opens = Prob(spec.get("opens"), 1.0)
        self.open_after = Dist(spec.get("open_after", "1h"))
        if "abandons" in spec and "completes" not in spec:
            ab = Prob(spec["abandons"], 0.0)
            if ab.dist is not None:
                raise ScenarioError("abandons as a distribution is not modelled; use completes")
            self.completes = Prob(1.0 - ab.p, 1.0)
        else:
            self.completes = Prob(spec.get("completes"), 1.0)
        self.picks_other = Prob(spec.get("picks_other_account"), 0.0)
        self.cancels = Prob(spec.get("cancels"), 0.0)
        self.flow_time = Dist(spec.get("flow_time", "0s"))
        self.clicks_twice = Prob(spec.get("clicks_twice"), 0.0)


class Institution:
    __slots__ = ("id", "success", "latency", "tan_lifetime", "tan_activation", "auths",
                 "outage_until")

    def __init__(self, spec):
        self.id = str(spec["id"])
        auth = spec.get("auth") or {}
        tans = spec.get("tans") or {}
        self.success = float(auth.get("success", 1.0))
        self.latency = Dist(auth.get("latency", "30s"))
        self.tan_lifetime = parse_duration(tans.get("lifetime", "180d"))
        self.tan_activation = parse_duration(tans.get("activation", "0s"))
        self.auths = []
        self.outage_until = -1.0


class Customer:
    __slots__ = ("id", "email", "behavior")

    def __init__(self, cid, email, behavior):
        self.id, self.email, self.behavior = cid, email, behavior


class Authorization:
    __slots__ = ("id", "inst", "accounts", "status", "cause")

    def __init__(self, aid, inst):
        self.id, self.inst = aid, inst
        self.accounts = []
        self.status = "active"
        self.cause = None


class Account:
    __slots__ = ("id", "inst", "holder", "auth", "population", "status", "cause", "own_cause",
                 "auth_cause", "tan_gen", "tan_status", "tan_expiry", "latest", "deactivated",
                 "repaired")

    def __init__(self, aid, inst, holder, auth, population, tan_expiry):
        self.id, self.inst, self.holder, self.auth = aid, inst, holder, auth
        self.population = population
        self.status = "active"
        self.cause = None
        self.own_cause = None
        self.auth_cause = None
        self.tan_gen = 1 if tan_expiry is not None else 0
        self.tan_status = "transactable" if tan_expiry is not None else None
        self.tan_expiry = tan_expiry
        self.latest = None  # the latest hosted relink (cooldown)
        self.deactivated = False
        self.repaired = False


REQUESTED, FLOW_STARTED = "requested", "flow_started"
TERMINAL = frozenset(("succeeded", "failed", "cancelled", "expired"))


class Relink:
    __slots__ = ("id", "request", "account", "to", "requested_at", "expires_at", "state")

    def __init__(self, rid, request, account, now, lifetime):
        self.id, self.request, self.account = rid, request, account
        self.to = account.holder.email
        self.requested_at = now
        self.expires_at = now + lifetime
        self.state = REQUESTED


class World:
    """State and rules shared by the processes; `events` counts the trace lines
    relinksim would write for the same happenings."""

    def __init__(self, doc, seed, scale):
        self.sim = Simulation()
        self.rng = random.Random(seed)
        self.horizon = parse_duration(doc["horizon"])
        self.mode = str(doc.get("mode", "sandbox"))
        platform = doc.get("platform") or {}
        self.confirmed = {str(e).lower() for e in platform.get("confirmed_emails") or []}
        self.link_lifetime = parse_duration(platform.get("link_lifetime", "7d"))
        self.payments = (platform.get("policy") or {}).get("payments")
        mailer = doc.get("mailer") or {}
        self.mail_latency = Dist(mailer.get("latency", "30s"))
        self.bounce_rate = float(mailer.get("bounce_rate", 0.0))
        self.mailer_down_until = -1.0
        self.bouncing = set()
        self.institutions = {}
        for spec in doc.get("institutions") or []:
            inst = Institution(spec)
            self.institutions[inst.id] = inst
        self.behaviors = {str(k): Behavior(v) for k, v in (doc.get("behaviors") or {}).items()}
        self.default_behavior = Behavior({})
        self.customers = {}
        self.accounts = []
        self.by_id = {}
        self.auths = {}
        self.relinks = 0
        # counters
        self.events = 0
        self.accepted = self.rejected = 0
        self.sessions_created = self.sessions_rejected = 0
        self.rejected_by = {}
        self.payments_ok = self.payments_failed = 0
        self.emails_delivered = self.emails_opened = self.flows_started = 0
        self.succeeded = self.failed = self.cancelled = self.expired = 0
        self.recovered = set()
        self._build(doc, seed, scale)

    # -- building ------------------------------------------------------------

    def _behavior(self, name):
        if name is None:
            return self.default_behavior
        if name not in self.behaviors:
            raise ScenarioError("unknown behavior %r" % name)
        return self.behaviors[name]

    def _institution(self, name):
        if name not in self.institutions:
            raise ScenarioError("unknown institution %r" % name)
        return self.institutions[name]

    def _add_account(self, aid, inst_id, holder, population, tan_expiry):
        inst = self._institution(inst_id)
        auth_id = "fcauth_%s_%s" % (holder.id, inst.id) if holder else "fcauth_" + aid
        auth = self.auths.get(auth_id)
        if auth is None:
            auth = self.auths[auth_id] = Authorization(auth_id, inst)
        acct = Account(aid, inst, holder, auth, population, tan_expiry)
        auth.accounts.append(acct)
        self.accounts.append(acct)
        self.by_id[aid] = acct

    def _build(self, doc, seed, scale):
        for c in doc.get("customers") or []:
            cust = Customer(str(c["id"]), c.get("email"), self._behavior(c.get("behavior")))
            self.customers[cust.id] = cust
            for a in c.get("accounts") or []:
                tan = a.get("tan_expires")
                self._add_account(str(a["id"]), str(a["institution"]), cust, None,
                                  None if tan is None else parse_duration(tan))
        for a in doc.get("accounts") or []:
            tan = a.get("tan_expires")
            self._add_account(str(a["id"]), str(a["institution"]), None, None,
                              None if tan is None else parse_duration(tan))
        for p in doc.get("populations") or []:
            self._populate(p, seed, scale)
        self.accounts.sort(key=lambda a: a.id)  # id order, as the Dashboard lists them
        for auth in sorted(self.auths.values(), key=lambda x: x.id):
            auth.inst.auths.append(auth)

    def _populate(self, p, seed, scale):
        name = str(p["name"])
        rng = random.Random("%s:population:%s" % (seed, name))
        customers = int(round(int(p["customers"]) * scale))
        per_customer = Dist(p.get("accounts_per_customer", 1))
        institutions = weighted(p["institution"])
        for inst_id, _ in institutions:
            self._institution(inst_id)
        email = p.get("email", 1.0)
        address = None
        if isinstance(email, dict):
            address = email.get("address")
            email = email.get("share", 1.0)
        email = float(email)
        behaviors = weighted(p["behavior"]) if p.get("behavior") is not None else None
        tan_expires = Dist(p["tan_expires"]) if p.get("tan_expires") is not None else None
        confirmed = sorted(self.confirmed)
        for n in range(1, customers + 1):
            cid = "cus_%s_%06d" % (name, n)
            mail = None
            if chance(rng, email):
                if address:
                    mail = address
                elif self.mode == "sandbox" and confirmed:
                    mail = confirmed[(n - 1) % len(confirmed)]
                else:
                    mail = cid + "@example.test"
            beh = self._behavior(pick(behaviors, rng)) if behaviors else self.default_behavior
            cust = Customer(cid, mail, beh)
            self.customers[cid] = cust
            count = min(per_customer.count(rng), MAX_ACCOUNTS_PER_CUSTOMER)
            for k in range(1, count + 1):
                inst_id = pick(institutions, rng)
                tan = tan_expires.delay(rng) if tan_expires is not None else None
                self._add_account("fca_%s_%06d_%d" % (name, n, k), inst_id, cust, name, tan)

    # -- accounts and authorizations ---------------------------------------------

    def now(self):
        return self.sim._t

    def settle_status(self, acct):
        cause = acct.own_cause or acct.auth_cause
        if cause is None or acct.status == "disconnected":
            return
        if acct.status == "inactive" and acct.cause == cause:
            return
        acct.status = "inactive"
        acct.cause = cause
        acct.deactivated = True
        self.events += 1  # financial_connections.account.deactivated

    def deactivate(self, acct, cause):
        own = acct.own_cause
        if own and (own == "account_closed" or cause != "account_closed"):
            return
        acct.own_cause = cause
        self.settle_status(acct)

    def reactivate(self, acct, by):
        acct.status = "active"
        acct.cause = acct.own_cause = acct.auth_cause = None
        self.events += 1  # financial_connections.account.reactivated
        if by == "relink":
            acct.repaired = True
            self.renew_tan(acct)
        else:
            self.recovered.add(acct.id)

    def auth_down(self, auth, cause, revoked=False):
        if auth.status == "inactive" and (not revoked or auth.cause == cause):
            return
        auth.status = "inactive"
        auth.cause = cause
        self.events += 1  # authorization.deactivated
        for acct in auth.accounts:
            if acct.status == "disconnected":
                continue
            if revoked:
                self.end_tan(acct, "deactivated")
            acct.auth_cause = cause
            self.settle_status(acct)

    def auth_up(self, auth, by):
        if auth.status == "active":
            return
        auth.status = "active"
        self.events += 1  # authorization.reactivated
        for acct in auth.accounts:
            acct.auth_cause = None
            if acct.status == "inactive" and not acct.own_cause:
                self.reactivate(acct, by)

    def end_tan(self, acct, status):
        if acct.tan_gen and acct.tan_status in ("transactable", "pending"):
            acct.tan_status = status
            if status == "expired":
                acct.tan_expiry = min(acct.tan_expiry, self.sim._t)
            self.events += 1  # account_numbers_updated

    def renew_tan(self, acct):
        if not acct.tan_gen:
            return
        inst = acct.inst
        acct.tan_gen += 1
        acct.tan_status = "pending" if inst.tan_activation > 0 else "transactable"
        acct.tan_expiry = self.sim._t + inst.tan_lifetime
        self.events += 1  # account_numbers_updated
        self.arm_tan(acct)

    def arm_tan(self, acct):
        """Starts the TAN's clock when something of it happens within the horizon."""
        now = self.sim._t
        if acct.tan_expiry <= now:
            self.end_tan(acct, "expired")
            return
        act = acct.inst.tan_activation if acct.tan_status == "pending" else 0.0
        if min(acct.tan_expiry - TAN_WINDOW, now + act) <= self.horizon:
            clock = TanClock(self)
            self.sim.activate(clock, clock.run(acct, acct.tan_gen, act))

    def repair(self, acct):
        """A successful relink: the account's own trouble and, when its credentials
        are down, the authorization (all its accounts); an active account gets a new
        TAN."""
        if acct.status == "active":
            self.renew_tan(acct)
        elif acct.status == "inactive":
            if acct.own_cause == "account_closed":
                return
            acct.own_cause = None
            if acct.auth_cause:
                self.auth_up(acct.auth, "relink")
            else:
                self.reactivate(acct, "relink")

    def debit_ok(self, acct):
        if acct.status == "inactive" and acct.cause == "account_closed":
            return False
        return not acct.tan_gen or acct.tan_status == "transactable"

    # -- the relink coordinator -------------------------------------------------

    def rejection(self, acct):
        """The first failing eligibility rule, or None."""
        status = acct.status
        if status == "disconnected":
            return "disconnected"
        if status == "inactive" and acct.cause == "account_closed":
            return "not_repairable"
        now = self.sim._t
        if status != "inactive" and not (acct.tan_gen and acct.tan_expiry <= now + TAN_WINDOW):
            return "not_inactive_or_expiring"
        holder = acct.holder
        if holder is None:
            return "no_account_holder"
        if not holder.email:
            return "no_email"
        if self.mode == "sandbox" and holder.email.lower() not in self.confirmed:
            return "sandbox_email_unconfirmed"
        prev = acct.latest
        if prev is not None and prev.state not in TERMINAL and now - prev.requested_at < COOLDOWN:
            return "cooldown_48h"
        return None

    def selected(self, select, acct):
        if select == "all":
            return True
        if select == "inactive":
            return acct.status == "inactive"
        if select == "expiring":
            return (acct.status != "disconnected" and acct.tan_gen
                    and acct.tan_expiry <= self.sim._t + TAN_WINDOW)
        return self.rejection(acct) is None  # eligible

    def request(self, request_id, accounts):
        self.events += 1  # relink_request.created
        rng = self.rng
        if isinstance(accounts, list):
            candidates = [self.by_id[str(a)] for a in accounts]
            sel = None
        else:
            sel = {"select": accounts} if isinstance(accounts, str) else dict(accounts)
            pop, inst = sel.get("population"), sel.get("institution")
            candidates = [a for a in self.accounts
                          if (pop is None or a.population == pop)
                          and (inst is None or a.inst.id == inst)]
        kept = 0
        if sel is not None:
            select = sel.get("select", "all")
            sample = float(sel.get("sample", 1.0))
            limit = sel.get("limit")
        for acct in candidates:
            if sel is not None:
                if not self.selected(select, acct):
                    continue
                if sample < 1.0 and not chance(rng, sample):
                    continue
                if limit is not None and kept >= limit:
                    break
            kept += 1
            reason = self.rejection(acct)
            self.events += 1  # relink_request.accepted / .rejected
            if reason is not None:
                self.rejected += 1
                self.rejected_by[reason] = self.rejected_by.get(reason, 0) + 1
                continue
            self.accepted += 1
            self.relinks += 1
            r = Relink("rr_%d" % self.relinks, request_id, acct, self.sim._t, self.link_lifetime)
            acct.latest = r
            flow = RelinkEmail(self)
            self.sim.activate(flow, flow.run(r))
        self.events += 1  # relink_request.selected

    def expire(self, r):
        if r.state not in TERMINAL:
            r.state = "expired"
            self.expired += 1
            self.events += 1  # relink_request.expired

    # -- institutions ---------------------------------------------------------------

    def start_outage(self, spec):
        inst = self._institution(str(spec["institution"]))
        length = parse_duration(spec["for"])
        now = self.sim._t
        inst.outage_until = max(inst.outage_until, now + length)
        p = float(spec.get("deactivates", 0.0))
        rng = self.rng
        down = [a for a in inst.auths if chance(rng, p)]
        for auth in down:
            self.auth_down(auth, "account_unavailable")
        self.events += 1  # institution.outage_started
        end = OutageEnd(self)
        self.sim.activate(end, end.run(inst, down, float(spec.get("recovers", 0.0))),
                          delay=length)


# -- processes --------------------------------------------------------------------


class RelinkEmail(Process):
    """One accepted account's relink: the mailer, then the holder living the email
    (opens, clicks, the hosted flow, authentication at the bank), and the link's
    expiry when nothing terminal happened first."""

    def run(self, r):
        w = self.world
        sim = w.sim
        rng = w.rng
        acct = r.account
        beh = acct.holder.behavior
        expires = r.expires_at
        w.events += 1  # email.queued
        attempt = 1
        while sim._t < w.mailer_down_until:  # deferred, retried 1m, 2m, 4m ... (<= 1h)
            w.events += 1  # email.deferred
            yield hold, self, min(60.0 * 2 ** (attempt - 1), 3600.0)
            attempt += 1
        w.events += 1  # email.sent
        yield hold, self, w.mail_latency.delay(rng)
        if chance(rng, w.bounce_rate) or r.to in w.bouncing:
            w.events += 1  # email.bounced
            yield hold, self, max(0.0, expires - sim._t)
            w.expire(r)
            return
        w.events += 1  # email.delivered
        w.emails_delivered += 1
        if not beh.opens.draw(rng):
            yield hold, self, max(0.0, expires - sim._t)
            w.expire(r)
            return
        wait = beh.open_after.delay(rng)
        if sim._t + wait >= expires:
            opens_at = sim._t + wait
            yield hold, self, max(0.0, expires - sim._t)
            w.expire(r)
            yield hold, self, max(0.0, opens_at - sim._t)
            w.events += 3  # email.opened, email.link_clicked, relink_request.link_refused
            w.emails_opened += 1
            return
        yield hold, self, wait
        w.events += 2  # email.opened, email.link_clicked
        w.emails_opened += 1
        if r.state != REQUESTED:
            w.events += 1  # relink_request.link_refused
            return
        r.state = FLOW_STARTED
        w.flows_started += 1
        w.events += 1  # relink_request.flow_started
        if beh.cancels.draw(rng):
            r.state = "cancelled"
            w.cancelled += 1
            w.events += 1  # relink_request.cancelled
            self.maybe_click_again(beh)
            return
        if not beh.completes.draw(rng):
            w.events += 1  # relink_request.abandoned
            self.maybe_click_again(beh)
            yield hold, self, max(0.0, expires - sim._t)
            w.expire(r)
            return
        flow_time = beh.flow_time.delay(rng)
        if flow_time > 0.0:
            yield hold, self, flow_time
        inst = acct.inst
        latency = inst.latency.delay(rng)
        ok = chance(rng, inst.success) and not sim._t < inst.outage_until
        w.events += 1  # institution.authentication_attempted
        done = sim._t + latency
        if done >= expires:
            yield hold, self, max(0.0, expires - sim._t)
            w.expire(r)
            return
        yield hold, self, latency
        if r.state in TERMINAL:
            return
        w.events += 1  # relink_request.succeeded / .failed
        if ok and not beh.picks_other.draw(rng):
            r.state = "succeeded"
            w.succeeded += 1
            w.repair(acct)
        else:
            r.state = "failed"
            w.failed += 1
        self.maybe_click_again(beh)

    def maybe_click_again(self, beh):
        if beh.clicks_twice.draw(self.world.rng):
            self.world.events += 2  # email.link_clicked (click 2), link_refused

    def __init__(self, world):
        Process.__init__(self, name="relink", sim=world.sim)
        self.world = world


class TanClock(Process):
    """One TAN's clock: activation, the expiry notice 30 days ahead, the expiry."""

    def __init__(self, world):
        Process.__init__(self, name="tan", sim=world.sim)
        self.world = world

    def run(self, acct, gen, activation):
        w = self.world
        sim = w.sim
        if activation > 0.0:
            yield hold, self, activation
            if acct.tan_gen != gen or acct.tan_status != "pending":
                return
            acct.tan_status = "transactable"
            w.events += 1  # account_numbers_updated
        expiry = acct.tan_expiry
        notice = expiry - TAN_WINDOW
        if notice > sim._t:
            if notice > w.horizon:
                return
            yield hold, self, notice - sim._t
        if acct.tan_gen != gen:
            return
        if acct.tan_status == "transactable" and acct.status != "disconnected":
            w.events += 1  # upcoming_account_number_expiry
        if expiry > w.horizon:
            return
        yield hold, self, max(0.0, expiry - sim._t)
        if acct.tan_gen == gen and acct.status != "disconnected":
            w.end_tan(acct, "expired")


class OutageEnd(Process):
    def __init__(self, world):
        Process.__init__(self, name="outage_end", sim=world.sim)
        self.world = world

    def run(self, inst, down, recovers):
        w = self.world
        rng = w.rng
        for auth in down:
            if chance(rng, recovers) and auth.cause == "account_unavailable":
                w.auth_up(auth, "bank")
        w.events += 1  # institution.outage_ended
        yield hold, self, 0.0


class Payments(Process):
    """The platform's recurring ACH debit of every account."""

    def __init__(self, world):
        Process.__init__(self, name="payments", sim=world.sim)
        self.world = world

    def run(self, every, retry_after, retries):
        w = self.world
        while True:
            yield hold, self, every
            failed = w.debit(w.accounts)
            if failed and retries > 0:
                retry = PaymentRetry(w)
                w.sim.activate(retry, retry.run(failed, 2, retry_after, retries))


class PaymentRetry(Process):
    """The failed debits of one round, tried again `after` later, up to `max` times."""

    def __init__(self, world):
        Process.__init__(self, name="payment_retry", sim=world.sim)
        self.world = world

    def run(self, accounts, attempt, retry_after, retries):
        w = self.world
        while accounts:
            yield hold, self, retry_after
            accounts = w.debit(accounts)
            if attempt > retries:
                return
            attempt += 1


def _debit(self, accounts):
    ok = self.debit_ok
    failed = [a for a in accounts if not ok(a)]
    self.payments_failed += len(failed)
    self.payments_ok += len(accounts) - len(failed)
    self.events += len(accounts)  # payment.succeeded / payment.failed
    return failed


World.debit = _debit


class Timeline(Process):
    """The scenario's timeline: actions at their times, same-time ones in order."""

    def __init__(self, world):
        Process.__init__(self, name="timeline", sim=world.sim)
        self.world = world

    def run(self, entries):
        w = self.world
        for at, entry_id, name, body in entries:
            if at > w.sim._t:
                yield hold, self, at - w.sim._t
            w.act(entry_id, name, body)


def _act(self, entry_id, name, body):
    if name == "outage":
        self.start_outage(body)
    elif name == "request_relink":
        self.request(entry_id, body["accounts"])
    elif name in ("revoke", "expire_access", "require_reauth"):
        cause = {"revoke": "access_denied", "expire_access": "access_expired",
                 "require_reauth": "institution_requirement"}[name]
        if "authorization" in body:
            self.auth_down(self.auths[str(body["authorization"])], cause, name == "revoke")
            return
        for acct in self.targets(body):
            if name == "revoke" and acct.status != "disconnected":
                self.end_tan(acct, "deactivated")
            if acct.status != "disconnected":
                self.deactivate(acct, cause)
    elif name == "create_relink_session":
        if body.get("delivery", "email") != "email" or "authorization" in body:
            print("model.py: only email sessions of accounts are modelled; %s ignored" % entry_id,
                  file=sys.stderr)
            return
        for acct in self.targets(body):
            self.session(acct)
    elif name == "close_account":
        acct = self.by_id[str(body["account"])]
        if acct.status != "disconnected":
            self.deactivate(acct, "account_closed")
    elif name == "expire_tan":
        acct = self.by_id[str(body["account"])]
        if acct.status != "disconnected":
            self.end_tan(acct, "expired")
    elif name == "disconnect":
        acct = self.by_id[str(body["account"])]
        if acct.status != "disconnected":
            acct.status = "disconnected"
            self.events += 1
    elif name == "set_email":
        self.customers[str(body["customer"])].email = body.get("email") or None
        self.events += 1
    elif name == "payment":
        failed = self.debit([self.by_id[str(body["account"])]])
        pay = self.payments or {}
        retry = pay.get("retry") or {}
        if failed and int(retry.get("max", 0)) > 0:
            again = PaymentRetry(self)
            self.sim.activate(again, again.run(failed, 2, parse_duration(retry.get("after", "1d")),
                                               int(retry["max"])))
    elif name == "bounce":
        self.bouncing.add(str(body["email"]))
    elif name == "mailer_outage":
        self.mailer_down_until = max(self.mailer_down_until,
                                     self.sim._t + parse_duration(body["for"]))
        self.events += 1
    elif name == "set_behavior":
        self.customers[str(body["customer"])].behavior = self._behavior(str(body["behavior"]))
    else:
        print("model.py: timeline action %r is not modelled; ignored" % name, file=sys.stderr)


def _targets(self, body):
    """The account an action names, or the accounts its pick draws (population,
    institution, sample, limit), in id order."""
    if "accounts" not in body:
        return [self.by_id[str(body["account"])]]
    pick = body["accounts"]
    pop, inst = pick.get("population"), pick.get("institution")
    sample, limit = float(pick.get("sample", 1.0)), pick.get("limit")
    out = []
    for acct in self.accounts:
        if limit is not None and len(out) >= int(limit):
            break
        if (pop is None or acct.population == pop) and (inst is None or acct.inst.id == inst) \
                and chance(self.rng, sample):
            out.append(acct)
    return out


def _session(self, acct):
    """An API relink session delivered by email: the hosted relink rules apply."""
    self.events += 1  # financial_connections.session.created or relink_session.rejected
    reason = self.rejection(acct)
    if reason is not None:
        self.sessions_rejected += 1
        return
    self.sessions_created += 1
    self.relinks += 1
    r = Relink("rr_%d" % self.relinks, "session", acct, self.sim._t, self.link_lifetime)
    acct.latest = r
    flow = RelinkEmail(self)
    self.sim.activate(flow, flow.run(r))


World.act = _act
World.targets = _targets
World.session = _session

ACTIONS = ("revoke", "close_account", "expire_access", "require_reauth", "schedule_deactivation",
           "expire_tan", "disconnect", "outage", "payment", "refresh", "create_relink_session",
           "mailer_outage", "webhook_faults", "bounce", "set_email", "set_behavior",
           "request_relink")


def timeline_entries(doc, horizon):
    def when(v):
        return horizon if str(v).strip() == "end" else parse_duration(v)

    out = []
    for line, e in enumerate(doc.get("timeline") or []):
        names = [k for k in e if k in ACTIONS]
        if len(names) != 1:
            raise ScenarioError("timeline[%d]: expected exactly one action" % line)
        name = names[0]
        entry_id = str(e["id"]) if e.get("id") is not None else "request_%d" % (line + 1)
        if "every" in e:
            period = parse_duration(e["every"])
            t = when(e["from"]) if "from" in e else when(e["at"]) if "at" in e else 0.0
            until = when(e["until"]) if "until" in e else horizon
            k = 0
            while t <= until + 1e-9:
                k += 1
                out.append((t, "%s_%d" % (entry_id, k), name, e[name]))
                t += period
        else:
            out.append((when(e["at"]), entry_id, name, e[name]))
    out.sort(key=lambda x: x[0])  # stable: same-time entries stay in written order
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--seed", type=int, default=None, help="overrides the scenario's seed")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiplies every population's number of customers (default 1.0)")
    ap.add_argument("--detail", action="store_true",
                    help="add a 'detail' object with further counts")
    args = ap.parse_args(argv)
    try:
        doc = load_scenario(args.scenario)
        seed = args.seed if args.seed is not None else int(doc.get("seed", 1))
        world = World(doc, seed, args.scale)
        entries = timeline_entries(doc, world.horizon)
    except (ScenarioError, KeyError, ValueError, yaml.YAMLError) as e:
        print("model.py: %s: %s" % (args.scenario, e), file=sys.stderr)
        return 2

    sim = world.sim
    for key in ("auto_relink",):
        if ((doc.get("platform") or {}).get("policy") or {}).get(key) is not None:
            print("model.py: platform.policy.%s is not modelled; ignored" % key, file=sys.stderr)
    world.events += len(world.accounts)  # financial_connections.account.created
    for acct in world.accounts:
        if acct.tan_gen:
            world.arm_tan(acct)
    if entries:
        tl = Timeline(world)
        sim.activate(tl, tl.run(entries))
    pay = world.payments
    if pay and pay.get("every") is not None:
        retry = pay.get("retry") or {}
        p = Payments(world)
        sim.activate(p, p.run(parse_duration(pay["every"]),
                              parse_duration(retry.get("after", "1d")) if retry else 0.0,
                              int(retry.get("max", 0)) if retry else 0))

    t0 = time.perf_counter()
    sim.simulate(until=world.horizon)
    sim_seconds = time.perf_counter() - t0

    deactivated = sum(1 for a in world.accounts if a.deactivated)
    repaired = sum(1 for a in world.accounts if a.repaired)
    out = {
        "accounts": len(world.accounts),
        "deactivated_accounts": deactivated,
        "accepted": world.accepted,
        "rejected": world.rejected,
        "repaired_accounts": repaired,
        "repaired_share": repaired / deactivated if deactivated else 0.0,
        "payments_failed": world.payments_failed,
        "events": world.events,
        "sim_seconds": round(sim_seconds, 3),
    }
    if args.detail:
        out["detail"] = {
            "rejected_by_reason": world.rejected_by,
            "recovered_accounts": len(world.recovered),
            "emails_delivered": world.emails_delivered,
            "emails_opened": world.emails_opened,
            "flows_started": world.flows_started,
            "relinks_succeeded": world.succeeded,
            "relinks_failed": world.failed,
            "relinks_cancelled": world.cancelled,
            "relinks_expired": world.expired,
            "sessions_created": world.sessions_created,
            "sessions_rejected": world.sessions_rejected,
            "payments_succeeded": world.payments_ok,
            "authorizations": len(world.auths),
        }
    out["wall_seconds"] = round(time.perf_counter() - _T_START, 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
