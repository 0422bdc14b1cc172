#!/usr/bin/env bash
# Two builds of the uring echo server side by side, the C load client alternating between them: a finer A/B than
# bench/async-echo.sh's three-run medians, which on this 2-core VM do not separate two builds at 256 connections
# (see bench/results/2026-12-04/async-echo-idle-spin-policy-ab.txt). Not run in CI.
#
#   BASELINE=b6ae812 bench/echo-alternate.sh          # A: this tree, B: the sample built from that commit
#   CONNECTIONS="1 64" ROUNDS=8 BASELINE=HEAD~1 bench/echo-alternate.sh
#
# Prints one line per run, "A|B requests/s,server CPU µs per request", then each server's loop counters at shutdown.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/trace-events.sh
require_quiet_tracing

CONNECTIONS=${CONNECTIONS:-"1 64 256"}
ROUNDS=${ROUNDS:-6}
SECONDS_PER_POINT=${SECONDS_PER_POINT:-3}
NICE=${NICE:--10}
: "${BASELINE:?set BASELINE to the commit to compare with}"

dotnet build -c Release samples/Uring.Samples.AsyncEcho -v quiet -nologo >/dev/null
a=$PWD/samples/Uring.Samples.AsyncEcho/bin/Release/net10.0/Uring.Samples.AsyncEcho
. bench/lib/baseline.sh
b=$(baseline_app "$BASELINE" samples/Uring.Samples.AsyncEcho)
client=$PWD/bench/liburing/build/echo_load
if ! command -v gcc >/dev/null || [ ! -f /usr/include/liburing.h ]; then
  apt-get update -qq && apt-get install -y gcc liburing-dev >/dev/null
fi
mkdir -p bench/liburing/build
gcc -O2 -Wall -Wextra -Werror -o "$client" bench/liburing/echo_load.c -luring -lpthread

work=$(mktemp -d)
trap 'kill -TERM $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
echo "A: this tree; B: $BASELINE; machine: $(nproc) cores, Linux $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg); $(trace_events_note)"
for connections in $CONNECTIONS; do
  nice -n "$NICE" "$a" server --impl uring --listen accept < /dev/null > "$work/a.log" 2>&1 & pa=$!
  nice -n "$NICE" "$b" server --impl uring --listen accept < /dev/null > "$work/b.log" 2>&1 & pb=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/a.log" && grep -q "listening on" "$work/b.log" && break; sleep 0.1; done
  porta=$(grep -o "127.0.0.1:[0-9]*" "$work/a.log" | head -1 | cut -d: -f2)
  portb=$(grep -o "127.0.0.1:[0-9]*" "$work/b.log" | head -1 | cut -d: -f2)
  echo "== $connections connection(s)"
  for _ in $(seq "$ROUNDS"); do
    for side in A B; do
      if [ "$side" = A ]; then port=$porta; pid=$pa; else port=$portb; pid=$pb; fi
      echo "$side $(nice -n "$NICE" "$client" --port "$port" --server-pid "$pid" --connections "$connections" --rate 0 \
        --seconds "$SECONDS_PER_POINT" --warmup 1 --size 64 --threads 0 --csv < /dev/null | cut -d, -f3,6)"
    done
  done
  kill -TERM "$pa" "$pb"; wait "$pa" "$pb" || true
  sed 's/^/A: /' "$work/a.log" | grep "loop [0-9]" || true
done
