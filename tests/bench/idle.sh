#!/bin/sh
# idle.sh [SECONDS]: how much CPU an idle trainer window takes under X11
# (Xvfb), in milliseconds over SECONDS (default 10) after it has settled.
# Run on demand, like bench; the README quotes it.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-10}
dir=$(mktemp -d /tmp/vaksam-idle-XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$dir"' EXIT
display=:$((90 + $$ % 100))
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >"$dir/xvfb.log" 2>&1 &
xvfb=$!
sleep 1
DISPLAY=$display SDL_VIDEODRIVER=x11 XDG_STATE_HOME=$dir \
    "$here/build/vaksam" --db "$dir/idle.db" --user idle >"$dir/out.log" 2>&1 &
pid=$!
sleep 3 # started and drawn, its art too
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
a=$(ticks)
sleep "$secs"
b=$(ticks)
echo "idle window under X11: $(( (b - a) * 1000 / hz )) ms of CPU in $secs s"
