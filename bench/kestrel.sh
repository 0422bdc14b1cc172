#!/usr/bin/env bash
# Kestrel on Uring (Uring.AspNetCore) against Kestrel's own socket transport, in the same minimal API app
# (samples/Uring.Samples.AspNetCore: TechEmpower's /plaintext and /json), loaded with wrk (not run in CI).
#
#   bench/kestrel.sh                            # 5 s per point, 3 interleaved repeats, median by req/s
#   SECONDS_PER_POINT=10 CONNECTIONS="64 256" REPEAT=5 IMPLS="sockets uring uring-inline" bench/kestrel.sh
#   BASELINE=8a536ab IMPLS="sockets uring baseline" bench/kestrel.sh   # also the app as built from that commit, same run
#
# Points: /plaintext at CONNECTIONS without pipelining and with PIPELINE-deep batches (bench/pipeline.lua), /json without
# pipelining, each at the maximum rate; then /plaintext at a fixed RATE (requests/s in all, bench/fixed-rate.lua; 0 skips).
# Columns: requests/s, p99 latency (wrk's, not shown for pipelined batches), server CPU µs per request (utime + stime of
# the server process from /proc over the measured window), and, where perf is installed, the server's system calls and
# context switches per request (perf stat over the same window): counts that a busy machine does not blur.
# SHAPES picks the points (default all: plaintext pipelined json rate).
# IMPLS picks servers: sockets, uring (the defaults: application code on the thread pool), sockets-inline, uring-inline
# (UnsafePreferInlineScheduling), uring-nospin and uring-inline-nospin (MaxIdleSpin 0), uring-spin (the thread-pool
# mode with the loops' 100 µs idle spin, which that mode leaves off by default), and with BASELINE=<commit>,
# baseline and baseline-inline (the app of that commit on Uring). wrk runs with THREADS threads (default 1); NICE=-10 (root) runs servers and wrk ahead of
# other work on a shared machine. The median run is picked by req/s, per server and point.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/trace-events.sh
require_quiet_tracing

SECONDS_PER_POINT=${SECONDS_PER_POINT:-5}
CONNECTIONS=${CONNECTIONS:-"16 64 256"}
PIPELINE=${PIPELINE:-16}
REPEAT=${REPEAT:-3}
RATE=${RATE:-10000}
SHAPES=${SHAPES:-"plaintext pipelined json rate"}
IMPLS=${IMPLS:-"sockets uring"}
THREADS=${THREADS:-1}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is missing: apt-get install -y wrk" >&2; exit 2
  fi
fi

dotnet build -c Release samples/Uring.Samples.AspNetCore -v quiet -nologo >/dev/null
app=samples/Uring.Samples.AspNetCore/bin/Release/net10.0/Uring.Samples.AspNetCore
base_app=
if [ -n "${BASELINE:-}" ]; then
  . bench/lib/baseline.sh
  base_app=$(baseline_app "$BASELINE" samples/Uring.Samples.AspNetCore)
fi
run=; [ -n "${NICE:-}" ] && run="nice -n $NICE"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

declare -A pid=() port=()
next_port=18090
for impl in $IMPLS; do
  case "$impl" in
    sockets) args=(--transport sockets) ;;
    uring) args=(--transport uring --strict) ;;
    sockets-inline) args=(--transport sockets --inline) ;;
    uring-inline) args=(--transport uring --strict --inline) ;;
    uring-nospin) args=(--transport uring --strict --idle-spin-us 0) ;;
    uring-spin) args=(--transport uring --strict --idle-spin-us 100) ;;
    uring-inline-nospin) args=(--transport uring --strict --inline --idle-spin-us 0) ;;
    baseline) args=(--transport uring --strict) ;;
    baseline-inline) args=(--transport uring --strict --inline) ;;
    *) echo "unknown impl $impl" >&2; exit 2 ;;
  esac
  server=$app
  case "$impl" in baseline*) [ -n "$base_app" ] || { echo "$impl needs BASELINE=<commit>" >&2; exit 2; }; server=$base_app ;; esac
  port[$impl]=$next_port
  $run "$server" "${args[@]}" --port "$next_port" > "/tmp/kestrel-bench-$impl.log" 2>&1 &
  pids+=("$!"); pid[$impl]=$!
  next_port=$((next_port + 1))
done

for impl in $IMPLS; do
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:${port[$impl]}/plaintext" >/dev/null && break; sleep 0.1; done
  echo "$impl: $(head -1 "/tmp/kestrel-bench-$impl.log")"
  echo "  plaintext: $(curl -si "http://127.0.0.1:${port[$impl]}/plaintext" | tr -d '\r' | tr '\n' '|')"
  echo "  json:      $(curl -si "http://127.0.0.1:${port[$impl]}/json" | tr -d '\r' | tr '\n' '|')"
done
echo "wrk: $THREADS thread(s), keep-alive, ${SECONDS_PER_POINT} s per point, median of $REPEAT interleaved repeats (by req/s)"
echo "machine: $(nproc) cores $(uname -m) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), .NET $(dotnet --version); $(trace_events_note)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

