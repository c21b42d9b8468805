#!/bin/sh
# cli.sh VAKSAM FIXTURES: the command line as a user meets it: check-lessons
# on good and bad lessons (messages and exit statuses), bad flags, Swedish
# output with --lang sv where no Swedish locale exists, and the modes of
# the files the program creates.
set -u
vaksam=$1
fx=$2
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect() { # expect STATUS PATTERN -- COMMAND...
    want=$1 pattern=$2
    shift 3
    out=$("$@" 2>&1)
    status=$?
    if [ $status -ne "$want" ]; then
        bad "'$*' exited $status, expected $want:"; echo "$out"
    elif ! printf '%s\n' "$out" | grep -qF -- "$pattern"; then
        bad "'$*' did not print '$pattern':"; echo "$out"
    else
        ok
    fi
}
same() { # same WHAT A B
    if [ "$2" = "$3" ]; then ok; else bad "$1: '$2' became '$3'"; fi
}
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES

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
expect 0 "The CISO's password is set" -- sh -c \
    "printf '%s\\n' '$pw' | '$vaksam' ciso set-password --db '$tmp/c.db'"
if grep -q "$pw" "$tmp"/c.db* 2>/dev/null; then
    bad "the password is stored in plain text"
else
    ok
fi
expect 0 '$argon2id$' -- sqlite3 "$tmp/c.db" "SELECT value FROM settings"
expect 2 "never give the password on the command line" -- \
    "$vaksam" ciso set-password "$pw" --db "$tmp/c.db"
expect 1 "at least 10 characters" -- sh -c \
    "printf 'short\\n' | '$vaksam' ciso set-password --db '$tmp/c.db'"
expect 1 "no password was given" -- sh -c \
    "'$vaksam' ciso set-password --db '$tmp/c.db' < /dev/null"
rm -rf "$tmp"

# units from an HR system's CSV: all or nothing, every bad row by line
tmp=$(mktemp -d)
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

# The CISO's report on a small demo organisation.
expect 0 "600 learners" -- "$vaksam" demo-data --db "$tmp/d.db" --learners 600 --units 12 --months 6 --seed 3
expect 1 "already has an organisation" -- "$vaksam" demo-data --db "$tmp/d.db" --learners 10
expect 2 "--learners takes a whole number from 1 to 1000000, not 'lots'" -- \
    "$vaksam" demo-data --db "$tmp/d.db" --learners lots
expect 0 "period,unit_id,unit,role,measure,value,learners" -- \
    "$vaksam" report --db "$tmp/d.db" --format csv
expect 0 ",all,confidentiality," -- "$vaksam" report --db "$tmp/d.db" --by unit --format csv
expect 0 ",manager,overall," -- "$vaksam" report --db "$tmp/d.db" --by role --format csv
expect 0 "\"rows\": [" -- "$vaksam" report --db "$tmp/d.db" --by month --format json
expect 0 ",staff,participation," -- "$vaksam" report --db "$tmp/d.db" --role staff --period last-3 --format csv
expect 2 "--period 2026-13: expected a year" -- "$vaksam" report --db "$tmp/d.db" --period 2026-13 --format csv
expect 2 "--by takes topic, unit, role or month, not 'colour'" -- \
    "$vaksam" report --db "$tmp/d.db" --by colour --format csv
expect 2 "--format takes csv or json, not 'xml'" -- "$vaksam" report --db "$tmp/d.db" --format xml
expect 2 "say what to write" -- "$vaksam" report --db "$tmp/d.db"
expect 1 "--unit 999999: there is no unit with this id" -- \
    "$vaksam" report --db "$tmp/d.db" --unit 999999 --format csv
expect 0 "login,unit_id,unit,role,course,completed_at" -- "$vaksam" register --db "$tmp/d.db" --format csv
expect 0 "leadership-course" -- "$vaksam" register --db "$tmp/d.db" --format csv --role manager
expect 2 "'register' takes no --by" -- "$vaksam" register --db "$tmp/d.db" --by unit --format csv
expect 2 "ciso set-k takes a whole number from 3 to 1000, not '2'" -- "$vaksam" ciso set-k 2 --db "$tmp/d.db"
expect 0 "fewer than 50 learners are now hidden" -- "$vaksam" ciso set-k 50 --db "$tmp/d.db"
expect 0 '"k": 50,' -- "$vaksam" report --db "$tmp/d.db" --format json
expect 0 ",manager,overall,suppressed," -- "$vaksam" report --db "$tmp/d.db" --role manager --by unit --format csv
(umask 022; "$vaksam" report --db "$tmp/d.db" --png "$tmp/d.png" 2>"$tmp/stderr")
expect 0 "Wrote the dashboard" -- cat "$tmp/stderr"
expect 0 "PNG" -- head -c 4 "$tmp/d.png"
same "the picture's mode under umask 022" 600 "$(mode "$tmp/d.png")"
rm -rf "$tmp"

# File modes under umask 022: the database, its -wal and -shm (seen while
# the program holds the file open, waiting for a password), a backup
# before an upgrade, a looser database tightened.
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
sqlite3 "$tmp/m.db" "DROP TABLE completions; DROP TABLE learner_items;
DROP TABLE learner_presence; DROP TABLE rollup; DROP TABLE item_months;
DROP INDEX learners_by_unit; ALTER TABLE answers DROP COLUMN unit_id;
ALTER TABLE answers DROP COLUMN role; PRAGMA user_version = 4"
chmod 644 "$tmp/m.db"
(umask 022; "$vaksam" units import units/valid.csv --db "$tmp/m.db" >/dev/null 2>&1)
same "the backup's mode" 600 "$(mode "$tmp/m.db.bak-v4")"
same "an older database's mode, once opened" 600 "$(mode "$tmp/m.db")"
expect 0 "5" -- sqlite3 "$tmp/m.db" "PRAGMA user_version"
rm -rf "$tmp"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
