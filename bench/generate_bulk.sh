#!/usr/bin/env bash
# Writes a bulk hosted-relink scenario with N customers (one account each) to stdout:
# a revocation wave over the first day, one Dashboard request for every account,
# customers with mixed behaviour. Used by bench/run.sh; deterministic for a given N.
set -euo pipefail
n=${1:?usage: generate_bulk.sh CUSTOMERS}
cat <<YAML
scenario: bulk-relink-$n
title: $n revoked accounts repaired by one bulk Dashboard request (benchmark workload)
seed: 42
start: 2026-03-02T09:00:00Z
horizon: 14d
mode: live
platform: { link_lifetime: 7d }
institutions:
  - { id: bank_a, auth: { success: 0.95, latency: uniform(20s, 2m) } }
  - { id: bank_b, auth: { success: 0.85, latency: exp(1m) } }
behaviors:
  prompt: { opens: 0.95, open_after: uniform(1h, 6h), completes: 0.95 }
  slow: { opens: 0.6, open_after: lognormal(2d, 0.7), completes: 0.8, picks_other_account: 0.05 }
  ignores: { opens: 0 }
YAML
awk -v n="$n" 'BEGIN {
  behaviors[0] = "prompt"; behaviors[1] = "slow"; behaviors[2] = "ignores"
  print "customers:"
  for (i = 1; i <= n; i++) {
    email = (i % 13 == 0) ? "" : ", email: c" i "@example.test"
    printf "  - { id: cus_%06d%s, behavior: %s, accounts: [{ id: fca_%06d, institution: bank_%s }] }\n", \
      i, email, behaviors[i % 3], i, (i % 2 ? "a" : "b")
  }
  print "timeline:"
  for (i = 1; i <= n; i++)
    printf "  - { at: %dm, revoke: { account: fca_%06d } }\n", (i * 1440) / n, i
  print "  - at: 1d1h"
  print "    id: bulk"
  print "    request_relink:"
  print "      accounts:"
  for (i = 1; i <= n; i++)
    printf "        - fca_%06d\n", i
  print "expect:"
  printf "  - { request: bulk, rejected_count: %d }\n", int(n / 13)
}'
