#!/bin/sh
# pg_pause.sh DIR stop|start: stops the server of the cluster pg_start.sh
# made in DIR without removing anything, or starts it again: for tests of
# a server that goes away and comes back (core/test_relay.c).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
cd /
# shellcheck source=tests/pg/pg_common.sh
. "$here/pg_common.sh"

pg_bin
pg_run
case ${2:-} in
stop) pg_stop_server ;;
start)
    user=$(owner_of "$run/data")
    as_user "$user" "$bin/pg_ctl" start -D "$run/data" -w -t 60 \
        </dev/null >>"$dir/server.log" 2>&1 || fail "the server did not start"
    ;;
*) fail "usage: pg_pause.sh DIR stop|start" ;;
esac
