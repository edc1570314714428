#!/usr/bin/env bash
# Starts a Redis server of the project's own on 127.0.0.1 (port $REDIS_PORT, 63790 by default),
# with its data under var/redis; `stop` shuts it down. Debian's redis-server (scripts/system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${REDIS_PORT:-63790}
DATA=$PWD/var/redis-$PORT
case "${1:-start}" in
  start)
    mkdir -p "$DATA"
    if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
      redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DATA" --daemonize yes \
        --pidfile "$DATA/redis.pid" --logfile "$DATA/redis.log" --save "" --appendonly no >/dev/null
      for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "Redis ready on 127.0.0.1:$PORT"
    ;;
  stop)
    redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
esac
