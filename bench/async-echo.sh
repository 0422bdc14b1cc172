#!/usr/bin/env bash
# The async echo benchmark (not run in CI): the same load client drives the Uring
# event-loop echo server (accept on one loop + round-robin by post, the same with the descriptor passed through the rings
# by MSG_RING, and SO_REUSEPORT per loop) and the idiomatic
# System.Net.Sockets async server, at 1, 16, 64 and 256 connections, at the maximum rate and at a fixed rate, and
# prints one table: requests/s, p50/p99 latency, server CPU µs per request (utime + stime of the server process over
# the measured window) and the uring/sockets ratios.
#
#   bench/async-echo.sh                    # 5 s per point, after 1 s of warm-up
#   SECONDS_PER_POINT=10 RATE=20000 CONNECTIONS="64 256" REPEAT=3 bench/async-echo.sh
#   IMPLS="uring:accept sockets:accept sockets-inline:accept" bench/async-echo.sh
#   REQUESTS_PER_CONNECTION=1 RATE=2000 bench/async-echo.sh   # connection churn: a new connection for every request
#   IMPLS="uring:accept uring-nospin:accept sockets:accept" CLIENT=dotnet CLIENT_SPIN_US=100 bench/async-echo.sh   # server spin off; C# client loops spinning up to 100 µs (default 0)
#   BASELINE=e2c2481 bench/async-echo.sh   # also the uring server as built from that commit ("baseline"), in the same run
#   CLIENT=dotnet bench/async-echo.sh       # the C# load client of the sample instead of the C one
# (sockets-inline: the sockets server with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, continuations on the epoll thread)
# The client is always this tree's, so a baseline and the current server meet the same client.
#
# CLIENT=c (the default): bench/liburing/echo_load.c, built here with gcc and Debian's liburing-dev (installed with
# apt-get when missing). It speaks the C# client's protocol and prints its CSV line, and costs less CPU per request
# (io_uring, multishot receives, sends without a CQE): client and server share the cores and both run flat out, so
# requests/s is about cores / (client + server CPU per request), and a client that costs as much as the server hides
# most of the difference between servers. CLIENT=dotnet: the sample's C# client (`client` command, CLIENT_LOOPS loops).
#
# By default (PIN=0) servers and client float over all cores, each with one event loop per core (the sockets server:
# the thread pool's default). PIN=1 runs every server on CPU 0 and the client on CPU 1 (taskset): fairer on a quiet
# machine (neither steals the other's core), but on a shared one a pinned thread cannot escape a busy core, and at
# 1-16 connections every preemption stalls a ping-pong; see the README for what was measured each way.
# The fixed rate is RATE requests/s in all, at most RATE_PER_CONNECTION per connection (so 1 connection is not asked
# for more than one connection can do). Each point runs the impls in turn, REPEAT rounds of them interleaved, and keeps
# each impl's median run (by requests/s at the maximum rate, by p99 at the fixed rate), so a change in the machine's
# load hits them alike.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/trace-events.sh
require_quiet_tracing

SECONDS_PER_POINT=${SECONDS_PER_POINT:-5}
WARMUP=${WARMUP:-1}
CONNECTIONS=${CONNECTIONS:-"1 16 64 256"}
RATE=${RATE:-10000}
RATE_PER_CONNECTION=${RATE_PER_CONNECTION:-2000}
SIZE=${SIZE:-64}
REPEAT=${REPEAT:-1}
PIN=${PIN:-0}
# The C# client's event loops (CLIENT=dotnet). More than the cores: on a machine shared with other work, a client with as few threads as
# cores gets too small a share of the CPU and becomes the bottleneck for the faster server (measured: two client
# processes together drove the uring server 1.4x harder than one with 2 loops, the sockets server 1.05x).
CLIENT_LOOPS=${CLIENT_LOOPS:-4}
# 0: every connection stays open for the run. N: the client closes each connection after N requests and opens a new
# one (the first request's latency then includes the connect), which measures how a listener spreads new connections.
REQUESTS_PER_CONNECTION=${REQUESTS_PER_CONNECTION:-0}
IMPLS=${IMPLS:-"uring:accept uring:reuseport uring:msgring sockets:accept${BASELINE:+ baseline:accept}"}
CLIENT=${CLIENT:-c}
# The C client's threads (0: one per core), each with its own ring over its share of the connections.
CLIENT_THREADS=${CLIENT_THREADS:-0}
case "$CLIENT" in c|dotnet) ;; *) echo "CLIENT must be c or dotnet" >&2; exit 64 ;; esac

