#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the test suite on 127.0.0.1:54329 (user and
# password "renkei"), owned by the project, under var/postgres. `stop` shuts it down.
# PG_PORT=N runs another cluster (under var/postgres-N), as the production profile does.
# As root it runs the server as the postgres user (PostgreSQL refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${PG_PORT:-54329}
DATA=$PWD/var/postgres
[ "$PORT" = 54329 ] || DATA=$PWD/var/postgres-$PORT
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  RUN_AS=(runuser -u postgres -- env -C /)
  # A checkout under /root is out of the postgres user's reach: keep the cluster in /var/tmp.
  mkdir -p var
  if ! "${RUN_AS[@]}" test -x "$PWD/var"; then
    DATA=/var/tmp/renkei-postgres-$(echo "$PWD:$PORT" | cksum | cut -d' ' -f1)
  fi
fi
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
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    fi
    PGPASSWORD=renkei "$BIN/psql" -h 127.0.0.1 -p $PORT -U renkei -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='renkei'" | grep -q 1 \
      || PGPASSWORD=renkei "$BIN/createdb" -h 127.0.0.1 -p $PORT -U renkei renkei
    echo "PostgreSQL ready on 127.0.0.1:$PORT"
    ;;
  stop)
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null || true
    ;;
esac
