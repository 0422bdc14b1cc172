# Sourced by the bench scripts. require_quiet_tracing refuses to measure while kernel trace events are enabled.
#
# An enabled tracepoint costs its caller on every hit, even with tracing_on at 0: the kernel still reserves, filters and
# commits each event. io_uring's submit and complete events, left on by an earlier debugging session, took 5-6 % of the
# uring echo server's CPU in a profile at 64 connections (trace_event_buffer_reserve, filter_match_preds, ...), and the C
# load client paid the same per request; the System.Net.Sockets server, which makes no io_uring request, paid nothing.
# An interleaved A/B of the same build with them on and off could not separate that from the machine's run-to-run noise
# (bench/results/2026-12-04/async-echo-trace-events-ab.txt), but a benchmark that taxes one side only is not a fair one.
# ALLOW_TRACE_EVENTS=1 measures anyway (and says so in the machine line).
trace_events_enabled() {
  local set_event=/sys/kernel/tracing/set_event
  [ -r "$set_event" ] || set_event=/sys/kernel/debug/tracing/set_event
  [ -r "$set_event" ] && grep -v '^$' "$set_event" | tr '\n' ' ' | sed 's/ $//'
  return 0
}

require_quiet_tracing() {
  local events
  events=$(trace_events_enabled)
  if [ -n "$events" ] && [ "${ALLOW_TRACE_EVENTS:-0}" != 1 ]; then
    echo "kernel trace events are enabled ($events): every hit costs CPU, and the io_uring ones only the io_uring side." >&2
    echo "Turn them off (echo > /sys/kernel/tracing/set_event) or set ALLOW_TRACE_EVENTS=1 to measure anyway." >&2
    exit 65
  fi
}

# For the machine line: "trace events: none" or the list.
trace_events_note() {
  local events
  events=$(trace_events_enabled)
  echo "trace events: ${events:-none}"
}