has_perf=0; command -v perf >/dev/null && perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1 && has_perf=1

# One wrk run: prints "req/s p99 cpu_us_per_request syscalls_per_request context_switches_per_request".
measure() { # impl path connections depth rate
  local impl=$1 path=$2 connections=$3 depth=$4 rate=$5
  local url="http://127.0.0.1:${port[$impl]}$path" script=() extra=()
  if [ "$depth" -gt 1 ]; then script=(-s bench/pipeline.lua); extra=("$depth");
  elif [ "$rate" -gt 0 ]; then script=(-s bench/fixed-rate.lua); extra=("$rate" "$connections"); fi
  $run wrk -t"$THREADS" -c"$connections" -d1s "${script[@]}" "$url" -- "${extra[@]}" >/dev/null 2>&1   # warm-up
  local before after out counts=/tmp/kestrel-bench-perf.txt
  : > "$counts"
  before=$(cpu_ticks "${pid[$impl]}")
  if [ "$has_perf" = 1 ]; then
    perf stat -x, -e raw_syscalls:sys_enter,context-switches -p "${pid[$impl]}" -o "$counts" -- sleep "$SECONDS_PER_POINT" &
  fi
  out=$($run wrk -t"$THREADS" -c"$connections" -d"${SECONDS_PER_POINT}s" --latency "${script[@]}" "$url" -- "${extra[@]}")
  wait
  after=$(cpu_ticks "${pid[$impl]}")
  local errors; errors=$(awk '/Non-2xx|Socket errors/' <<< "$out")
  [ -z "$errors" ] || echo "wrk reported errors for $impl $path c=$connections: $errors" >&2
  local syscalls switches
  syscalls=$(awk -F, '$3 ~ /raw_syscalls/ { print $1 }' "$counts"); switches=$(awk -F, '$3 ~ /context-switches/ { print $1 }' "$counts")
  awk -v t=$((after - before)) -v hz="$hz" -v depth="$depth" -v sc="${syscalls:-}" -v cs="${switches:-}" '
    /requests in/ { n = $1 }
    /^Requests\/sec/ { rps = $2 }
    $1 == "99%" { p99 = $2 }
    END {
      if (depth > 1) p99 = "-"
      perreq = rps * '"$SECONDS_PER_POINT"'
      scr = sc == "" ? "-" : sprintf("%.2f", sc / perreq); csr = cs == "" ? "-" : sprintf("%.2f", cs / perreq)
      printf "%.0f %s %.2f %s %s\n", rps, p99, t / hz * 1e6 / n, scr, csr
    }' <<< "$out"
}

printf '\n| shape | connections | rate | server | req/s | p99 | server CPU µs/req | syscalls/req | context switches/req | req/s vs sockets | CPU/req vs sockets |\n'
printf '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
points=()
has_shape() { [[ " $SHAPES " == *" $1 "* ]]; }
if has_shape plaintext; then for c in $CONNECTIONS; do points+=("plaintext /plaintext $c 1 0"); done; fi
if has_shape pipelined; then for c in $CONNECTIONS; do points+=("plaintext-p$PIPELINE /plaintext $c $PIPELINE 0"); done; fi
if has_shape json; then for c in $CONNECTIONS; do points+=("json /json $c 1 0"); done; fi
if has_shape rate && [ "$RATE" -gt 0 ]; then for c in $CONNECTIONS; do points+=("plaintext /plaintext $c 1 $RATE"); done; fi

for point in "${points[@]}"; do
  read -r shape path connections depth rate <<< "$point"
  declare -A samples=()
  for _ in $(seq "$REPEAT"); do
    for impl in $IMPLS; do
      samples[$impl]+="$(measure "$impl" "$path" "$connections" "$depth" "$rate")"$'\n'
    done
  done
  declare -A rps=() p99=() cpu=() sys=() ctx=()
  for impl in $IMPLS; do
    read -r rps[$impl] p99[$impl] cpu[$impl] sys[$impl] ctx[$impl] < <(sort -n <<< "${samples[$impl]}" | sed '/^$/d' | awk -v n="$REPEAT" 'NR == int((n + 1) / 2)')
  done
  for impl in $IMPLS; do
    ratio_rps=; ratio_cpu=
    if [ "$impl" != sockets ] && [ -n "${rps[sockets]:-}" ]; then
      ratio_rps=$(awk -v a="${rps[$impl]}" -v b="${rps[sockets]}" 'BEGIN { printf "%.2fx", a / b }')
      ratio_cpu=$(awk -v a="${cpu[$impl]}" -v b="${cpu[sockets]}" 'BEGIN { printf "%.2fx", a / b }')
    fi
    rate_text=max; [ "$rate" -gt 0 ] && rate_text="$rate/s"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$shape" "$connections" "$rate_text" "$impl" "${rps[$impl]}" "${p99[$impl]}" "${cpu[$impl]}" "${sys[$impl]}" "${ctx[$impl]}" "$ratio_rps" "$ratio_cpu"
  done
  unset samples rps p99 cpu sys ctx
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
