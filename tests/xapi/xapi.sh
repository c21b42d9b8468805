#!/bin/sh
# xapi.sh VAKSAM DIR NPM_DIR CHEAP_HASH: `vaksam xapi export` and `xapi
# send` as a CISO meets them. DIR is tests/xapi (package.json and its
# lock pin the test tools); NPM_DIR is where `npm ci` installs them, the
# one use of the network (skipped when the lock there is the same). Every
# exported statement goes through Learning Locker's validation rules, the
# statements go to a real LRS (xapi-statements, in memory, on a free port
# of 127.0.0.1) and are read back, and a stand-in LRS refuses a batch
# mid-way to see the next run go on from there. Fails, never skips, when
# the tools cannot be installed.
set -u
vaksam=$1
here=$2
npm_dir=$3
cheap_hash=$4
. "$(dirname "$0")/../cli/check.sh"
. "$(dirname "$0")/flaky.sh"
pw="xapi test password"
as_ciso() { printf '%s\n' "$pw" | "$vaksam" --db "$db" "$@"; }
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES VAKSAM_DB
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME=/nonexistent/vaksam-state
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---- the test tools, pinned ----
mkdir -p "$npm_dir"
npm_dir=$(cd "$npm_dir" && pwd) here=$(cd "$here" && pwd) # the LRS runs elsewhere
if ! cmp -s "$here/package-lock.json" "$npm_dir/package-lock.json" ||
    [ ! -d "$npm_dir/node_modules/@learninglocker/xapi-validation" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$npm_dir/" &&
        (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "FAIL: npm ci in $npm_dir could not install the xAPI test tools"
          rm -f "$npm_dir/package-lock.json"; exit 1; }
fi
export NODE_PATH="$npm_dir/node_modules"
node=node

# ---- a database: demo data, one attempt left open after a long pause ----
db="$tmp/x.db"
"$vaksam" --db "$db" demo-data --learners 24 --units 3 --months 2 --seed 7 >/dev/null 2>&1 ||
    bad "demo-data failed"
sqlite3 "$db" "INSERT INTO settings(key, value) VALUES ('ciso_password', '$("$cheap_hash" "$pw")');
UPDATE attempts SET finished_at = NULL WHERE id = (SELECT min(id) FROM attempts);
UPDATE answers SET answered_at = strftime('%Y-%m-%dT%H:%M:%SZ', answered_at, '+2 hours')
  WHERE attempt_id = (SELECT min(id) FROM attempts) AND seq >= 3;
DELETE FROM completions WHERE attempt_id = (SELECT min(id) FROM attempts)"

# ---- export ----
expect 0 "xAPI statements of" -- as_ciso xapi export --out "$tmp/a.json"
same "the export's mode" "$(stat -c %a "$tmp/a.json")" 600
expect 0 "xAPI statements of" -- as_ciso xapi export --out "$tmp/b.json"
if cmp -s "$tmp/a.json" "$tmp/b.json"; then ok; else bad "two exports differ"; fi
expect 0 "registrations" -- $node "$here/validate.js" "$tmp/a.json"
for v in initialized answered completed passed failed suspended resumed terminated; do
    if grep -q "verbs/$v\"" "$tmp/a.json"; then ok; else bad "no '$v' statement"; fi
done
total=$($node -e "console.log(require('$tmp/a.json').length)")
# the validator and the order check can fail: planted faults
$node -e "const d = require('$tmp/a.json'); d[0].verb.id = 'not an iri';
require('fs').writeFileSync('$tmp/bad1.json', JSON.stringify(d))"
expect 1 "statement 0" -- $node "$here/validate.js" "$tmp/bad1.json"
$node -e "const d = require('$tmp/a.json'); d.shift();
require('fs').writeFileSync('$tmp/bad2.json', JSON.stringify(d))"
expect 1 "starts with" -- $node "$here/validate.js" "$tmp/bad2.json"
# no login anywhere in it
leaked=0
for login in $(sqlite3 "$db" "SELECT login FROM learners"); do
    grep -q "\"[^\"]*$login[^\"]*\"" "$tmp/a.json" && leaked=$((leaked + 1))
done
same "logins in the export" "$leaked" 0
# the CISO's password, the options
printf 'wrong password\n' | "$vaksam" --db "$db" xapi export --out "$tmp/w.json" >/dev/null 2>&1
same "a wrong password's status" "$?" 1
if [ -e "$tmp/w.json" ]; then bad "a wrong password wrote a file"; else ok; fi
expect 2 "--since takes a date" -- "$vaksam" --db "$db" xapi export --since 2026-13-01 --out "$tmp/s.json"
expect 2 "--out FILE" -- "$vaksam" --db "$db" xapi export
expect 2 "unknown 'xapi' command" -- "$vaksam" --db "$db" xapi import
expect 1 "cannot reach the database server" -- "$vaksam" --db postgresql://db.invalid/vaksam xapi export --out "$tmp/pg.json"
if [ -e "$tmp/pg.json" ]; then bad "an unreachable server left a file"; else ok; fi
expect 0 "Wrote 0 xAPI statements" -- as_ciso xapi export --since 2099-01-01 --out "$tmp/s.json"
# a full disk (here: a file size limit) is said, with the file
expect 1 "a.json: cannot write the file" -- sh -c "trap '' XFSZ; ulimit -f 256;
printf '%s\n' '$pw' | '$vaksam' --db '$db' xapi export --out '$tmp/a.json'"
# groups only: units as actors, and none of the units below k
expect 0 "Left out" -- sh -c "printf '%s\n' '$pw' '$pw' | '$vaksam' --db '$db' ciso set-k 9 &&
printf '%s\n' '$pw' | '$vaksam' --db '$db' xapi export --groups-only --out '$tmp/g.json'"
expect 0 "registrations" -- $node "$here/validate.js" "$tmp/g.json"
if grep -q '"Agent"' "$tmp/g.json"; then bad "--groups-only exported a learner"; else ok; fi
small=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT unit_id FROM learners GROUP BY unit_id HAVING count(*) < 9)")
[ "$small" -gt 0 ] && ok || bad "the demo has no unit below k=9 to leave out"

