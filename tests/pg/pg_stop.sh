#!/bin/sh
# pg_stop.sh DIR: the ctest fixture pg.stop. Stops the server pg_start.sh
# started for this build tree and removes its cluster, its socket and the
# connection files; DIR/server.log stays for a look afterwards. Nothing
# there is fine; a server that will not stop fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
cd /
# shellcheck source=tests/pg/pg_common.sh
. "$here/pg_common.sh"

[ -d "$dir" ] || exit 0
pg_bin
pg_run
pg_stop_server
pg_remove
echo "stopped and removed the cluster of $dir"
