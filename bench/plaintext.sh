#!/usr/bin/env bash
# The plaintext HTTP benchmark (not run in CI): wrk drives samples/Uring.Samples.Plaintext (event loops) and the minimal
# Kestrel app in bench/Uring.Bench.KestrelPlaintext (MapGet returning "Hello, World!") with keep-alive, without and with
# pipelining (16 requests per batch, bench/pipeline.lua), and prints requests/s, p99 latency and server CPU µs per request
# (utime + stime of the server process, read from /proc around each run).
#
#   bench/plaintext.sh                       # 5 s per point; needs wrk (apt-get install -y wrk) and curl
#   SECONDS_PER_POINT=10 CONNECTIONS="64 256" PIPELINE="1 16" bench/plaintext.sh
#   RATE=20000 bench/plaintext.sh           # the fixed-rate points at 20,000 requests/s in all (default 10,000; 0 skips them)
#
# Every point runs at the maximum rate, then each connection count once more without pipelining at a fixed RATE
# (bench/fixed-rate.lua paces each connection), where CPU per request and p99 compare the servers at the same load.
#
# By default server and wrk (one thread) float over all cores; PIN=1 runs the server on CPU 0 and wrk on CPU 1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/trace-events.sh
require_quiet_tracing

SECONDS_PER_POINT=${SECONDS_PER_POINT:-5}
CONNECTIONS=${CONNECTIONS:-"16 256"}
PIPELINE=${PIPELINE:-"1 16"}
PIN=${PIN:-0}
RATE=${RATE:-10000}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

dotnet build -c Release samples/Uring.Samples.Plaintext -v quiet -nologo >/dev/null
dotnet build -c Release bench/Uring.Bench.KestrelPlaintext -v quiet -nologo >/dev/null
server_cpus=; client_cpus=
# NICE=-10 (root) runs servers and client ahead of whatever else the machine runs: on a shared machine it measures
# the code instead of the scheduler's share for it.
if [ -n "${NICE:-}" ]; then server_cpus="nice -n $NICE"; client_cpus="nice -n $NICE"; fi
if [ "$PIN" = 1 ]; then server_cpus="$server_cpus taskset -c 0"; client_cpus="$client_cpus taskset -c 1"; fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

$server_cpus samples/Uring.Samples.Plaintext/bin/Release/net10.0/Uring.Samples.Plaintext --port 18080 >/dev/null &
pids+=("$!"); declare -A pid=([uring]=$! [kestrel]=)
$server_cpus bench/Uring.Bench.KestrelPlaintext/bin/Release/net10.0/Uring.Bench.KestrelPlaintext --port 18081 >/dev/null &
pids+=("$!"); pid[kestrel]=$!
declare -A port=([uring]=18080 [kestrel]=18081)

for server in uring kestrel; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:${port[$server]}/plaintext" >/dev/null && break; sleep 0.1; done
  echo "curl $server: $(curl -si "http://127.0.0.1:${port[$server]}/plaintext" | tr -d '\r' | tr '\n' '|')"
done
echo "wrk: 1 thread, keep-alive, ${SECONDS_PER_POINT} s per point; pinned: $([ "$PIN" = 1 ] && echo "server CPU 0, wrk CPU 1" || echo no)"
echo "machine: $(nproc) cores $(uname -m), Linux $(uname -r), .NET $(dotnet --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(trace_events_note)"

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

printf '\n| server | connections | pipeline | rate | req/s | p99 | server CPU µs/req | req/s vs Kestrel | CPU/req vs Kestrel |\n'
printf '|---|---:|---:|---|---:|---:|---:|---:|---:|\n'
# Points: "connections depth rate" (rate 0: as fast as wrk goes).
points=()
for connections in $CONNECTIONS; do for depth in $PIPELINE; do points+=("$connections $depth 0"); done; done
if [ "$RATE" -gt 0 ]; then for connections in $CONNECTIONS; do points+=("$connections 1 $RATE"); done; fi
for point in "${points[@]}"; do
  read -r connections depth rate <<< "$point"
  declare -A rps=() cpu=()
  for server in kestrel uring; do
    url="http://127.0.0.1:${port[$server]}/plaintext"
    script=(); args=()
    if [ "$depth" -gt 1 ]; then script=(-s bench/pipeline.lua); args=("$depth");
    elif [ "$rate" -gt 0 ]; then script=(-s bench/fixed-rate.lua); args=("$rate" "$connections"); fi
    $client_cpus wrk -t1 -c"$connections" -d1s "${script[@]}" "$url" -- "${args[@]}" >/dev/null   # warm-up
    before=$(cpu_ticks "${pid[$server]}")
    out=$($client_cpus wrk -t1 -c"$connections" -d"${SECONDS_PER_POINT}s" --latency "${script[@]}" "$url" -- "${args[@]}")
    after=$(cpu_ticks "${pid[$server]}")
    requests=$(awk '/requests in/ { print $1 }' <<< "$out")
    rps[$server]=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<< "$out")
    # wrk times a pipelined batch, not a request, so its latency says nothing per request there.
    p99=-; [ "$depth" -gt 1 ] || p99=$(awk '$1 == "99%" { print $2 }' <<< "$out")
    errors=$(awk '/Non-2xx|Socket errors/' <<< "$out")
    [ -z "$errors" ] || echo "wrk reported errors for $server: $errors" >&2
    cpu[$server]=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
    ratio_rps=; ratio_cpu=
    if [ "$server" = uring ]; then
      ratio_rps=$(awk -v a="${rps[uring]}" -v b="${rps[kestrel]}" 'BEGIN { printf "%.2fx", a / b }')
      ratio_cpu=$(awk -v a="${cpu[uring]}" -v b="${cpu[kestrel]}" 'BEGIN { printf "%.2fx", a / b }')
    fi
    label=max; [ "$rate" = 0 ] || label="$rate/s"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$server" "$connections" "$depth" "$label" "${rps[$server]}" "$p99" "${cpu[$server]}" "$ratio_rps" "$ratio_cpu"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
