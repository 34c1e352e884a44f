#!/bin/sh
# PostgreSQL 15 of ai-stack-example/db: initialises the data directory on first start
# (superuser POSTGRES_USER with POSTGRES_PASSWORD, database POSTGRES_DB), then runs postgres.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
BIN=/usr/lib/postgresql/15/bin
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  pw=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$pw"
  "$BIN/initdb" -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f "$pw"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"${POSTGRES_DB:-app}\";" | "$BIN/postgres" --single -D "$PGDATA" postgres >/dev/null
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp
