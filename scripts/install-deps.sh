#!/usr/bin/env bash
# Installs the system libraries Concord builds against, only when they are missing.
# libcurl (HTTP to the storefronts), SQLite (the catalog) and libpq (the PostgreSQL driver) come
# from Debian's packages; `--test` adds Chromium, in which a test renders the HTML audit. The
# PostgreSQL server the tests use is scripts/with-postgres.sh's business.
set -euo pipefail

missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists libcurl 2>/dev/null && [ ! -f /usr/include/x86_64-linux-gnu/curl/curl.h ] && [ ! -f /usr/include/curl/curl.h ]; then
  missing+=(libcurl4-openssl-dev)
fi
if [ ! -f /usr/include/sqlite3.h ]; then
  missing+=(libsqlite3-dev)
fi
if [ ! -f /usr/include/postgresql/libpq-fe.h ]; then
  missing+=(libpq-dev)
fi
# With --test, what only the tests need: Chromium, in which AuditInBrowserTests lays out the
# HTML audit and checks its figures (not needed to build or run Concord).
if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
  missing+=(chromium)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing ${missing[*]} (apt-get)..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
