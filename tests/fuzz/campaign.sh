#!/usr/bin/env bash
# A fuzz campaign: the fuzz target for SECONDS (run.sh), then every input of the
# corpus it grew through `relinksim validate` (a sanitized build), read as the fuzz
# target reads it, with the histogram of the exit codes. What a user would see on
# the same files: 0 (valid) and 2 (invalid) are the only right answers.
#
#   tests/fuzz/campaign.sh FUZZER RELINKSIM SECONDS WORK [libFuzzer flags...]
#
# Exit 0 when the fuzzer found nothing and every exit code was 0 or 2.
set -uo pipefail
fuzzer=$1 relinksim=$2 seconds=$3 work=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
echo "campaign: $fuzzer for ${seconds}s, work folder $work"
echo "campaign: started $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/run.sh" "$fuzzer" "$seconds" "$work" "$@" 2>&1 | tee "$work/fuzzer.log" |
  grep -E '^(#[0-9]+\s+(INITED|DONE|pulse)|==[0-9]+==|SUMMARY|stat::|artifact_prefix|Test unit written)'
fuzz_exit=${PIPESTATUS[0]}
echo "campaign: the fuzzer exited $fuzz_exit; its log is $work/fuzzer.log"
artifacts=$(find "$work/artifacts" -type f | sort)
[ -n "$artifacts" ] && printf 'campaign: findings:\n%s\n' "$artifacts"

# The fuzz target reads its input as tests/fuzz/include/input.yaml; validate reads
# each input in a copy of that folder, so that includes resolve alike.
folder="$work/validate"
rm -rf "$folder" && mkdir -p "$folder" && cp -R "$here/include/." "$folder/"
findings="$work/validate-findings"
rm -rf "$findings" && mkdir -p "$findings"
inputs() { find "$@" -type f ! -name '*.md' ! -name '.*' | sort; }
declare -A count
others=()
validated=0
while IFS= read -r input; do
  cp "$input" "$folder/input.yaml"
  timeout 60 "$relinksim" validate "$folder/input.yaml" >/dev/null 2>"$folder/stderr"
  code=$?
  count[$code]=$(( ${count[$code]:-0} + 1 ))
  validated=$((validated + 1))
  if [ "$code" != 0 ] && [ "$code" != 2 ]; then
    others+=("$code $input")
    cp "$input" "$findings/"
    cp "$folder/stderr" "$findings/$(basename "$input").exit-$code.stderr"
  fi
done < <(inputs "$work/corpus" "$work/artifacts" "$here/corpus" "$here/regressions")
echo "campaign: $(inputs "$work/corpus" | wc -l) inputs grown + $(inputs "$work/artifacts" | wc -l)" \
     "findings + $(inputs "$here/corpus" | wc -l) committed + $(inputs "$here/regressions" | wc -l) regressions"
echo "campaign: exit codes of relinksim validate over $validated inputs:"
for code in $(printf '%s\n' "${!count[@]}" | sort -n); do
  case $code in
    0) meaning="valid" ;; 2) meaning="invalid, with diagnostics" ;;
    3) meaning="internal error" ;; 124) meaning="timed out after 60 s" ;;
    *) meaning="crashed" ;;
  esac
  printf '  %3s  %7d  %s\n' "$code" "${count[$code]}" "$meaning"
done
for other in "${others[@]}"; do
  echo "campaign: exit ${other%% *} on ${other#* } (input and stderr in $findings)"
done
[ "$fuzz_exit" = 0 ] && [ "${#others[@]}" = 0 ]
