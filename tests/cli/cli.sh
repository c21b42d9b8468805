#!/bin/sh
# cli.sh VAKSAM FIXTURES CHEAP_HASH: the command line as a user meets it:
# check-lessons on good and bad lessons (messages and exit statuses), bad
# flags, Swedish output with --lang sv where no Swedish locale exists, the
# CISO's password on every CISO command, and the modes of the files the
# program creates. CHEAP_HASH prints an Argon2id hash with the smallest
# limits, so that the many password checks here take seconds (the program
# itself always hashes with MODERATE limits).
set -u
vaksam=$1
fx=$2
cheap_hash=$3
. "$(dirname "$0")/check.sh"
# refused PATTERN -- COMMAND...: exits 1 saying PATTERN, prints no figures
refused() {
    pattern=$1
    shift 2
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    if [ $status -ne 1 ]; then
        bad "'$*' exited $status, expected 1:"; cat "$tmp/stderr"
    elif ! grep -qF -- "$pattern" "$tmp/stderr"; then
        bad "'$*' did not say '$pattern':"; cat "$tmp/stderr"
    elif [ -s "$tmp/stdout" ]; then
        bad "'$*' was refused but printed:"; head -n 3 "$tmp/stdout"
    else
        ok
    fi
}
# say LINES COMMAND...: COMMAND with LINES on standard input, as a script
# gives the CISO's password
say() {
    lines=$1
    shift
    printf '%s\n' "$lines" | "$@"
}
# set_hash DB PASSWORD: the CISO's password, hashed cheaply
set_hash() {
    sqlite3 "$1" "INSERT INTO settings(key, value) VALUES ('ciso_password', \
'$("$cheap_hash" "$2")') ON CONFLICT(key) DO UPDATE SET value = excluded.value"
}
setting() { sqlite3 "$1" "SELECT value FROM settings WHERE key = '$2'"; }
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES
# no configuration of this machine or of whoever runs the tests
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME=/nonexistent/vaksam-state # nothing saved is read
unset VAKSAM_DB

cd "$fx"
expect 0 "No problems (lessons: 1" -- "$vaksam" check-lessons --po sample-valid.po valid.lesson
expect 1 "valid.lesson:57: no sv translation for fixture/point1" -- \
    "$vaksam" check-lessons --po sample.po valid.lesson
expect 1 "err-unreachable.lesson:9: scene 'island' cannot be reached from the start" -- \
    "$vaksam" check-lessons --po sample-valid.po err-unreachable.lesson valid.lesson
expect 1 "broken.po:6: bad string" -- "$vaksam" check-lessons --po broken.po valid.lesson
expect 1 "missing.lesson: cannot open" -- "$vaksam" check-lessons --po sample-valid.po missing.lesson
expect 0 "msgctxt \"fixture/choose/choice3/feedback\"" -- "$vaksam" extract-lessons valid.lesson
expect 0 "#: valid.lesson:33" -- "$vaksam" extract-lessons valid.lesson
expect 0 "No problems" -- "$vaksam" check-lessons

expect 2 "unknown option '--colour'" -- "$vaksam" --colour
expect 2 "--db needs a value" -- "$vaksam" --db
expect 2 "unknown command 'plya'" -- "$vaksam" plya
expect 2 "--size takes WxH" -- "$vaksam" --size 10x10
expect 2 "no translation for language 'de' (available: en, sv)" -- "$vaksam" --lang de
expect 0 "check-lessons" -- "$vaksam" --help
expect 0 "kontrollera" -- "$vaksam" --lang sv --help
expect 2 "okänd flagga" -- env LANG=sv_SE.UTF-8 "$vaksam" --colour

# the CISO's password: from standard input, never from argv, never stored
# in plain text
tmp=$(mktemp -d)
pw="correct horse battery staple"
expect 0 "The CISO's password is set" -- say "$pw" "$vaksam" ciso set-password --db "$tmp/c.db"
if grep -q "$pw" "$tmp"/c.db* 2>/dev/null; then
    bad "the password is stored in plain text"
else
    ok
fi
expect 0 '$argon2id$' -- sqlite3 "$tmp/c.db" "SELECT value FROM settings"
expect 2 "never give the password on the command line" -- \
    "$vaksam" ciso set-password "$pw" --db "$tmp/c.db"
expect 2 "never give the password on the command line" -- \
    "$vaksam" report --password "$pw" --format csv --db "$tmp/c.db"
# with a password set, line 1 is the current password and line 2 the new
expect 1 "at least 10 characters" -- say "$pw
short" "$vaksam" ciso set-password --db "$tmp/c.db"
expect 1 "no password was given" -- \
    "$vaksam" ciso set-password --db "$tmp/c.db" < /dev/null
