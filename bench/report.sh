#!/usr/bin/env bash
# Pack benchmark: time `meterwatch report` for one month on an existing store.
# Usage: bench/report.sh STORE [MONTH] [OUT]
#   STORE: a loaded store (e.g. from `meterwatch demo --devices N` or bench/load.sh)
# The issue's target is a month of 10 million requests; record what you ran in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
store="${1:?usage: bench/report.sh STORE [MONTH] [OUT]}"
month="${2:-2023-08}"
out="${3:-$(mktemp -d)}"
"$here/meterwatch" --store "$store" status >/dev/null
start=$(date +%s.%N)
/usr/bin/time -v "$here/meterwatch" --store "$store" report --month "$month" --out "$out" \
  2> >(grep -E 'Maximum resident|Elapsed' >&2)
end=$(date +%s.%N)
echo "report $month: $(echo "$end - $start" | bc) s; $(du -h "$out/pack.html" | cut -f1) html, $(du -h "$out/pack.pdf" | cut -f1) pdf"
