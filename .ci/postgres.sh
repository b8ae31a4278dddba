# Sourced by .ci/run: a throwaway PostgreSQL cluster in a temp dir, on a free loopback port.
# Sets TALENTTUI_TEST_DATABASE_URL (the maintenance database; tests create their own) and
# stops the cluster on exit. Installs Debian's postgresql when initdb is missing.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.

pg_bin() {
    local found
    found=$(command -v initdb || true)
    if [ -z "$found" ]; then
        found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
        [ -n "$found" ] && found="$found/initdb"
    fi
    [ -n "$found" ] && dirname "$(readlink -f "$found")"
}

PG_BIN=$(pg_bin)
if [ -z "$PG_BIN" ]; then
    echo "postgres: installing Debian's postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(pg_bin)
fi

PG_DIR=$(mktemp -d /tmp/talenttui-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
chmod 700 "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U talenttui --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
printf 'host all all 127.0.0.1/32 trust\n' >"$PG_DIR/data/pg_hba.conf"

stop_postgres() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start >/dev/null
export TALENTTUI_TEST_DATABASE_URL="postgresql+asyncpg://talenttui@127.0.0.1:$PG_PORT/postgres"
echo "postgres: $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT"
