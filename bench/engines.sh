#!/usr/bin/env bash
# Both engines on the same drops (issue 17): bench/engines.sh [REQUESTS...] (default 1,000,000
# 10,000,000 50,000,000). For each size, the simulator writes one month (August 2023) of the
# opsg-105 scenario with as many devices as give about that many service requests, as CSV; then
#   DuckDB: meterwatch load (a fresh store), then pmr and bpi of the month (JSON);
#   Spark:  meterwatch pmr and bpi --engine spark --master local[*] --drop (JSON), reading the drop.
# Each step's wall time and peak RSS; the two engines' JSON compared (they must be identical);
# the ratios Spark / DuckDB in the same run. Results: docs/benchmarks.md ("Both engines").
# WORK=DIR keeps the drops there (default bench/out/engines); KEEP=true keeps them afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-$here/bench/out/engines}"
month=2023-08
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 50000000)
mkdir -p "$work"
mw="$here/meterwatch"
"$mw" --version >/dev/null   # builds first if needed, outside the timings
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "main at $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"

# Times one command: wall seconds and peak RSS (MB) into $work/$1.time; stdout into $work/$1.out.
timed() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err" || {
    echo "$label failed:"; tail -20 "$work/$label.err"; exit 1; }
  read -r secs kb <"$work/$label.time"
  printf '%s\t%s s\t%d MB\n' "$label" "$secs" $(( kb / 1024 ))
}
secs() { cut -d' ' -f1 "$work/$1.time"; }

# Requests a device makes in the month, from a small calibration run of the same scenario.
calib="$work/calibration"
if [ ! -f "$calib/service_requests.csv" ]; then
  rm -rf "$calib"
  "$mw" simulate --scenario opsg-105 --devices 2000 --from $month --to $month --out "$calib" >/dev/null
fi
per_device=$(( ($(wc -l <"$calib/service_requests.csv") - 1) / 2000 ))
echo "calibration: $per_device service requests per device in $month"

printf 'requests\tduckdb load+pmr+bpi s\tspark pmr+bpi s\tratio spark/duckdb\tpmr ratio\tbpi ratio\n' >"$work/summary.tsv"
for n in "${sizes[@]}"; do
  devices=$(( (n + per_device - 1) / per_device ))
  drop="$work/drop-$n"
  if [ ! -f "$drop/.complete" ]; then
    rm -rf "$drop"
    timed "simulate-$n" "$mw" simulate --scenario opsg-105 --devices "$devices" --from $month --to $month --out "$drop"
    touch "$drop/.complete"
  fi
  rows=$(( $(wc -l <"$drop/service_requests.csv") - 1 ))
  echo "== $n: $devices devices, $rows service requests, $(du -sh "$drop" | cut -f1) of CSV"
  store="$work/store-$n"
  rm -rf "$store"
  timed "duckdb-load-$n" "$mw" --store "$store" load "$drop"
  timed "duckdb-pmr-$n" "$mw" --store "$store" pmr --month $month --format json
  timed "duckdb-bpi-$n" "$mw" --store "$store" bpi --month $month --format json
  timed "spark-pmr-$n" "$mw" pmr --month $month --format json --engine spark --master 'local[*]' --drop "$drop"
  timed "spark-bpi-$n" "$mw" bpi --month $month --format json --engine spark --master 'local[*]' --drop "$drop"
  for k in pmr bpi; do
    if cmp -s "$work/duckdb-$k-$n.out" "$work/spark-$k-$n.out"; then
      echo "$k: identical JSON"
    else
      echo "$k: the engines DIFFER:"; diff "$work/duckdb-$k-$n.out" "$work/spark-$k-$n.out" | head -20
    fi
  done
  d=$(echo "$(secs duckdb-load-$n) + $(secs duckdb-pmr-$n) + $(secs duckdb-bpi-$n)" | bc -l)
  s=$(echo "$(secs spark-pmr-$n) + $(secs spark-bpi-$n)" | bc -l)
  pr=$(echo "$(secs spark-pmr-$n) / ($(secs duckdb-load-$n) + $(secs duckdb-pmr-$n))" | bc -l)
  br=$(echo "$(secs spark-bpi-$n) / ($(secs duckdb-load-$n) + $(secs duckdb-bpi-$n))" | bc -l)
  printf '%d\t%.1f\t%.1f\t%.2f\t%.2f\t%.2f\n' "$rows" "$d" "$s" "$(echo "$s / $d" | bc -l)" "$pr" "$br" | tee -a "$work/summary.tsv"
  rm -rf "$store"
  [ "${KEEP:-false}" = true ] || rm -rf "$drop"
done
echo; column -t -s $'\t' "$work/summary.tsv"
