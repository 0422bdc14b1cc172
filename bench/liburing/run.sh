#!/usr/bin/env bash
# Builds and runs the liburing C baselines (NOP cycle, random 4 KiB reads); prints the machine line and
# one markdown table per program and run. RUNS (default 3) repeats each program to show run-to-run spread.
# Installs Debian's liburing-dev when it is missing (needs root).
set -euo pipefail
cd "$(dirname "$0")"
. ../lib/trace-events.sh
require_quiet_tracing

if [ ! -f /usr/include/liburing.h ]; then
  apt-get update -qq && apt-get install -y liburing-dev >/dev/null
fi

mkdir -p build
for program in nop_cycle random_read; do
  gcc -O2 -Wall -Wextra -Werror -o "build/$program" "$program.c" -luring -lm
done

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores;" \
  "Linux $(uname -r); liburing $(dpkg-query -W -f='${Version}' liburing-dev 2>/dev/null || echo '?'); $(gcc --version | head -1); $(trace_events_note)"
for program in nop_cycle random_read; do
  for run in $(seq 1 "${RUNS:-3}"); do
    echo
    echo "## $program, run $run"
    "build/$program"
  done
done
