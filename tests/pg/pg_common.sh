# shellcheck shell=sh disable=SC2034 # (its names are for the scripts)
# pg_common.sh: what pg_start.sh and pg_stop.sh share, sourced by both
# with DIR (the build tree's pg/) set. The cluster's files:
#
#   DIR/env, DIR/uri    how tests connect (0600; written by pg_start.sh)
#   DIR/server.log      the server's output (kept after pg_stop.sh)
#   RUN/data            the cluster (0700, owned by the server's user)
#   RUN/sock            its Unix socket, the only way in (no TCP)
#
# RUN is DIR, unless the server's user cannot reach DIR (a build tree under
# /root when the suite runs as root) or the socket's path would be too long
# for a Unix socket; then it is a private directory under /tmp, named in
# DIR/run, with a file .vaksam-pg naming DIR back, so that pg_stop.sh only
# ever removes a directory pg_start.sh made.

# The port only names the socket (.s.PGSQL.PORT); it is not the default
# 5432, so a test that forgot the socket directory reaches no server at
# all rather than the machine's own.
port=55432
admin=vaksam_admin
database=vaksam_test

fail() {
    echo "$0: $*" >&2
    exit 1
}

# The server programs of the newest PostgreSQL installed (Debian's layout).
pg_bin() {
    bin=""
    for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -n); do
        if [ -x "/usr/lib/postgresql/$v/bin/initdb" ] &&
           [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] &&
           [ -x "/usr/lib/postgresql/$v/bin/psql" ]; then
            bin=/usr/lib/postgresql/$v/bin
        fi
    done
    [ -n "$bin" ] || fail "no PostgreSQL server in /usr/lib/postgresql/*/bin;" \
        "install it with: sh scripts/setup.sh --test (Debian's postgresql)"
}

# Where the cluster of DIR lives (see above).
pg_run() {
    run=$dir
    if [ -f "$dir/run" ]; then
        run=$(cat "$dir/run")
        if [ ! -f "$run/.vaksam-pg" ] ||
           [ "$(cat "$run/.vaksam-pg")" != "$dir" ]; then
            fail "$dir/run names $run, which is not this build tree's cluster"
        fi
    fi
}

# The owner of a file, by name.
owner_of() {
    ls -ld "$1" | awk '{ print $3 }'
}

# Runs a command as USER: the current user as it is, another only as root.
as_user() {
    user=$1
    shift
    if [ "$user" = "$(id -un)" ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u "$user" -- "$@"
    else
        fail "the cluster belongs to $user; only $user or root can stop it"
    fi
}

# Whether the server of RUN/data runs: its process exists and is not a
# zombie (a killed server that nobody has reaped yet is gone).
pg_alive() {
    pid=$(head -n 1 "$run/data/postmaster.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
    state=$(sed 's/.*) \(.\).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# Stops the server of RUN/data if one runs, fast or else at once, and fails
# when it still runs after that. (The scripts run from /, which every user
# can reach.)
pg_stop_server() {
    pg_alive || return 0
    user=$(owner_of "$run/data")
    as_user "$user" "$bin/pg_ctl" stop -D "$run/data" -m fast -w -t 30 -s ||
        true
    if pg_alive; then
        as_user "$user" "$bin/pg_ctl" stop -D "$run/data" -m immediate \
            -w -t 30 -s || true
    fi
    ! pg_alive || fail "could not stop the server of $run/data (pid $pid)"
    echo "stopped the server of $run/data"
}

# Removes the cluster and what tests read, keeping DIR and its log.
pg_remove() {
    rm -rf "$run/data" "$run/sock" "$run/pwfile"
    if [ "$run" != "$dir" ]; then
        rm -rf "$run"
    fi
    rm -f "$dir/run" "$dir/env" "$dir/uri"
}
