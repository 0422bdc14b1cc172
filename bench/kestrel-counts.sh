#!/usr/bin/env bash
# Kestrel on Uring, application on the thread pool: what each request costs the server, counted (not run in CI).
#
#   bench/kestrel-counts.sh NEW_APP BASE_APP          # paths of two builds of samples/Uring.Samples.AspNetCore
#   REPS=5 SECS=2 CONNS="16 64 256" NEWARGS="--loops 1" bench/kestrel-counts.sh APP APP   # one app, two settings
#
# Starts three servers (sockets: NEW_APP on Kestrel's socket transport; new: NEW_APP on Uring; base: BASE_APP on Uring,
# with NEWARGS / BASEARGS added), loads each in turn with wrk (/plaintext, 1 thread, interleaved, REPS rounds), and prints
# per request, from perf stat on the server over the window: CPU µs (task-clock), context switches, system calls, write
# calls (efdw: the eventfd writes that wake a loop; the server writes nothing else), io_uring_enter, sched_yield and futex calls; then the median of every column over the rounds. Medians of all
# rounds rather than the round with the median req/s: on a shared machine the CPU columns move less than req/s.
# (bench/lib/baseline.sh's baseline_app builds BASE_APP from a commit.) Needs perf and python3.
set -u
. "$(dirname "$0")/lib/trace-events.sh"
require_quiet_tracing
new=$1; base=$2
declare -A cmd=([sockets]="$new --transport sockets" [new]="$new --transport uring --strict ${NEWARGS:-}" [base]="$base --transport uring --strict ${BASEARGS:-}")
declare -A port=([sockets]=18290 [new]=18291 [base]=18292)
declare -A pid
pids=()
for m in sockets new base; do nice -n -10 ${cmd[$m]} --port ${port[$m]} > /tmp/kestrel-counts-$m.log 2>&1 & pid[$m]=$!; pids+=($!); done
trap 'kill ${pids[@]} 2>/dev/null; wait' EXIT
for m in sockets new base; do for _ in $(seq 100); do curl -sf http://127.0.0.1:${port[$m]}/plaintext >/dev/null && break; sleep 0.1; done; done
for m in sockets new base; do wrk -t1 -c64 -d3s http://127.0.0.1:${port[$m]}/plaintext >/dev/null; done
ev=context-switches,raw_syscalls:sys_enter,syscalls:sys_enter_write,syscalls:sys_enter_io_uring_enter,syscalls:sys_enter_sched_yield,syscalls:sys_enter_futex,task-clock
printf "%-4s %-8s %4s %9s %8s %7s %7s %7s %7s %7s %7s\n" rep mode c rps cpu_us cs sysc efdw enter yield futex
for rep in $(seq ${REPS:-2}); do
for c in ${CONNS:-16 64 256}; do
for m in sockets new base; do
  wrk -t1 -c$c -d1s http://127.0.0.1:${port[$m]}/plaintext >/dev/null
  perf stat -x, -e $ev -p ${pid[$m]} -o /tmp/kestrel-counts-perf.txt -- sleep ${SECS:-3} & pp=$!
  out=$(nice -n -10 wrk -t1 -c$c -d${SECS:-3}s http://127.0.0.1:${port[$m]}/plaintext); wait $pp
  n=$(awk '/requests in/ {print $1}' <<< "$out")
  awk -F, -v n=$n -v rep=$rep -v m=$m -v c=$c -v secs=${SECS:-3} '
    $3=="context-switches" {cs=$1} $3=="raw_syscalls:sys_enter" {sc=$1} $3=="syscalls:sys_enter_write" {w=$1}
    $3=="syscalls:sys_enter_io_uring_enter" {e=$1} $3=="syscalls:sys_enter_sched_yield" {y=$1} $3=="syscalls:sys_enter_futex" {f=$1} $3=="task-clock" {t=$1}
    END { printf "%-4s %-8s %4s %9.0f %8.2f %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f\n", rep, m, c, n/secs, t*1000/n, cs/n, sc/n, w/n, e/n, y/n, f/n }' /tmp/kestrel-counts-perf.txt
done; done; done | tee /tmp/kestrel-counts.txt
echo
python3 - /tmp/kestrel-counts.txt <<'PY'
import sys, collections, statistics
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) < 11 or not p[0].isdigit(): continue
    rows[(int(p[2]), p[1])].append([float(x) for x in p[3:11]])
cols = "rps cpu_us cs sysc efdw enter yield futex".split()
print("%-5s %-8s %3s " % ("c", "mode", "n") + " ".join("%9s" % c for c in cols) + "   (medians)")
for (c, m) in sorted(rows, key=lambda k: (k[0], ["sockets","new","base"].index(k[1]) if k[1] in ["sockets","new","base"] else 9)):
    v = rows[(c, m)]
    med = [statistics.median(x[i] for x in v) for i in range(8)]
    print("%-5d %-8s %3d " % (c, m, len(v)) + " ".join("%9.3f" % x for x in med))
PY
