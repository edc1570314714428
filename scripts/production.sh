#!/usr/bin/env bash
# A whole production-like Renkei on one machine: PostgreSQL, Redis, two gunicorn web nodes, two
# task workers and nginx in front, at http://127.0.0.1:$PORT. `make production` runs it.
# Every piece is the one production uses; only their addresses are all 127.0.0.1 here.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${PORT:-8000} WEB1_PORT=${WEB1_PORT:-8101} WEB2_PORT=${WEB2_PORT:-8102}
export PG_PORT=${PG_PORT:-54330} REDIS_PORT=${REDIS_PORT:-63790}
mkdir -p var/nginx/logs var/nginx/tmp
bash scripts/postgres.sh start
bash scripts/redis.sh start
[ -s var/secret_key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" >var/secret_key
export DEBUG=0 SECRET_KEY=$(cat var/secret_key)
export DATABASE_URL=${DATABASE_URL:-postgres://renkei:renkei@127.0.0.1:$PG_PORT/renkei}
export CACHE_URL=${CACHE_URL:-rediscache://127.0.0.1:$REDIS_PORT/1}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
# Plain http on this machine: no TLS in front, so no https redirect and no secure-only cookies.
export RENKEI_HTTPS=${RENKEI_HTTPS:-0}
# nginx is the only proxy whose X-Forwarded-For the nodes believe.
export RENKEI_TRUSTED_PROXIES=${RENKEI_TRUSTED_PROXIES:-127.0.0.1}
export RENKEI_DEMO=${RENKEI_DEMO:-1}
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py setup_demo
.venv/bin/python manage.py collectstatic --noinput -v 0
sed -e "s/@PORT@/$PORT/" -e "s/@WEB1_PORT@/$WEB1_PORT/" -e "s/@WEB2_PORT@/$WEB2_PORT/" \
  scripts/nginx.conf.in >var/nginx/nginx.conf
echo "Renkei (production profile) at http://127.0.0.1:$PORT — nodes :$WEB1_PORT and :$WEB2_PORT"
exec .venv/bin/honcho start -f Procfile
