#!/usr/bin/env bash
# Starts a throwaway single-node Ceph cluster on 127.0.0.1 for `npm run test:s3`: one mon, one memstore OSD
# (objects live in memory), auth none, and radosgw (the S3 gateway) with one user made by radosgw-admin.
# Needs Debian's radosgw ceph-mon ceph-osd (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-mgr).
#
# Prints shell exports (S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) on stdout, so:
#   eval "$(bash scripts/radosgw-start.sh)"
# and writes them to $TALLY_RGW_DIR/env too. The PIDs it started are recorded in $TALLY_RGW_DIR/pids;
# scripts/radosgw-stop.sh stops exactly those. Progress and errors go to stderr.
set -euo pipefail

DIR="${TALLY_RGW_DIR:-/tmp/tally-radosgw}"
PORT="${TALLY_RGW_PORT:-7480}"
MON_PORT="${TALLY_RGW_MON_PORT:-6789}"
ACCESS_KEY="${TALLY_RGW_ACCESS_KEY:-TALLYTESTACCESSKEY01}"
SECRET_KEY="${TALLY_RGW_SECRET_KEY:-tally-test-secret-key-not-for-production}"

log() { echo "radosgw-start: $*" >&2; }
fail() {
  log "$*"
  for f in "$DIR"/log/*.log; do [ -f "$f" ] && { echo "--- $f (last lines)" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}

for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph; do
  command -v "$tool" >/dev/null || fail "$tool not found; install: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-mgr"
done
if [ -f "$DIR/pids" ] && [ -s "$DIR/pids" ]; then
  fail "$DIR/pids exists: a gateway from an earlier start may still run; run scripts/radosgw-stop.sh first"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then fail "port $PORT is taken; set TALLY_RGW_PORT"; fi
if (exec 3<>"/dev/tcp/127.0.0.1/$MON_PORT") 2>/dev/null; then fail "port $MON_PORT is taken; set TALLY_RGW_MON_PORT"; fi

rm -rf "$DIR"
mkdir -p "$DIR"/{mon,osd,run,log,rgw}
: >"$DIR/pids"
FSID="$(cat /proc/sys/kernel/random/uuid)"
CONF="$DIR/ceph.conf"
cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
keyring = $DIR/keyring
osd objectstore = memstore
memstore device bytes = 2147483648
osd data = $DIR/osd
mon data = $DIR/mon
rgw data = $DIR/rgw
[client.rgw.tally]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw dns name = 127.0.0.1
rgw enable usage log = false
rgw thread pool size = 64
CONF

export CEPH_CONF="$CONF"
ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
# --addv with an explicit v1 address: with plain --add, monmaptool assumes msgr v2 for any port but 6789,
# while "mon host" above (and every client) speaks v1.
monmaptool --create --addv a "[v1:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$DIR/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring" 2>>"$DIR/log/setup.log" ||
  fail "ceph-mon --mkfs failed"

start() { # name, command...: runs in the foreground mode of the daemon, in the background of this shell
  local name="$1"
  shift
  "$@" >>"$DIR/log/$name.out" 2>&1 &
  local pid=$!
  echo "$pid $name" >>"$DIR/pids"
  log "started $name (pid $pid)"
}

start mon ceph-mon -c "$CONF" -f -i a
for _ in $(seq 1 60); do ceph -c "$CONF" --connect-timeout 2 mon stat >/dev/null 2>&1 && break; sleep 0.5; done
ceph -c "$CONF" --connect-timeout 5 mon stat >/dev/null 2>&1 || fail "mon did not come up"

# memstore keeps the uuid it chose at mkfs (not --osd-uuid), so the OSD is registered under that one.
OSD_ID=0
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs 2>>"$DIR/log/setup.log" >/dev/null || fail "ceph-osd --mkfs failed"
ceph -c "$CONF" osd new "$(cat "$DIR/osd/fsid")" "$OSD_ID" >/dev/null || fail "ceph osd new failed"
start osd ceph-osd -c "$CONF" -f -i "$OSD_ID"
alive() { kill -0 "$(grep " $1\$" "$DIR/pids" | cut -d' ' -f1)" 2>/dev/null; }
for _ in $(seq 1 120); do
  ceph -c "$CONF" osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up" && break
  alive osd || fail "ceph-osd exited"
  sleep 0.5
done
ceph -c "$CONF" osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up" || fail "osd.$OSD_ID did not come up"

start rgw radosgw -c "$CONF" -f -n client.rgw.tally
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  alive rgw || fail "radosgw exited"
  sleep 0.5
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || fail "radosgw did not listen on 127.0.0.1:$PORT"

radosgw-admin -c "$CONF" user create --uid tally --display-name "Tally tests" \
  --access-key "$ACCESS_KEY" --secret "$SECRET_KEY" >/dev/null 2>>"$DIR/log/setup.log" || fail "radosgw-admin user create failed"

cat >"$DIR/env" <<ENV
export S3_ENDPOINT=http://127.0.0.1:$PORT
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
ENV
log "gateway ready at http://127.0.0.1:$PORT (pids in $DIR/pids)"
cat "$DIR/env"