dotnet build -c Release samples/Uring.Samples.AsyncEcho -v quiet -nologo >/dev/null
app=$PWD/samples/Uring.Samples.AsyncEcho/bin/Release/net10.0/Uring.Samples.AsyncEcho
c_client=$PWD/bench/liburing/build/echo_load
if [ "$CLIENT" = c ]; then
  if ! command -v gcc >/dev/null || [ ! -f /usr/include/liburing.h ]; then
    apt-get update -qq && apt-get install -y gcc liburing-dev >/dev/null
  fi
  mkdir -p bench/liburing/build
  gcc -O2 -Wall -Wextra -Werror -o "$c_client" bench/liburing/echo_load.c -luring -lpthread
fi
base_app=
if [ -n "${BASELINE:-}" ]; then
  . bench/lib/baseline.sh
  base_app=$(baseline_app "$BASELINE" samples/Uring.Samples.AsyncEcho)
fi
server_cpus=; client_cpus=
# NICE=-10 (root) runs servers and client ahead of whatever else the machine runs: on a shared machine it measures
# the code instead of the scheduler's share for it. With autogroups on (kernel.sched_autogroup_enabled, the default), a
# nice value only ranks threads within their session's group and the groups share the cores equally, so NICE also sets
# this session's group to it (and back to 0 at the end).
if [ -n "${NICE:-}" ]; then
  server_cpus="nice -n $NICE"; client_cpus="nice -n $NICE"
  if [ -w /proc/self/autogroup ]; then echo "$NICE" > /proc/self/autogroup; fi
fi
if [ "$PIN" = 1 ]; then server_cpus="$server_cpus taskset -c 0"; client_cpus="$client_cpus taskset -c 1"; fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
  if [ -n "${NICE:-}" ] && [ -w /proc/self/autogroup ]; then echo 0 > /proc/self/autogroup; fi
}
trap cleanup EXIT

