#!/usr/bin/env bash
# A PostgreSQL cluster of its own for the benchmarks, on 127.0.0.1:54339 (user and password
# "renkei", database renkei_bench), so that the test suite's cluster (scripts/postgres.sh,
# started and stopped by `make test`) never stops under a benchmark. Its data (about 10 GB
# with the boards) lives in /var/tmp/renkei-bench-postgres; `stop` shuts it down, `drop`
# deletes the database. Settings as for a small dedicated server: 2 GB of shared buffers.
#
#   bash bench/postgres.sh start
#   export DATABASE_URL=postgres://renkei:renkei@127.0.0.1:54339/renkei_bench
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DATA=/var/tmp/renkei-bench-postgres
PORT=54339
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  RUN_AS=(runuser -u postgres -- env -C /)
fi
export PGPASSWORD=renkei
case "${1:-start}" in
  start)
    if [ ! -s "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"
      if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; fi
      pw=$(mktemp); echo renkei >"$pw"; chmod 644 "$pw"
      "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U renkei --pwfile="$pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pw"
    fi
    if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB" start >/dev/null
    fi
    "$BIN/psql" -h 127.0.0.1 -p $PORT -U renkei -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='renkei_bench'" | grep -q 1 \
      || "$BIN/createdb" -h 127.0.0.1 -p $PORT -U renkei renkei_bench
    echo "PostgreSQL ready: DATABASE_URL=postgres://renkei:renkei@127.0.0.1:$PORT/renkei_bench"
    ;;
  stop)
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null || true
    ;;
  drop)
    "$BIN/dropdb" -h 127.0.0.1 -p $PORT -U renkei --if-exists renkei_bench
    ;;
esac
