#!/usr/bin/env bash
# Stops exactly the processes scripts/radosgw-start.sh recorded in $TALLY_RGW_DIR/pids (gateway first, mon
# last), waits for them to exit, and removes the cluster's folder. Safe to run when nothing is running.
set -uo pipefail

DIR="${TALLY_RGW_DIR:-/tmp/tally-radosgw}"
PIDS="$DIR/pids"
if [ ! -f "$PIDS" ]; then
  echo "radosgw-stop: nothing recorded in $PIDS" >&2
  exit 0
fi

# Reverse start order: rgw, osd, mon.
mapfile -t entries < <(tac "$PIDS")
for entry in "${entries[@]}"; do
  pid="${entry%% *}"
  name="${entry#* }"
  [ -n "$pid" ] || continue
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "radosgw-stop: $name (pid $pid) ignored TERM; sending KILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "radosgw-stop: stopped $name (pid $pid)" >&2
  fi
done
rm -f "$PIDS"
if [ "${TALLY_RGW_KEEP:-}" = "" ]; then rm -rf "$DIR"; fi
