#!/bin/sh
# pg_start.sh DIR: the ctest fixture pg.start. Makes a fresh, throwaway
# PostgreSQL cluster for this build tree's tests and starts its server:
# listening only on a Unix socket in a directory of its own (no TCP),
# scram-sha-256 passwords for every role, a superuser vaksam_admin with a
# new random password, and a database vaksam_test. Tests read how to
# connect from DIR/uri (one postgresql:// URI, for libpq) or DIR/env
# (PGHOST=... lines, for sh). A cluster left by an interrupted run is
# stopped and removed first. Run as root, the server runs as Debian's
# postgres user (initdb refuses root). Any failure exits 1 with the
# reason and the server's log: never a skip. The layout: pg_common.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
cd /
# shellcheck source=tests/pg/pg_common.sh
. "$here/pg_common.sh"

# Nothing from the caller's environment steers psql or the server.
for v in $(env | sed -n 's/^\(PG[A-Z_]*\)=.*/\1/p'); do
    unset "$v"
done

pg_bin
mkdir -p "$dir"
pg_run
pg_stop_server
pg_remove
run=$dir
: >"$dir/server.log"

# Who runs the server, and whether it can reach DIR and its socket.
if [ "$(id -u)" -eq 0 ]; then
    user=postgres
    id -u "$user" >/dev/null 2>&1 ||
        fail "no user $user to run the server as (root may not):" \
            "install Debian's postgresql (sh scripts/setup.sh --test)"
    chmod 755 "$dir"
    reachable=yes
    for u in "$user" nobody; do
        if id -u "$u" >/dev/null 2>&1 && ! runuser -u "$u" -- test -x "$dir"
        then
            reachable=no # tests that drop to nobody use the socket too
        fi
    done
    sock_mode=755
else
    user=$(id -un)
    reachable=yes
    sock_mode=700
fi
# a Unix socket's path has at most 107 bytes
long=$(printf '%s' "$dir/sock/.s.PGSQL.$port" | wc -c)
if [ "$reachable" = no ] || [ "$long" -gt 107 ]; then
    run=$(mktemp -d "${TMPDIR:-/tmp}/vaksam-pg.XXXXXX")
    chmod 755 "$run"
    printf '%s\n' "$dir" >"$run/.vaksam-pg"
    printf '%s\n' "$run" >"$dir/run"
fi
mkdir -m 700 "$run/data"
mkdir -m "$sock_mode" "$run/sock"
chown "$user" "$run/data" "$run/sock"

log=$dir/server.log
died() {
    echo "$0: $*; the server's log, $log:" >&2
    cat "$log" >&2
    exit 1
}

# A new password each run, given to initdb in a file only the server's
# user can read, and removed at once.
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
[ ${#password} -eq 32 ] || fail "could not read /dev/urandom"
(umask 077 && printf '%s\n' "$password" >"$run/pwfile")
chown "$user" "$run/pwfile"
echo "initdb ($bin, as $user):" >>"$log"
as_user "$user" "$bin/initdb" -D "$run/data" -U "$admin" \
    --pwfile="$run/pwfile" --auth=scram-sha-256 -E UTF8 --no-locale \
    --no-sync --no-instructions >>"$log" 2>&1 || died "initdb failed"
rm -f "$run/pwfile"

# Settings later in the file win over initdb's. A throwaway cluster needs
# no durability: fsync off makes CREATE DATABASE cheap.
quoted=$(printf '%s' "$run/sock" | sed "s/'/''/g")
cat >>"$run/data/postgresql.conf" <<EOF

# pg_start.sh: the test suite's throwaway server
listen_addresses = ''
port = $port
unix_socket_directories = '$quoted'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# The server's output goes to the log, which this shell opens, so the
# server holds neither ctest's pipes nor a path it could not reach.
echo "pg_ctl start:" >>"$log"
as_user "$user" "$bin/pg_ctl" start -D "$run/data" -w -t 60 \
    </dev/null >>"$log" 2>&1 || died "the server did not start"

PGPASSWORD=$password "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$run/sock" \
    -p "$port" -U "$admin" -d postgres -c "CREATE DATABASE $database" \
    >>"$log" 2>&1 || died "could not create the database $database"

# Percent-encodes a URI component (RFC 3986: all but the unreserved).
pct() {
    printf '%s' "$1" | od -An -v -tx1 | tr 'a-f' 'A-F' | tr -s ' \n' '\n\n' |
        while read -r h; do
            case $h in
            '') ;;
            2[DE] | 3[0-9] | [46][1-9A-F] | [57][0-9A] | 5F | 7E)
                # shellcheck disable=SC2059 # an octal escape, made here
                printf "\\$(printf '%03o' "0x$h")" ;;
            *) printf '%%%s' "$h" ;;
            esac
        done
}

uri="postgresql://$admin:$password@$(pct "$run/sock"):$port/$database"
(
    umask 077
    printf '%s\n' "$uri" >"$dir/uri"
    qhost=$(printf '%s' "$run/sock" | sed "s/'/'\\\\''/g")
    cat >"$dir/env" <<EOF
PGHOST='$qhost'
PGPORT=$port
PGUSER=$admin
PGPASSWORD=$password
PGDATABASE=$database
EOF
)

# What the tests will do: connect by the URI, by password.
who=$("$bin/psql" -X -At -d "$uri" -c "SELECT current_user" 2>>"$log") ||
    died "could not connect by $dir/uri"
[ "$who" = "$admin" ] || died "connected by $dir/uri as '$who', not $admin"
echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{ print $3 }') for the tests:" \
    "socket in $run/sock (port $port), server run as $user, $dir/uri"
