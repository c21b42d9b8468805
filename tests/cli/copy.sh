#!/bin/sh
# copy.sh VAKSAM PGDIR CHEAP_HASH: `vaksam db copy` and `demo-data` on a
# server, as a user meets them, against the test server of the ctest
# fixture pg (PGDIR/env says how to connect; the password comes from the
# environment, never from the command line). A demo organisation with the
# CISO's password is copied and its reports are the file's, byte for byte;
# a second copy is refused and so are a URI with a password in it, a file
# for --to, a server for --from, a missing file and a damaged one, each
# with its message and exit status, in English and Swedish; the CISO's
# own database role gets the file's report from the server, a learner's
# role none, and neither reads a row of answers; demo-data fills
# a server database once and refuses it the second time.
set -u
vaksam=$1
pgdir=$2
cheap_hash=$3
. "$(dirname "$0")/check.sh"
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES

[ -r "$pgdir/env" ] || { echo "FAIL: cannot read $pgdir/env (run through ctest: the fixture pg starts the server)"; exit 1; }
. "$pgdir/env"
export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
psql=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
[ -n "$psql" ] || psql=psql
# the server's URI without its password, and with no database
server=$(sed 's|^\(postgresql://[^:@/]*\):[^@]*@|\1@|; s|/[^/]*$||' "$pgdir/uri")
case $server in *"$PGPASSWORD"*) echo "FAIL: the URI kept its password"; exit 1 ;; esac
tmp=$(mktemp -d)
dbs=""
newdb() { # newdb NAME: a new database, dropped at the end
    name=vaksam_cli_$$_$1
    "$psql" -X -q -c "CREATE DATABASE $name" || bad "CREATE DATABASE $name"
    dbs="$dbs $name"
    echo "$server/$name"
}
roles=""
cleanup() {
    for d in $dbs; do
        "$psql" -X -q -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"
    done
    for r in $roles; do
        "$psql" -X -q -c "DROP ROLE IF EXISTS $r"
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# a demo organisation with the CISO's password, copied
pw="a password for the copy"
expect 0 "120 learners" -- "$vaksam" demo-data --learners 120 --units 6 \
    --months 4 --db "$tmp/org.db"
sqlite3 "$tmp/org.db" "INSERT INTO settings(key, value) VALUES \
('ciso_password', '$("$cheap_hash" "$pw")')"
to=$(newdb a)
expect 0 "every table was read back and checked" -- \
    "$vaksam" db copy --from "$tmp/org.db" --to "$to"
for by in topic unit month; do
    a=$(printf '%s\n' "$pw" | "$vaksam" report --by $by --format csv \
        --db "$tmp/org.db" 2>&1)
    b=$(printf '%s\n' "$pw" | "$vaksam" report --by $by --format csv \
        --db "$to" 2>&1)
    same "report --by $by on the copy" "$a" "$b"
    case $a in *",overall,"*) ok ;; *) bad "report --by $by: no figures: $a" ;; esac
done
# the register on the copy is the file's, and lists completions
a=$(printf '%s\n' "$pw" | "$vaksam" register --period last-12 --format csv \
    --db "$tmp/org.db" 2>&1)
b=$(printf '%s\n' "$pw" | "$vaksam" register --period last-12 --format csv \
    --db "$to" 2>&1)
same "register on the copy" "$a" "$b"
case $b in *"learner0"*",awareness-quiz,"*) ok ;; *) bad "register: no completions: $b" ;; esac

# the CISO and a learner, each signed in as their own role: the CISO's
# report without a password of ours, the same figures; the learner refused
ciso=vaksam_cli_ciso_$$ learner=vaksam_cli_learner_$$
"$psql" -X -q -c "CREATE ROLE $ciso LOGIN PASSWORD 'pw-ciso'; \
CREATE ROLE $learner LOGIN PASSWORD 'pw-learner'" || bad "CREATE ROLE"
roles="$ciso $learner"
expect 0 "" -- "$vaksam" db init-roles --db "$to"
"$psql" -X -q -c "GRANT vaksam_ciso TO $ciso; GRANT vaksam_learner TO $learner"
as_ciso=$(printf '%s' "$to" | sed "s|//[^@]*@|//$ciso@|")
as_learner=$(printf '%s' "$to" | sed "s|//[^@]*@|//$learner@|")
a=$(printf '%s\n' "$pw" | "$vaksam" report --by unit --format csv \
    --db "$tmp/org.db" 2>&1)
