#!/bin/sh
# learners.sh VAKSAM FIXTURES: `vaksam learners import` as HR's export
# meets it: a valid list, each kind of bad row with its line (and nothing
# imported), the same list again changing nothing, a learner who moved
# and one who left, fields of 10,000 bytes; and the same long fields in
# `units import`, which cut them at 255 bytes before.
set -u
vaksam=$1
fx=$2
. "$(dirname "$0")/check.sh"
tmp=$(mktemp -d)
db=$tmp/l.db
q() { sqlite3 "$db" "$1"; }
cd "$fx" || exit 1
expect 0 "Imported 4 units" -- "$vaksam" units import units/valid.csv --db "$db"

# a learner who chose their own unit before HR's list came
sqlite3 "$db" "INSERT INTO learners(login, unit_id, role, created_at) \
SELECT 'old', id, 'staff', '2026-01-01T00:00:00Z' FROM units WHERE hr_id = 'R1-IT'"
expect 0 "4 added, 0 changed, 0 unchanged, 0 back again; 1 marked as having left." -- \
    "$vaksam" learners import learners/valid.csv --db "$db"
same "bo's name" 'Bo "Bosse" Ek, Jr' "$(q "SELECT name FROM learners WHERE login = 'bo'")"
same "anna's unit" "R1-HS-AKUT|manager" \
    "$(q "SELECT u.hr_id || '|' || l.role FROM learners l JOIN units u ON u.id = l.unit_id WHERE login = 'anna'")"
same "the leaver" "0" "$(q "SELECT active FROM learners WHERE login = 'old'")"
same "IT's headcount" "1|1" \
    "$(q "SELECT group_concat(n, '|') FROM (SELECT n FROM unit_sizes z JOIN units u ON u.id = z.unit_id WHERE u.hr_id = 'R1-IT' ORDER BY z.role)")"

# again: nothing changes, not a byte of the file's learners
before=$(q "SELECT * FROM learners ORDER BY id")
expect 0 "0 added, 0 changed, 4 unchanged, 0 back again; 0 marked as having left." -- \
    "$vaksam" learners import learners/valid.csv --db "$db"
same "the learners after the same list" "$before" "$(q "SELECT * FROM learners ORDER BY id")"

# every bad row by its line; nothing imported, not even eva's good row
for want in \
    "learners/bad-rows.csv:3: the learner's login is empty" \
    "learners/bad-rows.csv:4: unit 'R9' of learner 'fia' is not in the organisation" \
    "learners/bad-rows.csv:5: role 'boss' is neither manager nor staff" \
    "learners/bad-rows.csv:6: login 'eva' appears twice (first on line 2)" \
    "learners/bad-rows.csv:7: expected 4 fields (login, name, unit id, role), found 3" \
    "learners/bad-rows.csv:8: text after a field's closing quote" \
    "learners/bad-rows.csv:9: a quote inside a field that does not begin with one" \
    "learners/bad-rows.csv:10: bad UTF-8: export the file as UTF-8" \
    "learners/bad-rows.csv:11: the learner's unit is empty" \
    "learners/bad-rows.csv:13: a quoted field never ends" \
    "Nothing was imported."; do
    expect 1 "$want" -- "$vaksam" learners import learners/bad-rows.csv --db "$db"
done
same "the learners after a bad list" "$before" "$(q "SELECT * FROM learners ORDER BY id")"
expect 1 "the file has no learners" -- "$vaksam" learners import /dev/null --db "$db"
expect 1 "nothing.csv: " -- "$vaksam" learners import "$tmp/nothing.csv" --db "$db"
expect 2 "use 'vaksam learners import FILE.csv'" -- "$vaksam" learners import --db "$db"
expect 2 "use 'vaksam learners import FILE.csv'" -- "$vaksam" learners export x.csv --db "$db"

# anna moves up a level, cecilia leaves; anna's answer stays where given
sqlite3 "$db" "INSERT INTO attempts(learner_id, lesson_id, lesson_version, kind, lang, started_at) \
SELECT id, 'quiz', 1, 'quiz', 'en', '2026-03-10T12:00:00Z' FROM learners WHERE login = 'anna';
INSERT INTO answers(attempt_id, seq, scene_id, choice, topic, result, answered_at, unit_id, role) \
SELECT t.id, 0, 'p/q', 0, 'ciso', 'correct', '2026-03-10T12:00:00Z', l.unit_id, l.role \
FROM attempts t JOIN learners l ON l.id = t.learner_id WHERE l.login = 'anna'"
expect 0 "0 added, 1 changed, 2 unchanged, 0 back again; 1 marked as having left." -- \
    "$vaksam" learners import learners/moved.csv --db "$db"
same "anna's new unit" "R1-HS" \
    "$(q "SELECT u.hr_id FROM learners l JOIN units u ON u.id = l.unit_id WHERE login = 'anna'")"
same "anna's answer's unit" "R1-HS-AKUT" \
    "$(q "SELECT u.hr_id FROM answers a JOIN units u ON u.id = a.unit_id")"
same "cecilia has left" "0" "$(q "SELECT active FROM learners WHERE login = 'cecilia'")"
expect 0 "0 added, 1 changed, 2 unchanged, 1 back again; 0 marked as having left." -- \
    "$vaksam" learners import learners/valid.csv --db "$db"

# fields of 10,000 bytes, whole, in both imports
long=$(head -c 10000 /dev/zero | tr '\0' 'x')
printf 'id,name,parent_id\nR1,Region Exempel,\nLONG-%s,"%s, long",R1\n' "$long" "$long" > "$tmp/long-units.csv"
expect 0 "Imported 2 units" -- "$vaksam" units import "$tmp/long-units.csv" --db "$db"
same "a long unit's name" "10006" "$(q "SELECT length(name) FROM units WHERE hr_id LIKE 'LONG-%'")"
same "a long unit's id" "10005" "$(q "SELECT length(hr_id) FROM units WHERE hr_id LIKE 'LONG-%'")"
printf 'login,name,unit,role\nlong-%s,%s,LONG-%s,staff\n' "$long" "$long" "$long" > "$tmp/long-learners.csv"
expect 0 "1 added" -- "$vaksam" learners import "$tmp/long-learners.csv" --db "$db"
same "a long login and name" "10005|10000" \
    "$(q "SELECT length(login) || '|' || length(name) FROM learners WHERE login LIKE 'long-%'")"
# a long field in a message is cut, not the whole 10,000 bytes
printf 'login,name,unit,role\nlong-%s,x,NOWHERE-%s,staff\n' "$long" "$long" > "$tmp/long-bad.csv"
out=$("$vaksam" learners import "$tmp/long-bad.csv" --db "$db" 2>&1)
case $out in
*"long-xxxxxxxxxx"*"...' is not in"*) ok ;;
*) bad "the long field's message: $(printf '%s' "$out" | head -c 300)" ;;
esac
[ ${#out} -lt 1000 ] && ok || bad "a message of ${#out} bytes"

rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
