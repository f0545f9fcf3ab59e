#!/usr/bin/env bash
# pg.sh starts a throwaway PostgreSQL cluster in a temporary directory for tests and
# prints its connection URL. `scripts/pg.sh stop DIR` stops it.
# PostgreSQL refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bindir/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found" >&2; exit 1; }

if [ "${1:-}" = "stop" ]; then
  dir=$2
  as=""; [ "$(id -u)" -eq 0 ] && as="runuser -u postgres --"
  $as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir=$(mktemp -d /tmp/bawaba-pg.XXXXXX)
as=""
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as="runuser -u postgres --"
fi
# A free port on loopback.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)
$as "$bindir/initdb" -D "$dir/data" -A trust -U bawaba --no-sync >/dev/null
$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
$as "$bindir/createdb" -h 127.0.0.1 -p "$port" -U bawaba bawaba_test
echo "DIR=$dir"
echo "URL=postgres://bawaba@127.0.0.1:$port/bawaba_test?sslmode=disable"
