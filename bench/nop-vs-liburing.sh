#!/usr/bin/env bash
# NOP prep + submit + reap: Uring against liburing, interleaved in one run (issue 16, "the core loop").
#
# Builds bench/liburing/nop_loop.c (gcc -O2, Debian's liburing-dev) and bench/Uring.Bench.NopLoop (Release), then
# runs them alternately REPEAT times per batch size: C, .NET, .NET, C, ... (the order flips each round so neither
# side always runs first). Both do the same thing: a ring with SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG |
# NO_SQARRAY and a registered ring fd, a warm-up of WARMUP_MS, then SAMPLES timed runs of the same number of NOPs,
# BATCH per submit-and-wait enter, reaping 64 completions at a time. Each process prints its median ns per NOP;
# this script prints, per batch, the median over the REPEAT runs of each side, the spread (fastest and slowest run)
# and the ratio of the medians, plus bytes allocated per NOP on the .NET side.
#
# Environment: REPEAT (5), BATCHES ("1 32 256"), SAMPLES (7), WARMUP_MS (300), MODES (.NET reap modes:
# "copy inplace": the copying Wait/Reap, and the in-place WaitCompletions + CompletionBatch.Advance), OPS_<batch> (NOPs per sample; defaults below),
# PIN (a CPU number: run both sides with taskset on it; this puts the .NET runtime's background threads, tiered
# compilation among them, on the loop's CPU, which on 2 cores makes the .NET side 2-3x slower: compare unpinned),
# NICE (a niceness for both sides).
set -euo pipefail
cd "$(dirname "$0")"
. lib/trace-events.sh
require_quiet_tracing

REPEAT=${REPEAT:-5}
BATCHES=${BATCHES:-"1 32 256"}
SAMPLES=${SAMPLES:-7}
WARMUP_MS=${WARMUP_MS:-300}
MODES=${MODES:-"copy inplace"}

ops_for() {
  local var="OPS_$1"
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  case "$1" in
    1) echo 200000 ;;
    *) echo $(( $1 * 20000 < 4000000 ? $1 * 20000 : 4000000 )) ;;
  esac
}

if [ ! -f /usr/include/liburing.h ]; then
  apt-get update -qq && apt-get install -y liburing-dev >/dev/null
fi

mkdir -p liburing/build
gcc -O2 -Wall -Wextra -Werror -o liburing/build/nop_loop liburing/nop_loop.c -luring
dotnet build -c Release -v quiet -nologo Uring.Bench.NopLoop >/dev/null
dotnet_bin=Uring.Bench.NopLoop/bin/Release/net10.0/Uring.Bench.NopLoop

prefix=()
[ -n "${PIN:-}" ] && prefix+=(taskset -c "$PIN")
[ -n "${NICE:-}" ] && prefix+=(nice -n "$NICE")

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; Linux $(uname -r);" \
  "liburing $(dpkg-query -W -f='${Version}' liburing-dev 2>/dev/null || echo '?'); $(gcc --version | head -1);" \
  ".NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'); load $(cut -d' ' -f1-3 /proc/loadavg); $(trace_events_note)"
echo "REPEAT=$REPEAT SAMPLES=$SAMPLES WARMUP_MS=$WARMUP_MS; NOPs per sample:$(for b in $BATCHES; do printf ' %s@%s' "$(ops_for "$b")" "$b"; done)"
echo

results=$(mktemp)
trap 'rm -f "$results"' EXIT
run_c() { "${prefix[@]}" liburing/build/nop_loop "$1" "$2" "$SAMPLES" "$WARMUP_MS" | sed "s/^/$3 /" >>"$results"; }
run_dotnet() {
  for mode in $MODES; do
    "${prefix[@]}" "$dotnet_bin" "$1" "$2" "$SAMPLES" "$WARMUP_MS" "$mode" | sed "s/^/$3 /" >>"$results"
  done
}

for round in $(seq 1 "$REPEAT"); do
  for b in $BATCHES; do
    ops=$(ops_for "$b")
    if [ $((round % 2)) -eq 1 ]; then
      run_c "$ops" "$b" "$round"; run_dotnet "$ops" "$b" "$round"
    else
      run_dotnet "$ops" "$b" "$round"; run_c "$ops" "$b" "$round"
    fi
  done
  echo "round $round done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done

# Lines: ROUND SIDE BATCH MEDIAN MIN MAX [BYTES_PER_OP]. Per (side, batch): median of the runs' medians, and the
# fastest and slowest run median; per (mode, batch) also the median of the per-round ratios to C.
echo "Per run (ns per NOP, median of $SAMPLES samples each):"
echo
echo '```'
cat "$results"
echo '```'
echo
echo "| Batch | Side | Median of $REPEAT runs (ns/NOP) | Runs: fastest - slowest | Ratio of medians to liburing | Median per-round ratio | B/NOP |"
echo "|---:|---|---:|---:|---:|---:|---:|"
awk -v modes="$MODES" -v batches="$BATCHES" '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function extreme(list, want,    n, a, i, r) {
    n = split(list, a, " "); r = a[1]
    for (i = 2; i <= n; i++) if ((want == "min" && a[i] < r) || (want == "max" && a[i] > r)) r = a[i]
    return r
  }
  {
    key = $2 SUBSEP $3; runs[key] = runs[key] " " $4; value[$1, $2, $3] = $4
    if (NF >= 7) bytes[key] = bytes[key] > $7 ? bytes[key] : $7
    rounds[$1] = 1
  }
  END {
    nb = split(batches, bs, " "); nm = split(modes, ms, " ")
    for (i = 1; i <= nb; i++) {
      b = bs[i]; c = median(runs["c", b])
      printf "| %s | liburing | %.1f | %.1f - %.1f | 1.00 | | |\n", b, c, extreme(runs["c", b], "min"), extreme(runs["c", b], "max")
      for (j = 1; j <= nm; j++) {
        side = "dotnet-" ms[j]; key = side SUBSEP b
        if (!(key in runs)) continue
        d = median(runs[key]); ratios = ""
        for (r in rounds) if ((r, "c", b) in value && (r, side, b) in value) ratios = ratios " " value[r, side, b] / value[r, "c", b]
        printf "| %s | Uring (%s) | %.1f | %.1f - %.1f | %.3f | %.3f | %s |\n", b, ms[j], d, extreme(runs[key], "min"), extreme(runs[key], "max"), d / c, median(ratios), bytes[key]
      }
    }
  }' "$results"
