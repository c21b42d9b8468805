#!/bin/sh
# xvfb_smoke.sh VAKSAM: the real binary in a real X server (Xvfb), driven
# by real key presses from xdotool: sign in from the keyboard, open the
# first lesson and answer its first decision; the database must show it.
set -eu
vaksam=$1
tmp=""
logs() {
    [ -n "$tmp" ] || return 0
    echo "--- vaksam's output:"; cat "$tmp/vaksam.log" 2>/dev/null || true
    echo "--- Xvfb's output:"; cat "$tmp/xvfb.log" 2>/dev/null || true
}
fail() { echo "FAIL: $*"; logs; exit 1; }
for tool in Xvfb xdotool sqlite3; do
    command -v $tool >/dev/null || fail "$tool is missing (scripts/setup.sh --test installs it)"
done
tmp=$(mktemp -d)
vpid=""
xpid=""
cleanup() { kill $vpid $xpid 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
# Xvfb picks a free display itself and writes its number once it accepts
# connections, so no two runs on one machine can meet on the same display.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
    3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xpid=$!
i=0
until [ -s "$tmp/display" ]; do
    i=$((i + 1))
    kill -0 $xpid 2>/dev/null || fail "Xvfb exited"
    [ $i -lt 300 ] || fail "Xvfb did not start in 30 s"
    sleep 0.1
done
export DISPLAY=":$(head -n 1 "$tmp/display")"
# The X11 driver only: if it cannot connect, SDL must say so rather than
# fall through to Wayland or KMS/DRM and run where no one can see it.
export SDL_VIDEODRIVER=x11
unset WAYLAND_DISPLAY
# no configuration of this machine or of whoever runs the test
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME="$tmp/state" # what the window saves, and reads
db="$tmp/smoke.db"
"$vaksam" --db "$db" --user smoke --lang en --size 900x700 >"$tmp/vaksam.log" 2>&1 &
vpid=$!
i=0
# Only a mapped window: vaksam shows its window once the first frame is
# ready, after SDL may have replaced it while making the renderer.
until wid=$(xdotool search --onlyvisible --classname '^vaksam$' 2>/dev/null | head -n 1) && [ -n "$wid" ]; do
    i=$((i + 1))
    kill -0 $vpid 2>/dev/null || fail "vaksam exited before its window appeared"
    [ $i -lt 300 ] || fail "no Vaksam window on $DISPLAY after 30 s"
    sleep 0.1
done
xdotool windowfocus --sync "$wid" 2>/dev/null || true
k() {
    xdotool key --window "$wid" --delay 60 "$@" 2>"$tmp/xdotool.log" ||
        fail "could not send keys $* to window $wid: $(cat "$tmp/xdotool.log")"
    sleep 0.3
}
q() { sqlite3 "$db" "$1"; }
# expect SQL VALUE MESSAGE: the app works through its keys at its own pace
# on a loaded machine, so poll the database for up to 20 s.
expect() {
    j=0
    until [ "$(q "$1")" = "$2" ]; do
        j=$((j + 1)); [ $j -lt 200 ] || fail "$3"; sleep 0.1
    done
}
k Tab Return                 # past the unit search, the first unit
n=$(q 'SELECT count(*) FROM units')
i=1
while [ $i -lt "$n" ]; do k Tab; i=$((i + 1)); done
k Tab space                  # Manager
k Tab Tab Return             # Start
expect "SELECT role FROM learners WHERE login = 'smoke'" manager \
    "sign-in by keyboard did not store the learner"
k Return                     # open the first lesson
k Return                     # continue past the opening scene
k 1                          # answer the first decision
expect 'SELECT count(*) FROM answers' 1 "the answer was not stored"
k Return Escape
kill -TERM $vpid            # what a session logout sends
wait $vpid || fail "vaksam exited with an error"
vpid=""
echo "1 passed, 0 failed"