rm -rf "$tmp"

# units from an HR system's CSV: all or nothing, every bad row by line
tmp=$(mktemp -d)
# db init-roles is a server's: on a file it says so and makes none
expect 1 "db init-roles sets up the roles of a PostgreSQL server" -- \
    "$vaksam" db init-roles --db "$tmp/none.db"
if [ -e "$tmp/none.db" ]; then bad "db init-roles made a file"; else ok; fi
expect 0 "Imported 4 units" -- "$vaksam" units import units/valid.csv --db "$tmp/u.db"
expect 0 "Akutmottagningen, Södra|Hälso- och sjukvård" -- sqlite3 "$tmp/u.db" \
    "SELECT c.name || '|' || p.name FROM units c JOIN units p ON p.id = c.parent_id WHERE c.hr_id = 'R1-HS-AKUT'"
expect 1 "units/bad-rows.csv:3: the unit's name is empty" -- \
    "$vaksam" units import units/bad-rows.csv --db "$tmp/u.db"
expect 1 "units/bad-rows.csv:4: unit id 'A' appears twice (first on line 2)" -- \
    "$vaksam" units import units/bad-rows.csv --db "$tmp/u.db"
expect 1 "units/bad-rows.csv:5: parent 'Z' of unit 'C' is not in the file" -- \
    "$vaksam" units import units/bad-rows.csv --db "$tmp/u.db"
expect 1 "units/bad-rows.csv:6: a quoted field never ends" -- \
    "$vaksam" units import units/bad-rows.csv --db "$tmp/u.db"
expect 1 "units/bad-cycle.csv:1: unit 'X' is its own ancestor" -- \
    "$vaksam" units import units/bad-cycle.csv --db "$tmp/u.db"
expect 1 "units/bad-cycle.csv:4: expected 3 fields (id, name, parent id), found 4" -- \
    "$vaksam" units import units/bad-cycle.csv --db "$tmp/u.db"
expect 0 "4" -- sqlite3 "$tmp/u.db" "SELECT count(*) FROM units"
expect 2 "use 'vaksam units import FILE.csv'" -- "$vaksam" units import --db "$tmp/u.db"

# The CISO's report on a small demo organisation: every CISO command asks
# for the CISO's password.
expect 0 "600 learners" -- "$vaksam" demo-data --db "$tmp/d.db" --learners 600 --units 12 --months 6 --seed 3
expect 1 "already has an organisation" -- "$vaksam" demo-data --db "$tmp/d.db" --learners 10
expect 2 "--learners takes a whole number from 1 to 1000000, not 'lots'" -- \
    "$vaksam" demo-data --db "$tmp/d.db" --learners lots
db=$tmp/d.db
cpw="Blåbär och lingon 42"
wrong="Blåbär och lingon 43"
dump() { sqlite3 "$db" .dump | cksum; }

# no password set: each command refuses and says how to set one
before=$(dump)
for format in csv json; do
    refused "vaksam ciso set-password" -- say "$cpw" "$vaksam" report --db "$db" --format $format
    refused "vaksam ciso set-password" -- say "$cpw" "$vaksam" register --db "$db" --format $format
done
refused "vaksam ciso set-password" -- say "$cpw" "$vaksam" report --db "$db" --png "$tmp/none.png"
refused "vaksam ciso set-password" -- say "$cpw" "$vaksam" ciso set-k 50 --db "$db"
same "no picture without a password" missing "$(mode "$tmp/none.png")"
same "the database without a password" "$before" "$(dump)"

# a wrong one: refused after the window's pause, nothing read or written
set_hash "$db" "$cpw"
hash=$(setting "$db" ciso_password)
before=$(dump)
t0=$(date +%s%N)
refused "wrong password" -- say "$wrong" "$vaksam" report --db "$db" --format csv
t1=$(date +%s%N)
if [ $(((t1 - t0) / 1000000)) -ge 1500 ]; then ok; else
    bad "a wrong password was refused after $(((t1 - t0) / 1000000)) ms, not 1500"
fi
refused "wrong password" -- say "$wrong" "$vaksam" report --db "$db" --format json --by unit
refused "wrong password" -- say "$wrong" "$vaksam" report --db "$db" --png "$tmp/none.png"
refused "wrong password" -- say "$wrong" "$vaksam" register --db "$db" --format csv
refused "wrong password" -- say "$wrong" "$vaksam" ciso set-k 50 --db "$db"
refused "wrong password" -- say "$wrong
$wrong" "$vaksam" ciso set-password --db "$db"
refused "no password was given" -- "$vaksam" report --db "$db" --format csv < /dev/null
same "no picture with a wrong password" missing "$(mode "$tmp/none.png")"
same "the database with a wrong password" "$before" "$(dump)"

