#!/usr/bin/env bash
# A throwaway PostgreSQL for `make up`: a fresh scratch cluster (trust auth, loopback only) that lives as long
# as `make up` and is deleted when it stops. Uses the machine's own server binaries (Debian: apt install
# postgresql). The data folder sits in TMPDIR because, run as root, the server runs as the postgres user,
# which cannot enter a checkout under /root.
set -euo pipefail
port="${1:?usage: local-postgres.sh PORT}"
bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || bin="$(dirname "$(command -v postgres || echo /nonexistent/postgres)")"
[ -x "$bin/postgres" ] || { echo "no PostgreSQL server binaries found (apt install postgresql)" >&2; exit 1; }
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi
data="$(mktemp -d "${TMPDIR:-/tmp}/make-up-postgresql.XXXXXX")"
trap 'rm -rf "$data"' EXIT
[ "${#as_owner[@]}" -eq 0 ] || chown postgres "$data"
cd "$data"  # the postgres user may not enter the checkout it was started from
"${as_owner[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
"${as_owner[@]}" "$bin/postgres" -D "$data" -k "$data" -p "$port" -c listen_addresses=127.0.0.1 &
server=$!
# SIGINT is PostgreSQL's fast shutdown: open sessions are ended instead of waited for.
trap 'kill -INT "$server" 2>/dev/null || true' TERM INT
wait "$server" || wait "$server" || true
