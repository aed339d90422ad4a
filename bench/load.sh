#!/usr/bin/env bash
# Load benchmark: bench/load.sh [REQUESTS] (default 10,000,000 requests and 20,000,000 responses).
set -euo pipefail
cd "$(dirname "$0")/.."
./meterwatch --version >/dev/null   # builds if needed
cp="meterwatch-cli/target/meterwatch-cli.jar:meterwatch-cli/target/lib/*"
exec java ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "$cp" bench/LoadBench.java "${1:-10000000}" "${2:-bench/out/load}"
