#!/usr/bin/env bash
# Web load benchmark (bounded, loopback only): 50 concurrent users on the overview, a measure page
# and /api/v1/pmr, against `meterwatch serve` on a loaded store; prints p50, p99 and errors. Each
# user is one curl sending its requests one after another over one kept-alive connection.
# Usage: bench/web.sh STORE [MONTH] [USERS] [REQUESTS_PER_USER] [PORT]
#   STORE: a loaded store, e.g. meterwatch-demo/store after `./meterwatch demo`.
# It adds a throw-away ANALYST account 'bench-<pid>' and disables it at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
store="${1:?usage: bench/web.sh STORE [MONTH] [USERS] [REQUESTS_PER_USER] [PORT]}"
month="${2:-2023-08}"
users="${3:-50}"
per="${4:-20}"
port="${5:-18080}"
base="http://127.0.0.1:$port"
M="$here/meterwatch"
work="$(mktemp -d)"
name="bench-$$"
"$M" --store "$store" status >/dev/null
password="$("$M" --store "$store" users add "$name" --role ANALYST | sed -n 's/^password: //p')"
"$M" --store "$store" serve --port "$port" --bind 127.0.0.1 >"$work/serve.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  "$M" --store "$store" users disable "$name" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "$base/login" && break; sleep 1; done
token="$("$M" --store "$store" users token "$name")"
# A browser session for the pages: the login form's CSRF token, then the login.
jar="$work/cookies"
csrf="$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)"
curl -s -b "$jar" -c "$jar" -o /dev/null -d "_csrf=$csrf" --data-urlencode "name=$name" \
  --data-urlencode "password=$password" -d "next=/" "$base/login"
# Warm: the first request of a month computes its figures (cached per version of the store).
for path in "/?month=$month" "/measures/CPM1?month=$month"; do
  curl -s -b "$jar" -o /dev/null "$base$path"
done
curl -s -H "Authorization: Bearer $token" -o /dev/null "$base/api/v1/pmr?month=$month"
run() { # label, then curl options, the URL last
  local label="$1"; shift
  local url="${*: -1}"
  local opts=("${@:1:$#-1}")
  local targets=() pids=() u
  for _ in $(seq 1 "$per"); do targets+=(-o /dev/null "$url"); done
  # One curl per user, its requests one after another on one kept-alive connection, as a browser
  # does: the client costs a process per user, not per request, so the server is what is measured.
  for u in $(seq 1 "$users"); do
    curl -s "${opts[@]}" -w "%{http_code} %{time_total}\n" "${targets[@]}" >"$work/$label.$u.txt" &
    pids+=($!)
  done
  wait "${pids[@]}"
  cat "$work/$label".*.txt >"$work/$label.txt"
  local n errors p50 p99
  n=$(wc -l <"$work/$label.txt")
  errors=$(awk '$1 != 200' "$work/$label.txt" | wc -l)
  p50=$(awk '{print $2 * 1000}' "$work/$label.txt" | sort -n | awk -v n="$n" 'NR == int(n * 0.50 + 0.5) {print}')
  p99=$(awk '{print $2 * 1000}' "$work/$label.txt" | sort -n | awk -v n="$n" 'NR == int(n * 0.99 + 0.5) {print}')
  printf "%-28s %6d requests, %3d users: p50 %7.1f ms, p99 %7.1f ms, errors %d\n" \
    "$label" "$n" "$users" "$p50" "$p99" "$errors"
}
echo "machine: $(nproc) cores; before: $(uptime)"
run "baseline: a static file" "$base/static/meterwatch.css"
run "overview" -b "$jar" "$base/?month=$month"
run "measure CPM1" -b "$jar" "$base/measures/CPM1?month=$month"
run "api pmr" -H "Authorization: Bearer $token" "$base/api/v1/pmr?month=$month"
echo "after: $(uptime)"
# The server's own time per route (its latency histogram: sum / count), apart from the client's.
curl -s -H "Authorization: Bearer $token" "$base/metrics" |
  awk '/^meterwatch_http_request_duration_seconds_(sum|count)\{/ {
      match($1, /route="[^"]*"/); key = substr($1, RSTART + 7, RLENGTH - 8)
      if ($1 ~ /_sum\{/) sum[key] += $2; else count[key] += $2 }
    END { for (k in count) if (count[k] >= 100)
      printf "server time %-24s %6d requests: mean %6.1f ms\n", k, count[k], 1000 * sum[k] / count[k] }'
