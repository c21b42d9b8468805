#!/bin/sh
# xvfb_smoke.sh VAKSAM: the real binary in a real X server (Xvfb), driven
# by real key presses from xdotool: sign in from the keyboard, open the
# first lesson and answer its first decision; the database must show it.
set -eu
vaksam=$1
fail() { echo "FAIL: $*"; exit 1; }
for tool in Xvfb xdotool sqlite3; do
    command -v $tool >/dev/null || fail "$tool is missing (scripts/setup.sh --test installs it)"
done
tmp=$(mktemp -d)
display=":$((90 + $$ % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xpid=$!
cleanup() { kill $vpid $xpid 2>/dev/null || true; rm -rf "$tmp"; }
vpid=""
trap cleanup EXIT
export DISPLAY="$display"
i=0
until xdotool getmouselocation >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 50 ] || fail "Xvfb did not start"; sleep 0.1
done
db="$tmp/smoke.db"
"$vaksam" --db "$db" --user smoke --lang en --size 900x700 &
vpid=$!
i=0
until wid=$(xdotool search --classname '^vaksam$' 2>/dev/null | head -n 1) && [ -n "$wid" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || fail "no Vaksam window"; sleep 0.1
done
xdotool windowfocus --sync "$wid" 2>/dev/null || true
k() { xdotool key --window "$wid" --delay 60 "$@"; sleep 0.3; }
q() { sqlite3 "$db" "$1"; }
k Return                     # the first unit
n=$(q 'SELECT count(*) FROM units')
i=1
while [ $i -lt "$n" ]; do k Tab; i=$((i + 1)); done
k Tab space                  # Manager
k Tab Tab Return             # Start
[ "$(q "SELECT role FROM learners WHERE login = 'smoke'")" = manager ] ||
    fail "sign-in by keyboard did not store the learner"
k Return                     # open the first lesson
k Return                     # continue past the opening scene
k 1                          # answer the first decision
[ "$(q 'SELECT count(*) FROM answers')" = 1 ] || fail "the answer was not stored"
k Return Escape
kill -TERM $vpid            # what a session logout sends
wait $vpid || fail "vaksam exited with an error"
vpid=""
echo "1 passed, 0 failed"
