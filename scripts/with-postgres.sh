#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server, for the tests that need one:
#
#   scripts/with-postgres.sh swift test --filter PostgresClientTests
#
# The server lives in a fresh temporary directory, listens on 127.0.0.1 only, on a free port,
# with trust authentication (fine for a server reachable from this machine only, for the length
# of one command), and has one database, concord_test. The command sees
# CONCORD_TEST_POSTGRES_URL=postgres://concord@127.0.0.1:PORT/concord_test.
# However the command ends, the server is stopped and the directory removed; the script exits
# with the command's status.
#
# PostgreSQL's server refuses to run as root (initdb and postgres both check), and CI runs as
# root: then the server runs as the unprivileged user `nobody`, which owns the temporary
# directory. Anyone else runs it as themselves.
#
# The server (Debian's postgresql) and libpq-dev are installed with apt-get when missing.
# With CONCORD_TEST_POSTGRES_URL already set, the command runs against that server instead.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [ -n "${CONCORD_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

# --- Find (or install) initdb and pg_ctl --------------------------------------------------
# Debian keeps the server's programs in /usr/lib/postgresql/<version>/bin, off PATH; take the
# newest version there, else whatever PATH has.
find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
  fi
}

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -f /usr/include/postgresql/libpq-fe.h ]; then
  echo "with-postgres: installing postgresql and libpq-dev (apt-get)..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql libpq-dev
  bindir=$(find_bindir)
  if [ -z "$bindir" ]; then
    echo "with-postgres: initdb and pg_ctl are still not to be found after installing postgresql" >&2
    exit 1
  fi
fi

# --- Who runs the server ----------------------------------------------------------------
as_server_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  server_user=nobody
  if command -v runuser >/dev/null 2>&1; then
    as_server_user() { runuser -u "$server_user" -- "$@"; }
  else
    as_server_user() { su -s /bin/sh "$server_user" -c "$(printf '%q ' "$@")"; }
  fi
fi

# --- The temporary directory, and cleaning up whatever happens ---------------------------
caller_dir=$(pwd)
# As root, in /tmp: `nobody` must be able to reach the directory, and a TMPDIR under /root it could not.
tmp_base=${TMPDIR:-/tmp}
if [ "$(id -u)" -eq 0 ]; then tmp_base=/tmp; fi
workdir=$(mktemp -d "$tmp_base/concord-pg.XXXXXX")
data="$workdir/data"
log="$workdir/server.log"
started=0

cleanup() {
  if [ "$started" -eq 1 ]; then
    # Fast shutdown: disconnects clients and stops; immediate if that does not finish in time.
    (cd "$workdir" && as_server_user "$bindir/pg_ctl" -D "$data" -m fast -t 30 -w stop >/dev/null 2>&1) ||
      (cd "$workdir" && as_server_user "$bindir/pg_ctl" -D "$data" -m immediate -t 30 -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  chown "$server_user" "$workdir"
fi
# The server's processes start in this directory; the caller's may be closed to `nobody`.
cd "$workdir"

# --- initdb and start ---------------------------------------------------------------------
as_server_user "$bindir/initdb" -D "$data" --username=concord --auth=trust --encoding=UTF8 --no-locale \
  --no-sync >"$workdir/initdb.log" 2>&1 || {
  cat "$workdir/initdb.log" >&2
  echo "with-postgres: initdb failed (log above)" >&2
  exit 1
}

# A port the kernel says is free now; retried if the server loses it to someone else first.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    echo $((20000 + RANDOM % 40000))
}

port=""
for attempt in 1 2 3; do
  candidate=$(free_port)
  # No fsync and no durability: the data is thrown away at exit, and tests run faster.
  if as_server_user "$bindir/pg_ctl" -D "$data" -l "$log" -W \
    -o "-c listen_addresses=127.0.0.1 -p $candidate -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB" \
    start >/dev/null; then
    started=1
    # Readiness: poll pg_isready (bounded to about 30 s), giving up early if the postmaster
    # has died (its pid is in postmaster.pid once it has started).
    for _ in $(seq 1 120); do
      if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$candidate"; then
        port=$candidate
        break
      fi
      pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      sleep 0.25
    done
  fi
  [ -n "$port" ] && break
  echo "with-postgres: the server did not start on port $candidate (attempt $attempt):" >&2
  tail -n 20 "$log" >&2 2>/dev/null || true
  if [ "$started" -eq 1 ] && as_server_user "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1; then
    started=0
  fi
done
if [ -z "$port" ]; then
  echo "with-postgres: could not start PostgreSQL; see the log above" >&2
  exit 1
fi

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U concord concord_test

export CONCORD_TEST_POSTGRES_URL="postgres://concord@127.0.0.1:$port/concord_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $workdir)" >&2

# --- The command, from the caller's directory ---------------------------------------------
cd "$caller_dir"
set +e
"$@"
status=$?
set -e
exit "$status"
