#!/usr/bin/env bash
# The load clients of bench/async-echo.sh against each other (not run in CI): the C client (bench/liburing/echo_load.c,
# --io uring and --io epoll) and the sample's C# client drive the same servers at the maximum rate, interleaved, and
# the table gives each client's median client CPU µs per request (and requests/s and server CPU µs per request, which
# the client moves too: its batching changes how the server's loops wake).
#
#   bench/echo-clients.sh
#   REPEAT=5 CONNECTIONS="64 256" SECONDS_PER_POINT=3 IMPLS="uring:accept sockets:accept" bench/echo-clients.sh
#   NICE=-10 bench/echo-clients.sh   # ahead of the machine's other work, as bench/async-echo.sh's NICE
#   CLIENTS="c-uring:1 c-uring:2 c-uring:4 dotnet" bench/echo-clients.sh   # c-IO[:THREADS] (default: one per core)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/trace-events.sh
require_quiet_tracing

SECONDS_PER_POINT=${SECONDS_PER_POINT:-3}
WARMUP=${WARMUP:-1}
CONNECTIONS=${CONNECTIONS:-"64 256"}
REPEAT=${REPEAT:-3}
IMPLS=${IMPLS:-"uring:accept sockets:accept"}
CLIENT_LOOPS=${CLIENT_LOOPS:-4}
CLIENTS=${CLIENTS:-"c-uring c-epoll dotnet"}

dotnet build -c Release samples/Uring.Samples.AsyncEcho -v quiet -nologo >/dev/null
app=$PWD/samples/Uring.Samples.AsyncEcho/bin/Release/net10.0/Uring.Samples.AsyncEcho
if ! command -v gcc >/dev/null || [ ! -f /usr/include/liburing.h ]; then
  apt-get update -qq && apt-get install -y gcc liburing-dev >/dev/null
fi
mkdir -p bench/liburing/build
c_client=$PWD/bench/liburing/build/echo_load
gcc -O2 -Wall -Wextra -Werror -o "$c_client" bench/liburing/echo_load.c -luring -lpthread

prefix=()
if [ -n "${NICE:-}" ]; then
  prefix=(nice -n "$NICE")
  if [ -w /proc/self/autogroup ]; then echo "$NICE" > /proc/self/autogroup; fi
fi
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  if [ -n "${NICE:-}" ] && [ -w /proc/self/autogroup ]; then echo 0 > /proc/self/autogroup; fi
}
trap cleanup EXIT

declare -A port pid
for impl in $IMPLS; do
  "${prefix[@]}" "$app" server --impl "${impl%%:*}" --listen "${impl##*:}" < /dev/null > "$work/$impl.log" &
  pid[$impl]=$!; pids+=("$!")
done
for impl in $IMPLS; do
  for _ in $(seq 100); do grep -q 'listening on' "$work/$impl.log" && break; sleep 0.1; done
  port[$impl]=$(grep -o '127.0.0.1:[0-9]*' "$work/$impl.log" | cut -d: -f2)
done
echo "clients: $CLIENTS (c-IO[:THREADS]: bench/liburing/echo_load.c, by default one thread per core; dotnet: $CLIENT_LOOPS loops); maximum rate, ${SECONDS_PER_POINT} s per point after ${WARMUP} s of warm-up, median of $REPEAT interleaved runs; nice: ${NICE:-0}"
echo "machine: $(nproc) cores $(uname -m), Linux $(uname -r), .NET $(dotnet --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(trace_events_note)"

run() { # client impl connections -> the CSV line
  case "$1" in
    c-*) spec=${1#c-}; threads=0; [[ $spec == *:* ]] && threads=${spec##*:}
      "${prefix[@]}" "$c_client" --io "${spec%%:*}" --threads "$threads" --port "${port[$2]}" --server-pid "${pid[$2]}" --connections "$3" --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --csv < /dev/null ;;
    dotnet) "${prefix[@]}" "$app" client --port "${port[$2]}" --server-pid "${pid[$2]}" --connections "$3" --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --client-loops "$CLIENT_LOOPS" --csv < /dev/null ;;
  esac
}

clients=($CLIENTS)
for connections in $CONNECTIONS; do
  for impl in $IMPLS; do
    for round in $(seq "$REPEAT"); do
      for i in "${!clients[@]}"; do
        client=${clients[$(( (i + round - 1) % ${#clients[@]} ))]}
        echo "$impl $client $(run "$client" "$impl" "$connections")" >> "$work/runs"
      done
    done
  done
done

echo
echo "Runs (server client connections,rate,requests_per_s,p50,p99,server_cpu,client_cpu,requests,mismatches):"
echo '```'
cat "$work/runs"
echo '```'
echo
echo "| server | connections | client | req/s | client CPU µs/req | server CPU µs/req | client CPU/req vs dotnet |"
echo "|---|---:|---|---:|---:|---:|---:|"
awk -v clients="$CLIENTS" '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    split($3, f, ","); key = $1 SUBSEP f[1] SUBSEP $2
    if (!(($1 SUBSEP f[1]) in seen)) { seen[$1 SUBSEP f[1]] = 1; order[++n] = $1 SUBSEP f[1] }
    rps[key] = rps[key] " " f[3]; client[key] = client[key] " " f[7]; server[key] = server[key] " " f[6]
    if (f[9] != 0) bad = 1
  }
  END {
    nc = split(clients, cs, " ")
    for (k = 1; k <= n; k++) {
      split(order[k], p, SUBSEP)
      base = (order[k] SUBSEP "dotnet") in client ? median(client[order[k] SUBSEP "dotnet"]) : 0
      for (c = 1; c <= nc; c++) {
        key = order[k] SUBSEP cs[c]
        if (!(key in client)) continue
        mc = median(client[key])
        printf "| %s | %s | %s | %.0f | %.2f | %.2f | %s |\n", p[1], p[2], cs[c], median(rps[key]), mc, median(server[key]), base ? sprintf("%.2fx", mc / base) : ""
      }
    }
    if (bad) print "MISMATCHES in some runs" > "/dev/stderr"
  }' "$work/runs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