# the right one
expect 0 "period,unit_id,unit,role,measure,value,learners" -- \
    say "$cpw" "$vaksam" report --db "$db" --format csv
expect 0 ",all,confidentiality," -- say "$cpw" "$vaksam" report --db "$db" --by unit --format csv
expect 0 ",manager,overall," -- say "$cpw" "$vaksam" report --db "$db" --by role --format csv
expect 0 "\"rows\": [" -- say "$cpw" "$vaksam" report --db "$db" --by month --format json
expect 0 ",staff,participation," -- \
    say "$cpw" "$vaksam" report --db "$db" --role staff --period last-3 --format csv
expect 2 "--period 2026-13: expected a year" -- "$vaksam" report --db "$db" --period 2026-13 --format csv
expect 2 "--by takes topic, unit, role or month, not 'colour'" -- \
    "$vaksam" report --db "$db" --by colour --format csv
expect 2 "--format takes csv or json, not 'xml'" -- "$vaksam" report --db "$db" --format xml
expect 2 "say what to write" -- "$vaksam" report --db "$db"
expect 1 "--unit 999999: there is no unit with this id" -- \
    say "$cpw" "$vaksam" report --db "$db" --unit 999999 --format csv
expect 0 "login,unit_id,unit,role,course,completed_at" -- \
    say "$cpw" "$vaksam" register --db "$db" --format csv
expect 0 "leadership-course" -- say "$cpw" "$vaksam" register --db "$db" --format csv --role manager
expect 2 "'register' takes no --by" -- "$vaksam" register --db "$db" --by unit --format csv
expect 2 "ciso set-k takes a whole number from 3 to 1000, not '2'" -- "$vaksam" ciso set-k 2 --db "$db"
expect 0 "fewer than 50 learners are now hidden" -- say "$cpw" "$vaksam" ciso set-k 50 --db "$db"
expect 0 '"k": 50,' -- say "$cpw" "$vaksam" report --db "$db" --format json
expect 0 ",manager,overall,suppressed," -- \
    say "$cpw" "$vaksam" report --db "$db" --role manager --by unit --format csv
(umask 022; say "$cpw" "$vaksam" report --db "$db" --png "$tmp/d.png" 2>"$tmp/stderr")
expect 0 "Wrote the dashboard" -- cat "$tmp/stderr"
expect 0 "PNG" -- head -c 4 "$tmp/d.png"
same "the picture's mode under umask 022" 600 "$(mode "$tmp/d.png")"

# changing the password needs the old one
newpw="a new password, also long"
expect 1 "wrong password" -- say "$newpw" "$vaksam" ciso set-password --db "$db"
expect 1 "wrong password" -- say "$wrong
$newpw" "$vaksam" ciso set-password --db "$db"
same "the hash after changes without the old password" "$hash" "$(setting "$db" ciso_password)"
expect 0 "The CISO's password is set" -- say "$cpw
$newpw" "$vaksam" ciso set-password --db "$db"
new_hash=$(setting "$db" ciso_password)
if [ "$new_hash" != "$hash" ]; then ok; else bad "the password did not change"; fi
refused "wrong password" -- say "$cpw" "$vaksam" register --db "$db" --format csv
expect 0 "login,unit_id" -- say "$newpw" "$vaksam" register --db "$db" --format csv

# a lost password: reset, which every later report and register tells
if [ "$(id -u)" -eq 0 ]; then # root writes to read-only files: be nobody
    chmod 777 "$tmp" && chmod 444 "$db"
    as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if $as_other true 2>/dev/null; then
        refused "read-only" -- $as_other "$vaksam" ciso reset-password --db "$db"
    else
        echo "reset-password of a read-only file: not checked, cannot become nobody"
    fi
    chmod 700 "$tmp" && chmod 600 "$db"
else
    chmod 400 "$db"
    refused "read-only" -- "$vaksam" ciso reset-password --db "$db"
    chmod 600 "$db"
fi
same "the hash after a refused reset" "$new_hash" "$(setting "$db" ciso_password)"
expect 2 "use 'vaksam ciso reset-password'" -- "$vaksam" ciso reset-password now --db "$db"
expect 0 "The CISO's password was removed" -- "$vaksam" ciso reset-password --db "$db"
expect 0 "0" -- sqlite3 "$db" \
    "SELECT count(*) FROM settings WHERE key IN ('ciso_password', 'report_k')"
