#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: its own data folder, a loopback TCP port, trust auth, no system service.
#   throwaway.sh start <dir> <port>   init (first time) and start; prints the Npgsql connection string on stdout
#   throwaway.sh stop <dir>           stop it fast (the folder stays; delete it yourself)
# PostgreSQL refuses to run as root: as root, the cluster runs as the 'postgres' user that Debian's package creates.
set -euo pipefail
cmd=${1:?usage: throwaway.sh start <dir> <port> | stop <dir>}
dir=${2:?data folder}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "throwaway.sh: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; run 'make deps' (installs Debian's postgresql) or set PG_BIN" >&2
  exit 1
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U lake --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { echo "throwaway.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Sockets in the cluster's own folder: two clusters never collide on /tmp/.s.PGSQL.<port>.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { echo "throwaway.sh: the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=lake;Database=postgres;Pooling=true"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  *)
    echo "usage: throwaway.sh start <dir> <port> | stop <dir>" >&2; exit 2 ;;
esac
