#!/usr/bin/env bash
# Benchmark of the DUIS adapter: messages per second loaded from a DUIS audit log (parse every
# message's XML, stage, validate, dedup, insert), and the same log again (UNCHANGED). The log is
# simulated first (opsg-105, one month) and not timed. Run on demand from the repository root:
# bench/duis.sh [DEVICES]   (default 5000: about 0.6 million messages; the machine is shared)
# Writes into a temporary folder that is removed afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
devices="${1:-5000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/meterwatch" --version >/dev/null   # builds first if needed, outside the timings
"$here/meterwatch" simulate --scenario opsg-105 --devices "$devices" --from 2023-08 --to 2023-08 \
  --format duis --out "$work/drop" >/dev/null
log="$work/drop/duis-log.jsonl"
messages="$(wc -l <"$log")"
echo "log: $messages messages, $(du -h "$log" | cut -f1)"
timed() {
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/$label.out"
  end=$(date +%s.%N)
  awk -v l="$label" -v n="$messages" -v s="$start" -v e="$end" \
    'BEGIN { t = e - s; printf "%s: %.1f s, %.0f messages/s\n", l, t, n / t }'
}
timed "load --duis" "$here/meterwatch" --store "$work/store" load --duis "$log"
tail -2 "$work/load --duis.out" | head -1
timed "again (unchanged)" "$here/meterwatch" --store "$work/store" load --duis "$log"
