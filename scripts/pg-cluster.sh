#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster for the tests, from the machine's own
# binaries: initdb into a temporary folder, loopback only, a free port, trust auth.
# Tests run it with fsync off; LUCO_PG_DURABLE=1 keeps PostgreSQL's durable defaults (benchmarks).
#   eval "$(bash scripts/pg-cluster.sh start)"   # exports LUCO_TEST_PG_URL and LUCO_TEST_PG_DIR
#   bash scripts/pg-cluster.sh stop "$LUCO_TEST_PG_DIR"
set -euo pipefail

find_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/$1" ] && { echo "$dir/$1"; return 0; }
  done
  return 1
}

case "${1:-}" in
  start)
    initdb=$(find_bin initdb) || { echo "echo 'pg-cluster: no initdb on this machine' >&2"; exit 0; }
    pg_ctl=$(find_bin pg_ctl)
    dir=$(mktemp -d /tmp/luco-pg.XXXXXX)
    chmod 755 "$dir"
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    run_as=()
    if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; run_as=(runuser -u postgres --); fi
    fsync="-c fsync=off"
    [ "${LUCO_PG_DURABLE:-}" = "1" ] && fsync=""
    "${run_as[@]}" "$initdb" -D "$dir/data" -A trust -U luco --no-sync >"$dir/initdb.log" 2>&1
    "${run_as[@]}" "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $fsync -c max_connections=300" start >/dev/null
    echo "export LUCO_TEST_PG_URL=postgres://luco@127.0.0.1:$port/postgres"
    echo "export LUCO_TEST_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-cluster.sh stop DIR}
    pg_ctl=$(find_bin pg_ctl)
    run_as=()
    if [ "$(id -u)" = "0" ]; then run_as=(runuser -u postgres --); fi
    "${run_as[@]}" "$pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
