#!/usr/bin/env bash
# The store-redesign sketch: bench/parquet-sketch.sh [DROP]
# Times bench/parquet-sketch.sql (the loader's checks writing Parquet, then the proofs and the
# derived columns) on a drop of service_requests.csv and service_responses.csv (default: the one
# bench/load.sh writes; run that first), against DuckDB's plain CSV import in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
./meterwatch --version >/dev/null   # builds if needed
drop="${1:-bench/out/load/drop}"
[ -f "$drop/service_requests.csv" ] || { echo "no $drop/service_requests.csv: run bench/load.sh first" >&2; exit 1; }
exec java -Xmx1g -cp "meterwatch-cli/target/lib/*" bench/SqlTimer.java bench/parquet-sketch.sql "$drop" bench/out/sketch
