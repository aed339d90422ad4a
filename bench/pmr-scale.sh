#!/usr/bin/env bash
# PMR at scale: bench/pmr-scale.sh [REQUESTS] [OUT] (default 100,000,000 requests).
# Builds the store with SQL (no CSV, no load), then times the month's report. docs/benchmarks.md.
# REUSE=true times the report on the store OUT already holds.
set -euo pipefail
cd "$(dirname "$0")/.."
./meterwatch --version >/dev/null   # builds if needed
cp="meterwatch-cli/target/meterwatch-cli.jar:meterwatch-cli/target/lib/*"
exec java -Dreuse=${REUSE:-false} -Xmx2g -cp "$cp" bench/PmrScaleBench.java "${1:-100000000}" "${2:-bench/out/pmr-scale}"