# ---- send: a stand-in LRS refuses the third batch ----
flaky_start
flaky="$flaky/" # a base with its slash
expect 1 "batch 3 of" -- as_ciso --config "$conf" xapi send "$flaky"
same "statements taken before the failure" "$(wc -l <"$tmp/flaky/ids")" 100
expect 0 "Sent $((total - 100)) xAPI statements" -- as_ciso --config "$conf" xapi send "$flaky"
same "statements taken in all" "$(wc -l <"$tmp/flaky/ids")" "$total"
same "distinct statements taken" "$(sort -u "$tmp/flaky/ids" | wc -l)" "$total"
same "requests without the xAPI version or Basic auth" \
    "$(grep -cv '^/xapi/statements|1.0.3|Basic ' "$tmp/flaky/headers")" 0
expect 0 "has every one of the $total statements" -- as_ciso --config "$conf" xapi send "$flaky"
chmod 644 "$conf"
expect 1 "others can read" -- as_ciso --config "$conf" xapi send "$flaky"
chmod 600 "$conf"
expect 2 "http:// or https://" -- as_ciso --config "$conf" xapi send ftp://example.org/

# ---- send: a real LRS, read back ----
port=$($node "$here/free_port.js")
mkdir "$tmp/lrs"
(cd "$tmp/lrs" && EXPRESS_PORT=$port AUTH_REPO=test EVENTS_REPO=test \
    MODELS_REPO=memory STORAGE_REPO=local FS_LOCAL_STORAGE_DIR="$tmp/lrs" \
    EXPRESS_MORGAN_DIRECTORY="$tmp/lrs/logs" WINSTON_CONSOLE_LEVEL=error \
    exec $node "$npm_dir/node_modules/xapi-statements/dist/server.js" >"$tmp/lrs/log" 2>&1) &
pids="$pids $!"
lrs="http://127.0.0.1:$port/xAPI"
i=0
until $node "$here/read_back.js" "$lrs" >/dev/null 2>&1; do
    if [ $i -ge 300 ]; then
        bad "the LRS did not answer on $lrs within a minute:"; cat "$tmp/lrs/log"
        break
    fi
    sleep 0.2; i=$((i + 1))
done
expect 0 "Sent $total xAPI statements" -- as_ciso --config "$conf" xapi send "$lrs"
# the same statements again, as a second export loaded by hand would be
sqlite3 "$db" "DELETE FROM xapi_sent WHERE endpoint = '$lrs'"
expect 0 "Sent $total xAPI statements" -- as_ciso --config "$conf" xapi send "$lrs/"
same "statements in the LRS (all, distinct)" "$($node "$here/read_back.js" "$lrs")" "$total $total"

echo "xapi.sh: $passed passed, $failed failed ($total statements)"
[ "$failed" -eq 0 ]
