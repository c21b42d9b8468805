#!/bin/sh
# readme_commands.sh SRC: the README's two commands, as written.
# - .ci/run runs exactly the README's test command;
# - on a clean clone, the README's run command installs, builds and starts
#   the trainer, which creates the database with the demo organisation and
#   exits cleanly when asked to close (SIGTERM is SDL's quit request).
# The test command itself is what CI runs, so it is not run again here.
set -eu
src=$1
readme="$src/README.md"
fail() { echo "FAIL: $*"; exit 1; }

# The two commands are the first two lines of the first code block.
block=$(awk '/^```/{n++; next} n==1' "$readme")
run_cmd=$(echo "$block" | sed -n 1p)
test_cmd=$(echo "$block" | sed -n 2p)
echo "run command:  $run_cmd"
echo "test command: $test_cmd"
[ -n "$run_cmd" ] && [ -n "$test_cmd" ] || fail "README has no command block"
ci_cmd=$(grep -vE '^\s*(#|$|set |cd )' "$src/.ci/run" | tail -n 1)
[ "$ci_cmd" = "$test_cmd" ] || fail ".ci/run runs '$ci_cmd', README says '$test_cmd'"

command -v git >/dev/null || fail "git is missing"
git -C "$src" rev-parse HEAD >/dev/null 2>&1 || fail "$src is not a git checkout"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone --quiet "$src" "$tmp/clone"
cd "$tmp/clone"
export SDL_VIDEODRIVER=dummy VAKSAM_DB="$tmp/data/vaksam.db"
sh -c "exec $run_cmd" >"$tmp/run.log" 2>&1 &
pid=$!
# wait for the trainer to create its database (the build comes first)
i=0
while [ $i -lt 600 ]; do
    if [ -f "$VAKSAM_DB" ] && kill -0 $pid 2>/dev/null &&
       [ "$(sqlite3 "$VAKSAM_DB" 'SELECT count(*) FROM units' 2>/dev/null)" = 9 ]; then
        break
    fi
    kill -0 $pid 2>/dev/null || { cat "$tmp/run.log"; fail "the run command exited early"; }
    sleep 1
    i=$((i + 1))
done
[ $i -lt 600 ] || { kill $pid; fail "no database after 10 minutes"; }
sleep 1
kill -TERM $pid
status=0
wait $pid || status=$?
tail -n 5 "$tmp/run.log"
[ $status -eq 0 ] || fail "the trainer exited with status $status on SIGTERM"
echo "demo units: $(sqlite3 "$VAKSAM_DB" 'SELECT group_concat(name, ", ") FROM units')"
echo "1 passed, 0 failed"
