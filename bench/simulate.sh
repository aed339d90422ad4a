#!/usr/bin/env bash
# Benchmark of the simulator: events (request, response and alert rows) written per second, and
# peak memory with a small fixed heap as the volume grows (one month, then three months, same
# devices). Run on demand from the repository root: bench/simulate.sh [DEVICES]
# Writes into a temporary folder that is removed afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
devices="${1:-50000}"
heap="${HEAP:-64m}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
run() {
  local label="$1"; shift
  local out="$work/$label"
  METERWATCH_JAVA_OPTS="-Xmx$heap" /usr/bin/time -f "%M" -o "$work/$label.rss" \
    "$here/meterwatch" simulate --scenario opsg-105 --devices "$devices" --out "$out" "$@" >"$work/$label.log"
  local summary
  summary="$(tail -1 "$work/$label.log")"
  echo "$label: $summary; peak RSS $(( $(cat "$work/$label.rss") / 1024 )) MB (heap limit $heap); $(du -sh "$out" | cut -f1) on disk"
  rm -rf "$out"
}
"$here/meterwatch" --version >/dev/null   # builds first if needed, outside the timings
run "1-month" --from 2023-08 --to 2023-08
run "3-months" --from 2023-07 --to 2023-09
