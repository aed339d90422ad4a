#!/usr/bin/env bash
# BPI benchmark: bench/bpi.sh [REQUESTS]   (default 10,000,000 requests, 20,000,000 responses)
# Generates the data with DuckDB SQL into a temporary store, then times a baseline window pass
# and `bpi` for the month in the same run. Results: docs/benchmarks.md, section "BPI".
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$(mktemp)"
# Compile, and write the engine's runtime classpath (the last module of the reactor wins the file).
mvn -q -B -o -pl meterwatch-engine -am compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
cp="meterwatch-core/target/classes:meterwatch-engine/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
/usr/bin/time -v java -Dmeterwatch.bpi.timing=true ${BENCH_FLAGS:-} ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$cp" bench/BpiBench.java "$@" 2>&1 \
  | grep -v -E '^\s+(Average|Exit|Socket|Signals|Swaps|File system|Page size|Voluntary|Involuntary|Major|Minor|Percent)'
