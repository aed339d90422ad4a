#!/usr/bin/env bash
# PMR benchmark: bench/pmr.sh [REQUESTS] [OUT]
# Builds a store of REQUESTS requests (default 10,000,000) and about 2 x REQUESTS responses in
# August 2023, writes the same rows as CSV, then times the report of the month from the store
# against a plain DuckDB query over the CSV files computing CPM1 and CPM2 (the baseline), in the
# same run, then times `meterwatch bpi` of the month on the same store (issue 5 asks for the BPIs
# of this drop). Figures go in docs/benchmarks.md ("PMR", "BPI").
set -euo pipefail
cd "$(dirname "$0")/.."
./meterwatch --version >/dev/null   # builds if needed
cp="meterwatch-cli/target/meterwatch-cli.jar:meterwatch-cli/target/lib/*"
out="${2:-bench/out/pmr}"
java -Xmx2g -cp "$cp" bench/PmrBench.java "${1:-10000000}" "$out"
echo "--- the CLI, a whole process (JVM start included):"
/usr/bin/time -f "meterwatch pmr: %e s wall, %M KB peak RSS" \
  ./meterwatch --store "$out/store" pmr --month 2023-08 >/dev/null
echo "--- the BPIs of the same drop, a whole process (JVM start included), twice:"
for i in 1 2; do
  /usr/bin/time -f "meterwatch bpi: %e s wall, %M KB peak RSS" \
    ./meterwatch --store "$out/store" bpi --month 2023-08 >/dev/null
done
