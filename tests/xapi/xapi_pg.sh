#!/bin/sh
# xapi_pg.sh VAKSAM DIR PGDIR CHEAP_HASH: `vaksam xapi export` and `xapi
# send` from the organisation's server, against the test server of the
# ctest fixture pg (PGDIR/env). An organisation moved from a SQLite file
# (db copy) gives the LRS feeds' own database roles the file's
# statements, byte for byte: vaksam_xapi the learners' (and --since),
# vaksam_xapi_groups the units' (--groups-only), neither the other's; what that role can reach is the statements and nothing they
# are made from (no key, no table, no learner's id) nor the CISO's
# register, whose completion times would name the pseudonyms; the CISO's
# role and a learner's get no statements; send resumes on the server
# where it stopped (a stand-in LRS, DIR/flaky_lrs.py, refuses a batch
# mid-way), and what went out is kept on the server.
set -u
vaksam=$1
here=$2
pgdir=$3
cheap_hash=$4
. "$(dirname "$0")/../cli/check.sh"
. "$(dirname "$0")/flaky.sh"
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES VAKSAM_DB
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME=/nonexistent/vaksam-state

[ -r "$pgdir/env" ] || { echo "FAIL: cannot read $pgdir/env (run through ctest: the fixture pg starts the server)"; exit 1; }
. "$pgdir/env"
export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
[ -n "$psql" ] || psql=psql
server=$(sed 's|^\(postgresql://[^:@/]*\):[^@]*@|\1@|; s|/[^/]*$||' "$pgdir/uri")
tmp=$(mktemp -d)
name=vaksam_xapi_$$
ciso=vaksam_xapi_ciso_$$ learner=vaksam_xapi_learner_$$ feed=vaksam_xapi_feed_$$
feedg=vaksam_xapi_feedg_$$
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    "$psql" -X -q -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"
    "$psql" -X -q -c "DROP ROLE IF EXISTS $ciso" -c "DROP ROLE IF EXISTS $learner" \
        -c "DROP ROLE IF EXISTS $feed" -c "DROP ROLE IF EXISTS $feedg"
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---- a file's organisation, with one attempt left open after a pause ----
pw="xapi on the server"
file="$tmp/org.db"
"$vaksam" --db "$file" demo-data --learners 40 --units 4 --months 2 --seed 11 >/dev/null 2>&1 ||
    bad "demo-data failed"
sqlite3 "$file" "INSERT INTO settings(key, value) VALUES ('ciso_password', '$("$cheap_hash" "$pw")');
UPDATE attempts SET finished_at = NULL WHERE id = (SELECT min(id) FROM attempts);
UPDATE answers SET answered_at = strftime('%Y-%m-%dT%H:%M:%SZ', answered_at, '+2 hours')
  WHERE attempt_id = (SELECT min(id) FROM attempts) AND seq >= 3;
DELETE FROM completions WHERE attempt_id = (SELECT min(id) FROM attempts);
INSERT INTO settings(key, value) VALUES ('report_k', '9')
  ON CONFLICT(key) DO UPDATE SET value = excluded.value"
as_file() { printf '%s\n' "$pw" | "$vaksam" --db "$file" "$@"; }
expect 0 "xAPI statements of" -- as_file xapi export --out "$tmp/file.json"
expect 0 "Left out" -- as_file xapi export --groups-only --out "$tmp/file-groups.json"
# a day in the middle of the history: the attempts from then on, whole
since=$(sqlite3 "$file" "SELECT substr(started_at, 1, 10) FROM attempts ORDER BY started_at LIMIT 1 OFFSET (SELECT count(*) / 2 FROM attempts)")
expect 0 "xAPI statements of" -- as_file xapi export --since "$since" --out "$tmp/file-since.json"
if [ "$(wc -c <"$tmp/file-since.json")" -lt "$(wc -c <"$tmp/file.json")" ] &&
   [ "$(wc -c <"$tmp/file-since.json")" -gt 100 ]; then ok; else
    bad "--since $since took all or nothing"; fi

# ---- moved to the server; the feed, the CISO and a learner each as their own role ----
"$psql" -X -q -c "CREATE DATABASE $name" || bad "CREATE DATABASE"
to="$server/$name"
expect 0 "every table was read back and checked" -- \
    "$vaksam" db copy --from "$file" --to "$to"
"$psql" -X -q -c "CREATE ROLE $ciso LOGIN PASSWORD 'pw-ciso'" \
    -c "CREATE ROLE $learner LOGIN PASSWORD 'pw-learner'" \
    -c "CREATE ROLE $feed LOGIN PASSWORD 'pw-feed'" \
    -c "CREATE ROLE $feedg LOGIN PASSWORD 'pw-feedg'" || bad "CREATE ROLE"
