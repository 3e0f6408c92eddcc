#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1 for the tests and print its URL.
# Usage: bash .ci/postgres.sh [PORT] [DATADIR]    (needs Debian's postgresql package)
set -euo pipefail
port="${1:-55432}"
datadir="${2:-/tmp/evaldash-pg}"
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if ! run_as_postgres "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  rm -rf "$datadir"
  mkdir -p "$datadir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$datadir"
  run_as_postgres "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_as_postgres "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