declare -A port pid
for impl in $IMPLS; do
  name=${impl%%:*}; listen=${impl##*:}
  # sockets-inline: the same System.Net.Sockets server with continuations run on the runtime's epoll thread (opt-in).
  inline=0; [ "$name" = sockets-inline ] && inline=1
  # baseline: the uring server of commit $BASELINE. Stdin is /dev/null: a background .NET process on the terminal's
  # stdin can be stopped (SIGTTOU) when the runtime sets the terminal up, and a stopped server hangs the run.
  server_app=$app; server_impl=${name%-inline}; extra=()
  if [ "$name" = baseline ]; then server_app=$base_app; server_impl=uring; fi
  # uring-nospin: the uring server with its loops' idle spin off (MaxIdleSpin 0).
  if [ "$name" = uring-nospin ]; then server_impl=uring; extra=(--idle-spin-us 0); fi
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$inline $server_cpus "$server_app" server --impl "$server_impl" --listen "$listen" "${extra[@]}" < /dev/null > "$work/$name-$listen.log" &
  pid[$impl]=$!; pids+=("$!")
done
for impl in $IMPLS; do
  for _ in $(seq 100); do grep -q 'listening on' "$work/${impl%%:*}-${impl##*:}.log" && break; sleep 0.1; done
  port[$impl]=$(grep -o '127.0.0.1:[0-9]*' "$work/${impl%%:*}-${impl##*:}.log" | cut -d: -f2)
  echo "server ${impl}: $(head -1 "$work/${impl%%:*}-${impl##*:}.log") (pid ${pid[$impl]})"
done
if [ "$CLIENT" = c ]; then
  client_desc="C (bench/liburing/echo_load.c, io_uring, $([ "$CLIENT_THREADS" = 0 ] && nproc || echo "$CLIENT_THREADS") threads)"
else
  client_desc="C# (samples/Uring.Samples.AsyncEcho client, $CLIENT_LOOPS client loops)"
fi
echo "client: $client_desc; $SIZE-byte checksummed messages, one in flight per connection, $([ "$REQUESTS_PER_CONNECTION" = 0 ] && echo "connections kept open" || echo "a new connection every $REQUESTS_PER_CONNECTION request(s)"), ${SECONDS_PER_POINT} s per point after ${WARMUP} s of warm-up, median of $REPEAT; fixed rate: $RATE/s (at most $RATE_PER_CONNECTION/s per connection); pinned: $([ "$PIN" = 1 ] && echo "server CPU 0, client CPU 1" || echo "no (servers and client float over all cores)"); nice: ${NICE:-0}"
echo "machine: $(nproc) cores $(uname -m), Linux $(uname -r), .NET $(dotnet --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(trace_events_note)"

# One client run; prints the CSV line (connections,rate,requests_per_s,p50,p99,server_cpu,client_cpu,requests,mismatches).
# A run that measured no request at all (and saw no mismatch) is retried, twice at most: on a shared machine whose
# processes are paused now and then (SIGSTOP, one process at a time), the server can sit stopped through the client's
# whole window. A mismatch is never retried.
run_point() {
  local out attempt requests mismatches
  for attempt in 1 2 3; do
    if out=$(run_client "$@"); then echo "$out"; return 0; fi
    IFS=, read -r _ _ _ _ _ _ _ requests mismatches <<< "$out"
    if [ "${requests:-}" != 0 ] || [ "${mismatches:-}" != 0 ]; then echo "$out"; return 1; fi
    echo "$1, $2 connections, rate $3: nothing measured (attempt $attempt), run again" >&2
  done
  echo "$out"; return 1
}

run_client() {
  if [ "$CLIENT" = c ]; then
    $client_cpus "$c_client" --port "${port[$1]}" --server-pid "${pid[$1]}" --connections "$2" --rate "$3" \
      --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --size "$SIZE" --threads "$CLIENT_THREADS" \
      --requests-per-connection "$REQUESTS_PER_CONNECTION" --csv < /dev/null
    return
  fi
  $client_cpus "$app" client --port "${port[$1]}" --server-pid "${pid[$1]}" --connections "$2" --rate "$3" \
    --seconds "$SECONDS_PER_POINT" --warmup "$WARMUP" --size "$SIZE" --client-loops "$CLIENT_LOOPS" \
    --requests-per-connection "$REQUESTS_PER_CONNECTION" ${CLIENT_SPIN_US:+--client-idle-spin-us "$CLIENT_SPIN_US"} --csv < /dev/null
}

# The median of lines (one per run of one impl): by requests/s at the maximum rate (field 3), by p99 at a fixed rate (field 5).
median_line() {
  local key=3; [ "$1" = 0 ] || key=5
  sort -t, -k"$key" -g | sed -n "$(( (REPEAT + 1) / 2 ))p"
}

printf '\n| impl | connections | rate | req/s | p50 µs | p99 µs | server CPU µs/req | client CPU µs/req | req/s vs sockets | server CPU/req vs sockets |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'
failed=0
for connections in $CONNECTIONS; do
  for rate in 0 $(( RATE < RATE_PER_CONNECTION * connections ? RATE : RATE_PER_CONNECTION * connections )); do
    declare -A line=() runs=()
    impls=($IMPLS)
    for round in $(seq "$REPEAT"); do
      # Each round starts one impl later, so none always runs first (right after another point's heaviest run).
      for i in "${!impls[@]}"; do
        impl=${impls[$(( (i + round - 1) % ${#impls[@]} ))]}
        runs[$impl]+="$(run_point "$impl" "$connections" "$rate")"$'\n'
      done
    done
    for impl in $IMPLS; do
      line[$impl]=$(printf '%s' "${runs[$impl]}" | median_line "$rate")
    done
    base=${line[sockets:accept]:-}
    for impl in $IMPLS; do
      IFS=, read -r c r rps p50 p99 cpu client _ mismatches <<< "${line[$impl]}"
      [ "$mismatches" = 0 ] || { echo "MISMATCH: $impl $connections connections: $mismatches" >&2; failed=1; }
      ratio_rps=; ratio_cpu=
      if [ -n "$base" ] && [ "$impl" != sockets:accept ]; then
        IFS=, read -r _ _ brps _ _ bcpu _ _ _ <<< "$base"
        ratio_rps=$(awk -v a="$rps" -v b="$brps" 'BEGIN { printf "%.2fx", a / b }')
        ratio_cpu=$(awk -v a="$cpu" -v b="$bcpu" 'BEGIN { printf "%.2fx", a / b }')
      fi
      label=$([ "$rate" = 0 ] && echo max || echo "$rate/s")
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${impl/:accept/}" "$c" "$label" "$rps" "$p50" "$p99" "$cpu" "$client" "$ratio_rps" "$ratio_cpu"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