expect 0 "" -- "$vaksam" db init-roles --db "$to"
"$psql" -X -q -c "GRANT vaksam_ciso TO $ciso" -c "GRANT vaksam_learner TO $learner" \
    -c "GRANT vaksam_xapi TO $feed" -c "GRANT vaksam_xapi_groups TO $feedg"
as_ciso=$(printf '%s' "$to" | sed "s|//[^@]*@|//$ciso@|")
as_learner=$(printf '%s' "$to" | sed "s|//[^@]*@|//$learner@|")
as_feed=$(printf '%s' "$to" | sed "s|//[^@]*@|//$feed@|")
as_feedg=$(printf '%s' "$to" | sed "s|//[^@]*@|//$feedg@|")
on_server() { PGPASSWORD=pw-feed "$vaksam" --db "$as_feed" "$@" </dev/null; }
on_server_groups() { PGPASSWORD=pw-feedg "$vaksam" --db "$as_feedg" "$@" </dev/null; }

# the same statements from the server as from the file, byte for byte
expect 0 "xAPI statements of" -- on_server xapi export --out "$tmp/pg.json"
if cmp -s "$tmp/file.json" "$tmp/pg.json"; then ok; else
    bad "the server's export is not the file's:"; cmp "$tmp/file.json" "$tmp/pg.json"; fi
expect 0 "the server does not say how many" -- on_server_groups xapi export --groups-only --out "$tmp/pg-groups.json"
# each feed its own kind: the two joined on their times would put every
# learner's pseudonym in a unit
expect 1 "GRANT vaksam_xapi_groups TO \"$feed\"" -- \
    on_server xapi export --groups-only --out "$tmp/x1.json"
expect 1 "GRANT vaksam_xapi TO \"$feedg\"" -- \
    on_server_groups xapi export --out "$tmp/x2.json"
if [ -e "$tmp/x1.json" ] || [ -e "$tmp/x2.json" ]; then bad "a feed wrote the other's kind"; else ok; fi
if cmp -s "$tmp/file-groups.json" "$tmp/pg-groups.json"; then ok; else
    bad "the server's --groups-only export is not the file's"; fi
expect 0 "xAPI statements of" -- on_server xapi export --since "$since" --out "$tmp/pg-since.json"
if cmp -s "$tmp/file-since.json" "$tmp/pg-since.json"; then ok; else
    bad "the server's --since export is not the file's"; fi
# the session's time zone changes no time in them
expect 0 "xAPI statements of" -- env PGTZ=Pacific/Auckland PGPASSWORD=pw-feed \
    "$vaksam" --db "$as_feed" xapi export --since "$since" --out "$tmp/pg-tz.json"
if cmp -s "$tmp/file-since.json" "$tmp/pg-tz.json"; then ok; else
    bad "an export in another time zone is not the file's"; fi
count=$(grep -c '"verb"' "$tmp/pg.json")
[ "$count" -gt 100 ] && ok || bad "only $count statements from the server"
leaked=0
for login in $(sqlite3 "$file" "SELECT login FROM learners"); do
    grep -q "\"[^\"]*$login[^\"]*\"" "$tmp/pg.json" && leaked=$((leaked + 1))
done
same "logins in the server's export" "$leaked" 0
if grep -q '"Agent"' "$tmp/pg-groups.json"; then bad "--groups-only exported a learner"; else ok; fi

# ---- what the feed's role reaches on the server, tried by hand ----
feed_sql() { PGPASSWORD=pw-feed "$psql" -X -At -d "$name" -U "$feed" -c "$1" 2>&1; }
ciso_sql() { PGPASSWORD=pw-ciso "$psql" -X -At -d "$name" -U "$ciso" -c "$1" 2>&1; }
learner_sql() { PGPASSWORD=pw-learner "$psql" -X -At -d "$name" -U "$learner" -c "$1" 2>&1; }
for q in "SELECT * FROM vaksam.settings" "SELECT * FROM vaksam.learners" \
         "SELECT * FROM vaksam.attempts" "SELECT * FROM vaksam.xapi_sent" \
         "SELECT * FROM vaksam.units" "SELECT vaksam.pub_pads()" \
         "SELECT vaksam.xapi_pads('\\x00')" \
         "SELECT * FROM vaksam.register('2000-01-01', '2100-01-01')" \
         "SELECT * FROM vaksam.report(24000, 24011, 0, -1, 5)"; do
    case $(feed_sql "$q") in
        *"permission denied"*) ok ;;
        *) bad "the feed's role ran '$q': $(feed_sql "$q")" ;;
    esac