b=$(PGPASSWORD=pw-ciso "$vaksam" report --by unit --format csv \
    --db "$as_ciso" </dev/null 2>&1)
same "the CISO's own report from the server" "$a" "$b"
expect 1 "the database role $learner may not see the CISO's view" -- \
    env PGPASSWORD=pw-learner "$vaksam" report --format csv --db "$as_learner"
expect 1 "permission denied for table answers" -- env PGPASSWORD=pw-ciso \
    "$psql" -X -d "${to##*/}" -U "$ciso" -c "SELECT count(*) FROM vaksam.answers"
expect 1 "no password of the CISO's view to set or reset" -- \
    env PGPASSWORD=pw-ciso "$vaksam" ciso set-password --db "$as_ciso"
expect 0 "fewer than 7 learners" -- \
    env PGPASSWORD=pw-ciso "$vaksam" ciso set-k 7 --db "$as_ciso"

# a second copy: refused, nothing changed
before=$("$psql" -X -At -d "${to##*/}" -c "SELECT count(*) FROM vaksam.answers")
expect 1 "the database is not empty (it has units, learners, attempts, answers" -- \
    "$vaksam" db copy --from "$tmp/org.db" --to "$to"
expect 1 "databasen är inte tom" -- \
    "$vaksam" --lang sv db copy --from "$tmp/org.db" --to "$to"
after=$("$psql" -X -At -d "${to##*/}" -c "SELECT count(*) FROM vaksam.answers")
same "answers after a refused copy" "$before" "$after"

# what the command line refuses
expect 2 "never put the database password in --to" -- \
    "$vaksam" db copy --from "$tmp/org.db" --to "postgresql://u:s3cr3t@h/d"
out=$("$vaksam" db copy --from "$tmp/org.db" --to "postgresql://u:s3cr3t@h/d" 2>&1)
case $out in *s3cr3t*) bad "the password was printed: $out" ;; *) ok ;; esac
expect 2 "skriv aldrig databasens lösenord i --to" -- \
    "$vaksam" --lang sv db copy --from "$tmp/org.db" --to "postgresql://u:s3cr3t@h/d"
expect 2 "use 'vaksam db copy --from FILE.db --to postgresql://...'" -- \
    "$vaksam" db copy --from "$tmp/org.db"
expect 2 "använd ”vaksam db copy --from FIL.db --to postgresql://...”" -- \
    "$vaksam" --lang sv db copy --to "$to"
expect 2 "--to takes a postgresql:// URI, not '$tmp/x.db'" -- \
    "$vaksam" db copy --from "$tmp/org.db" --to "$tmp/x.db"
expect 2 "--from takes a SQLite file, not '$to'" -- \
    "$vaksam" db copy --from "$to" --to "$to"
expect 2 "unknown option '--form'" -- \
    "$vaksam" db copy --form "$tmp/org.db" --to "$to"
expect 0 "db copy --from FILE.db --to postgresql://" -- "$vaksam" --help
expect 0 "kopiera en organisation från en SQLite-fil" -- "$vaksam" --lang sv --help

# files that are refused, the target untouched
empty=$(newdb b)
expect 1 "$tmp/none.db: cannot read the file: No such file or directory" -- \
    "$vaksam" db copy --from "$tmp/none.db" --to "$empty"
[ ! -e "$tmp/none.db" ] && ok || bad "a missing --from file was made"
cp "$tmp/org.db" "$tmp/damaged.db"
root=$(sqlite3 "$tmp/damaged.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'answers'")
yes "vaksam damage test noise" | head -c 4096 |
    dd of="$tmp/damaged.db" bs=4096 seek=$((root - 1)) conv=notrunc 2>/dev/null
expect 1 "$tmp/damaged.db: the database file is damaged" -- \
    "$vaksam" db copy --from "$tmp/damaged.db" --to "$empty"
expect 1 "databasfilen är skadad" -- \
    "$vaksam" --lang sv db copy --from "$tmp/damaged.db" --to "$empty"
schema=$("$psql" -X -At -d "${empty##*/}" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'vaksam'")
same "the schema in the target of a refused copy" 0 "$schema"

# demo-data on a server: once, then refused
demo=$(newdb c)
expect 0 "50 learners" -- "$vaksam" demo-data --learners 50 --units 3 \
    --months 2 --db "$demo"
expect 1 "the database already has an organisation" -- \
    "$vaksam" demo-data --learners 50 --units 3 --months 2 --db "$demo"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