expect 0 "1" -- sqlite3 "$db" "SELECT value GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z' FROM settings WHERE key = 'password_reset_at'"
refused "vaksam ciso set-password" -- say "$newpw" "$vaksam" report --db "$db" --format csv
expect 0 "The CISO's password is set" -- say "$cpw" "$vaksam" ciso set-password --db "$db"
set_hash "$db" "$cpw" # (a cheap hash again, for the checks below)
note="Note: the CISO's password was reset on $(date -u +%Y-%m-%d) "
for cmd in "report --format json" "report --format csv --by unit" \
    "register --format csv" "report --png $tmp/d.png"; do
    # shellcheck disable=SC2086
    say "$cpw" "$vaksam" $cmd --db "$db" >"$tmp/stdout" 2>"$tmp/stderr"
    expect 0 "$note" -- cat "$tmp/stderr"
    expect 0 " UTC; k went back to its default (5)." -- cat "$tmp/stderr"
done
expect 0 '"k": 5,' -- say "$cpw" "$vaksam" report --db "$db" --format json
# the JSON, read by a real JSON parser, says when the password was reset,
# and every table holds the same rows as its CSV
for by in topic unit role month; do
    say "$cpw" "$vaksam" report --db "$db" --by $by --format json >"$tmp/r.json" 2>/dev/null
    say "$cpw" "$vaksam" report --db "$db" --by $by --format csv >"$tmp/r.csv" 2>/dev/null
    expect 0 "same rows" -- python3 - "$tmp/r.json" "$tmp/r.csv" \
        "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'password_reset_at'")" <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
assert doc["password_reset_at"] == sys.argv[3], doc["password_reset_at"]
assert doc["k"] == 5 and len(doc["rows"]) == len(rows) > 0
for j, c in zip(doc["rows"], rows):
    for key, value in c.items():
        got = j[key]
        want = None if value == "" else value
        if isinstance(got, int):
            want = int(value)
        assert got == want, (key, got, want)
print("same rows")
PY
done
expect 0 "Obs! CISO:ns lösenord återställdes" -- \
    say "$cpw" "$vaksam" --lang sv register --db "$db" --format csv
expect 1 "fel lösenord" -- say "$wrong" "$vaksam" --lang sv register --db "$db" --format csv
rm -rf "$tmp"

# File modes under umask 022: the database, its -wal and -shm (seen while
# the program holds the file open, waiting for a password), a backup
# before an upgrade, a looser database tightened; the picture is above.
tmp=$(mktemp -d)
(
    umask 022
    mkfifo "$tmp/in"
    "$vaksam" ciso set-password --db "$tmp/m.db" <"$tmp/in" >/dev/null 2>&1 &
    exec 3>"$tmp/in"
    i=0
    while [ ! -e "$tmp/m.db-shm" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for f in m.db m.db-wal m.db-shm; do
        echo "$f $(mode "$tmp/$f")"
    done >"$tmp/modes"
    exec 3>&-
    wait
)
expect 0 "m.db 600" -- cat "$tmp/modes"
expect 0 "m.db-wal 600" -- cat "$tmp/modes"
expect 0 "m.db-shm 600" -- cat "$tmp/modes"
# schema 4, as test_store.c's V5_OBJECTS takes a file back
sqlite3 "$tmp/m.db" "DROP TRIGGER unit_sizes_insert; DROP TRIGGER unit_sizes_update;
DROP TRIGGER unit_sizes_delete; ALTER TABLE learners DROP COLUMN name;
ALTER TABLE learners DROP COLUMN listed; ALTER TABLE learners DROP COLUMN active;
DROP INDEX attempts_waiting; DROP INDEX answers_waiting;
DROP INDEX attempts_by_uid; DROP INDEX answers_by_uid;
ALTER TABLE attempts DROP COLUMN uid; ALTER TABLE attempts DROP COLUMN waiting;
ALTER TABLE answers DROP COLUMN uid; ALTER TABLE answers DROP COLUMN waiting;
DROP TABLE completions; DROP TABLE learner_items;
DROP TABLE learner_presence; DROP TABLE rollup; DROP TABLE item_months;
DROP INDEX learners_by_unit; ALTER TABLE answers DROP COLUMN unit_id;
ALTER TABLE answers DROP COLUMN role; PRAGMA user_version = 4"
chmod 644 "$tmp/m.db"
(umask 022; "$vaksam" units import units/valid.csv --db "$tmp/m.db" >/dev/null 2>&1)
same "the backup's mode" 600 "$(mode "$tmp/m.db.bak-v4")"
same "an older database's mode, once opened" 600 "$(mode "$tmp/m.db")"
expect 0 "10" -- sqlite3 "$tmp/m.db" "PRAGMA user_version"
rm -rf "$tmp"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
