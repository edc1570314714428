#!/usr/bin/env bash
# Installs the Debian packages Renkei needs, only those missing: Chromium for the browser tests,
# PostgreSQL, Redis, nginx, gettext, npm (axe-core), poppler-utils (reading invoice PDFs in tests), the venv
# module. `--bench` adds wrk for the benchmarks, and Postfix's smtp-sink (see below).
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v msgfmt >/dev/null || need+=(gettext)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v npm >/dev/null || need+=(npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# The Japanese character maps pdftotext needs to read the invoices' Japanese text.
[ -d /usr/share/poppler/cidToUnicode ] || need+=(poppler-data)
# The production profile and the several-machines tests: Redis, and nginx as the load balancer.
command -v redis-server >/dev/null || need+=(redis-server)
command -v nginx >/dev/null || need+=(nginx)
# Debian's python3 keeps venv (ensurepip) in a package of its own.
if [ "$(command -v python3)" = /usr/bin/python3 ]; then
  python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
fi
if [ "${1:-}" = --bench ]; then
  command -v wrk >/dev/null || need+=(wrk)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Postfix's smtp-sink, a mail server that accepts and discards mail, made for measuring senders
# (bench/fanout.py): unpacked from Debian's postfix package into var/postfix, without installing
# or starting the mail system itself.
if [ "${1:-}" = --bench ] && [ ! -x var/postfix/usr/sbin/smtp-sink ]; then
  mkdir -p var/postfix
  (cd var && { apt-get download postfix 2>/dev/null || { $SUDO apt-get update -qq && apt-get download postfix; }; })
  dpkg-deb -x var/postfix_*.deb var/postfix
  rm -f var/postfix_*.deb
fi
