#!/bin/sh
# damaged.sh VAKSAM: a real Vaksam database with noise over some of its
# interior pages (the header and page 1 intact, as an adversary or a bad
# disk leaves it) is refused by every command before anything is read or
# written: a non-zero exit, the damaged-file message, no figures on
# standard output, and the file byte for byte as it was, with no -wal left
# holding anything. `vaksam db check` says what SQLite found.
set -u
vaksam=$1
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES
# no configuration of this machine or of whoever runs the tests
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME=/nonexistent/vaksam-state
unset VAKSAM_DB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/vaksam.db
pw="correct horse battery staple"

# An organisation with answers, a CISO password and k set: what the
# CISO's commands read and write.
"$vaksam" demo-data --learners 200 --units 8 --months 6 --db "$db" 2>/dev/null ||
    bad "demo-data could not make the database"
printf '%s\n' "$pw" | "$vaksam" ciso set-password --db "$db" 2>/dev/null ||
    bad "could not set the password"
cp "$db" "$tmp/clean.db"

# Noise over six leaf pages of the answers: no CISO command reads them, so
# only a check of the whole file can tell (before the check was there,
# report printed figures and set-k wrote to the file).
pages=$(sqlite3 "$db" "SELECT pageno FROM dbstat WHERE name = 'answers' \
    AND pagetype = 'leaf' ORDER BY pageno LIMIT 6 OFFSET 10")
[ "$(echo $pages | wc -w)" -eq 6 ] || bad "no answer pages to damage: $pages"
for p in $pages; do
    yes 'vaksam damage test noise' | head -c 4096 |
        dd of="$db" bs=4096 seek=$((p - 1)) conv=notrunc status=none
done
rm -f "$db-wal" "$db-shm"
if cmp -s -n 4096 "$db" "$tmp/clean.db"; then ok; else bad "page 1 changed"; fi
if sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 | grep -q '^ok$'; then
    bad "SQLite finds nothing wrong with the damaged file"
else
    ok
fi
rm -f "$db-wal" "$db-shm"
sum=$(sha256sum < "$db")

printf 'id,name,parent_id\nX1,A new unit,\n' > "$tmp/units.csv"
damaged="the database file is damaged"

# refused NAME STATUS STDOUT-PATTERN -- COMMAND...: exits STATUS, says the
# file is damaged and where, prints nothing on standard output but
# STDOUT-PATTERN's line (empty: nothing), and leaves the file as it was.
# A password line is always on standard input, so that a command that asks
# for one must have refused the file before asking.
refused() {
    name=$1 want=$2 pattern=$3
    shift 4
    printf '%s\n' "$pw" | "$@" > "$tmp/out" 2> "$tmp/err"
    status=$?
    if [ $status -ne "$want" ]; then
        bad "$name exited $status, expected $want"; cat "$tmp/out" "$tmp/err"
    else ok; fi
    if grep -qF "$damaged" "$tmp/out" "$tmp/err" &&
        grep -qF "$db" "$tmp/out" "$tmp/err"; then ok; else
        bad "$name did not say that $db is damaged:"; cat "$tmp/err"
    fi
    if [ -z "$pattern" ] && [ -s "$tmp/out" ]; then
        bad "$name printed on standard output:"; head -5 "$tmp/out"
    elif [ -n "$pattern" ] && ! grep -qF "$pattern" "$tmp/out"; then
        bad "$name did not print '$pattern':"; head -5 "$tmp/out"
    else ok; fi
    if [ "$(sha256sum < "$db")" = "$sum" ]; then ok; else
        bad "$name changed the file"; sum=$(sha256sum < "$db")
    fi
    if [ -s "$db-wal" ]; then bad "$name left a -wal with content"; else ok; fi
}

refused "report csv" 1 "" -- "$vaksam" report --format csv --db "$db"
refused "report json" 1 "" -- "$vaksam" report --by unit --format json --db "$db"
refused "report --png" 1 "" -- "$vaksam" report --png "$tmp/d.png" --db "$db"
if [ -e "$tmp/d.png" ]; then bad "report --png wrote a picture"; else ok; fi
refused "register" 1 "" -- "$vaksam" register --format csv --db "$db"
refused "ciso set-k" 1 "" -- "$vaksam" ciso set-k 7 --db "$db"
refused "ciso set-password" 1 "" -- "$vaksam" ciso set-password --db "$db"
refused "units import" 1 "" -- "$vaksam" units import "$tmp/units.csv" --db "$db"
refused "demo-data" 1 "" -- "$vaksam" demo-data --learners 10 --db "$db"
refused "db check" 1 "integrity check found" -- "$vaksam" db check --db "$db"
refused "db check lists" 1 "btreeInitPage" -- "$vaksam" db check --db "$db"
# the window, headless: it shows the refusal and quits on SIGTERM with 1
# (10 s: under the sanitizers on a busy machine SDL took more than 3 s to
# start and so to take over SIGTERM)
refused "play" 1 "" -- env SDL_VIDEODRIVER=dummy \
    timeout --preserve-status -s TERM 10 "$vaksam" play --db "$db" --user learner000001
# and in Swedish
LANG=sv_SE.UTF-8 "$vaksam" report --format csv --db "$db" > "$tmp/out" 2>&1
if grep -qF "databasfilen är skadad" "$tmp/out"; then ok; else
    bad "no Swedish damaged-file message:"; cat "$tmp/out"
fi

# db check on the whole file: ok, exit 0, and nothing written
clean=$(sha256sum < "$tmp/clean.db")
out=$("$vaksam" db check --db "$tmp/clean.db" 2>&1)
status=$?
if [ $status -eq 0 ] && printf '%s\n' "$out" | grep -q ': ok'; then ok; else
    bad "db check of a whole file exited $status: $out"
fi
if [ "$(sha256sum < "$tmp/clean.db")" = "$clean" ]; then ok; else
    bad "db check changed a whole file"
fi
out=$("$vaksam" db check --db "$tmp/missing.db" 2>&1)
status=$?
if [ $status -eq 1 ] && [ ! -e "$tmp/missing.db" ] &&
    printf '%s\n' "$out" | grep -q "missing.db: cannot open"; then ok; else
    bad "db check of a missing file exited $status: $out"
fi
"$vaksam" db --db "$tmp/clean.db" > "$tmp/out" 2>&1
if [ $? -eq 2 ] && grep -qF "use 'vaksam db check" "$tmp/out"; then ok; else
    bad "db without check:"; cat "$tmp/out"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
