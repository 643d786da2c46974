#!/usr/bin/env bash
# Minimizes the committed corpus anew with a campaign's corpus: the smallest set of
# inputs that covers what both cover (libFuzzer's -merge=1), replacing
# tests/fuzz/corpus/. Regression inputs are never merged away: they stay as found.
#
#   tests/fuzz/merge.sh FUZZER CAMPAIGN_CORPUS
set -euo pipefail
fuzzer=$1 grown=$2
here=$(cd "$(dirname "$0")" && pwd)
merged=$(mktemp -d)
trap 'rm -rf "$merged"' EXIT
"$fuzzer" -merge=1 -timeout=25 -rss_limit_mb=2048 "$merged" "$here/corpus" "$grown"
rm -f "$here"/corpus/*
cp "$merged"/* "$here/corpus/"
echo "merge: tests/fuzz/corpus now holds $(ls "$here/corpus" | wc -l) inputs," \
     "$(du -sb "$here/corpus" | cut -f1) bytes"