done
# the CISO's role, which reads the register (who completed, when), gets
# no statements: matched by their times the two would name the pseudonyms
case $(ciso_sql "SELECT count(*) FROM vaksam.xapi_attempts(NULL)") in
    *"permission denied"*) ok ;;
    *) bad "the CISO's role ran vaksam.xapi_attempts" ;;
esac
expect 1 "GRANT vaksam_xapi TO \"$ciso\"" -- \
    env PGPASSWORD=pw-ciso "$vaksam" --db "$as_ciso" xapi export --out "$tmp/c.json"
if [ -e "$tmp/c.json" ]; then bad "the CISO's role wrote an export"; else ok; fi
# the rows the statements are made from name no learner and no unit
same "what vaksam.xapi_attempts gives" \
    "$(feed_sql "SELECT pg_get_function_result('vaksam.xapi_attempts(timestamptz)'::regprocedure)")" \
    "SETOF vaksam.xapi_row"
cols=$(feed_sql "SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'vaksam.xapi_row'::regclass AND attnum > 0")
case $cols in
    *x_actor*) ok ;;
    *) bad "vaksam.xapi_row has no actor: $cols" ;;
esac
case $cols in
    *learner*|*unit*|*login*) bad "the CISO's rows carry ids: $cols" ;;
    *) ok ;;
esac
actors=$(feed_sql "SELECT count(DISTINCT x_actor) FROM vaksam.xapi_attempts(NULL)")
same "pseudonyms from the server" "$actors" "$(sqlite3 "$file" "SELECT count(DISTINCT learner_id) FROM attempts")"
# k on the server is the server's: no caller can lower it, nor raise it
# step by step to learn each unit's headcount
feedg_sql() { PGPASSWORD=pw-feedg "$psql" -X -At -d "$name" -U "$feedg" -c "$1" 2>&1; }
same "what vaksam.xapi_group_attempts takes" \
    "$(feedg_sql "SELECT pg_get_function_arguments('vaksam.xapi_group_attempts(timestamptz)'::regprocedure)")" \
    "since timestamp with time zone"
shown=$(feedg_sql "SELECT count(DISTINCT x_attempt) FROM vaksam.xapi_group_attempts(NULL) WHERE x_actor IS NOT NULL")
[ "$shown" -gt 0 ] && ok || bad "no unit of the demo at k = 9 to show"
# of the units below k not a row, nor a count: either would tell when
# their learners played (a --since stepped through the days finds out)
same "rows of units below k" \
    "$(feedg_sql "SELECT count(*) FROM vaksam.xapi_group_attempts(NULL) WHERE x_actor IS NULL")" 0
same "attempts of units at the server's k = 9" "$shown" \
    "$(sqlite3 "$file" "SELECT count(*) FROM attempts t JOIN learners l ON l.id = t.learner_id WHERE (SELECT sum(n) FROM unit_sizes z WHERE z.unit_id = l.unit_id) >= 9")"
case $(learner_sql "SELECT count(*) FROM vaksam.xapi_attempts(NULL)") in
    *"permission denied"*) ok ;;
    *) bad "a learner's role ran vaksam.xapi_attempts" ;;
esac
expect 1 "may not read the xAPI statements" -- \
    env PGPASSWORD=pw-learner "$vaksam" --db "$as_learner" xapi export --out "$tmp/l.json"
if [ -e "$tmp/l.json" ]; then bad "a learner's role wrote an export"; else ok; fi

# ---- send from the server: a batch refused mid-way, then the rest ----
flaky_start
expect 1 "batch 3 of" -- on_server --config "$conf" xapi send "$flaky"
same "statements taken before the failure" "$(wc -l <"$tmp/flaky/ids")" 100
same "statements the server remembers as sent" \
    "$("$psql" -X -At -d "$name" -c "SELECT count(*) FROM vaksam.xapi_sent")" 100
expect 0 "Sent $((count - 100)) xAPI statements" -- on_server --config "$conf" xapi send "$flaky"
same "statements taken in all" "$(wc -l <"$tmp/flaky/ids")" "$count"
same "distinct statements taken" "$(sort -u "$tmp/flaky/ids" | wc -l)" "$count"
expect 0 "has every one of the $count statements" -- on_server --config "$conf" xapi send "$flaky"
# the ids the LRS took are the export's
sed -n 's/^{"id":"\([^"]*\)".*/\1/p' "$tmp/pg.json" | sort >"$tmp/export-ids"
sort "$tmp/flaky/ids" >"$tmp/sent-ids"
if cmp -s "$tmp/export-ids" "$tmp/sent-ids"; then ok; else bad "the LRS took other ids than the export's"; fi

echo "xapi_pg.sh: $passed passed, $failed failed ($count statements)"
[ "$failed" -eq 0 ]
