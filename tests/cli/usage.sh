#!/bin/sh
# usage.sh VAKSAM FIXTURES CHEAP_HASH: the command line's grammar as its
# table promises it. --db=PATH as --db PATH, `--` ends the options; every
# command's --help (and `vaksam help COMMAND`) prints its own synopsis and
# exits 0; an option a command does not take is refused naming both, exit
# 2, before anything is opened; and every command that writes to standard
# output fails, exit 1, when that output cannot be written (/dev/full, a
# closed descriptor) instead of exiting 0 with the output lost.
set -u
vaksam=$1
fx=$2
cheap_hash=$3
. "$(dirname "$0")/check.sh"
missing() { # missing FILE: nothing was made there
    if [ -e "$1" ]; then bad "$1 was made"; else ok; fi
}
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES VAKSAM_DB
export VAKSAM_SYSCONFDIR=/nonexistent/vaksam-etc
export XDG_CONFIG_HOME=/nonexistent/vaksam-config
export XDG_STATE_HOME=/nonexistent/vaksam-state
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$fx" || exit 1

# --db=PATH is --db PATH; so is every option with a value
expect 0 "Imported 4 units into $tmp/eq.db" -- \
    "$vaksam" units import units/valid.csv --db="$tmp/eq.db"
expect 0 "Imported 4 units into $tmp/sp.db" -- \
    "$vaksam" units import units/valid.csv --db "$tmp/sp.db"
expect 0 "db = $tmp/flag.db " -- "$vaksam" config show --db="$tmp/flag.db"
expect 0 "size = 800x600 " -- "$vaksam" config show --size=800x600
expect 0 "No problems (lessons: 1" -- \
    "$vaksam" check-lessons --po=sample-valid.po valid.lesson
expect 0 "kontrollera" -- "$vaksam" --lang=sv --help
expect 2 "--db needs a value" -- "$vaksam" db check --db=
expect 2 "--cues takes no value" -- "$vaksam" check-lessons --cues=yes
# no abbreviations: a slip is not quietly another option
expect 2 "unknown option '--u'" -- "$vaksam" report --u 3
expect 2 "unknown option '--form'" -- "$vaksam" report --form csv
expect 2 "unknown option '--lea'" -- "$vaksam" demo-data --lea=5 --db "$tmp/a.db"
# -- ends the options: what follows is a file, even when it looks like one
printf 'x\n' >"$tmp/-odd.lesson"
expect 1 "$tmp/-odd.lesson:1:" -- "$vaksam" check-lessons -- "$tmp/-odd.lesson"
expect 2 "unknown option '--odd'" -- "$vaksam" check-lessons --odd
# options before, between and after the command's words
expect 0 "Imported 4 units into $tmp/mix.db" -- \
    "$vaksam" --db "$tmp/mix.db" units --lang en import units/valid.csv

# every command in the list has its own help, on standard output, exit 0
"$vaksam" --help >"$tmp/help" 2>"$tmp/err"
expect 0 "" -- test ! -s "$tmp/err"
# a command's name is its first word, and its second when the first
# names a group of commands ("ciso set-k")
commands=$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | grep '^  [a-z]' |
    while read -r first second rest; do
        if "$vaksam" "$first" --help 2>/dev/null | grep -q "^The commands of"; then
            echo "$first $second"
        else
            echo "$first"
        fi
    done)
for want in play check-lessons extract-lessons "units import" \
    "ciso set-password" "ciso reset-password" "ciso set-k" report register \
    demo-data "db check" "db init-roles" "db copy" "config show" help; do
    if printf '%s\n' "$commands" | grep -qx "$want"; then ok; else
        bad "'vaksam --help' does not list '$want'"
    fi
done
printf '%s\n' "$commands" >"$tmp/commands"
while read -r cmd; do
    # shellcheck disable=SC2086
    "$vaksam" $cmd --help >"$tmp/one" 2>"$tmp/err"
    status=$?
    if [ $status -eq 0 ] && [ ! -s "$tmp/err" ] &&
        head -n 1 "$tmp/one" | grep -q "^Usage: vaksam $cmd\( \|$\)" &&
        grep -q "^Options:" "$tmp/one"; then ok; else
        bad "'vaksam $cmd --help' exited $status:"; head -n 3 "$tmp/one" "$tmp/err"
    fi
    # shellcheck disable=SC2086
    "$vaksam" help $cmd >"$tmp/two" 2>&1
    if cmp -s "$tmp/one" "$tmp/two"; then ok; else
        bad "'vaksam help $cmd' differs from 'vaksam $cmd --help'"
    fi
done <"$tmp/commands"
# a command's help reads no configuration and needs none of its words
expect 0 "Usage: vaksam units import FILE.csv" -- \
    "$vaksam" units import --help --config "$tmp/nowhere.conf"
expect 0 "--learners N" -- "$vaksam" demo-data --help
expect 0 "--format F" -- "$vaksam" register -h
expect 0 "ciso set-k N" -- "$vaksam" ciso --help
expect 0 "Användning: vaksam report" -- "$vaksam" --lang sv report --help
expect 2 "unknown command 'frob'" -- "$vaksam" help frob
expect 2 "unknown 'ciso' command 'frob'" -- "$vaksam" ciso frob
expect 2 "use 'vaksam ciso set-k N'" -- "$vaksam" ciso set-k

# an option the command does not take: refused, naming both, nothing made
expect 2 "'extract-lessons' takes no --db" -- "$vaksam" extract-lessons --db "$tmp/a.db"
expect 2 "'db copy' takes no --db" -- "$vaksam" db copy --db "$tmp/a.db" --from x --to y
expect 2 "'register' takes no --png" -- "$vaksam" register --png "$tmp/a.png" --db "$tmp/a.db"
expect 2 "'ciso set-k' takes no --period" -- "$vaksam" ciso set-k 5 --period 2026 --db "$tmp/a.db"
expect 2 "'units import' takes no --user" -- \
    "$vaksam" units import units/valid.csv --user anna --db "$tmp/a.db"
expect 2 "'config show' takes no --format" -- "$vaksam" config show --format csv
expect 2 "'play' takes no --from" -- "$vaksam" --from "$tmp/a.db"
expect 2 "Try 'vaksam demo-data --help'." -- "$vaksam" demo-data --png x --db "$tmp/a.db"
missing "$tmp/a.db"
missing "$tmp/a.png"

# standard output that cannot be written: exit 1, saying so
db="$tmp/org.db"
pw="the CISO's long password"
"$vaksam" demo-data --learners 60 --units 3 --months 2 --db "$db" >/dev/null 2>&1
sqlite3 "$db" "INSERT INTO settings(key, value) VALUES ('ciso_password', \
'$("$cheap_hash" "$pw")')"
full() { # full INPUT COMMAND...: fails on /dev/full, works on a file
    input=$1
    shift
    printf '%s\n' "$input" | "$@" >/dev/full 2>"$tmp/err"
    status=$?
    # the reason, when the last write saw it (else an earlier one did,
    # and the command or this line says so without it)
    if [ $status -eq 1 ] && grep -qF "vaksam: cannot write to standard output" "$tmp/err" &&
        grep -qF "No space left on device" "$tmp/err"; then
        ok
    else
        bad "'$*' > /dev/full exited $status:"; cat "$tmp/err"
    fi
    printf '%s\n' "$input" | "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -eq 0 ] && [ -s "$tmp/out" ]; then ok; else
        bad "'$*' exited $status into a file:"; cat "$tmp/err"
    fi
}
full "" "$vaksam" --help
full "" "$vaksam" --version
full "" "$vaksam" --man
full "" "$vaksam" report --help
full "" "$vaksam" help db copy
full "" "$vaksam" extract-lessons
full "" "$vaksam" extract-lessons valid.lesson
full "" "$vaksam" check-lessons --cues
full "" "$vaksam" config show
full "" "$vaksam" db check --db "$db"
full "$pw" "$vaksam" report --format csv --db "$db"
full "$pw" "$vaksam" report --format json --by unit --db "$db"
full "$pw" "$vaksam" register --format csv --db "$db"
full "$pw" "$vaksam" register --format json --db "$db"
# a closed standard output: the same
"$vaksam" --version >&- 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && grep -qF "cannot write to standard output" "$tmp/err"; then ok; else
    bad "--version with standard output closed exited $status"; cat "$tmp/err"
fi
# ... but a command that writes nothing there does not care
expect 0 "Imported 4 units" -- sh -c "'$vaksam' units import units/valid.csv --db '$tmp/c.db' >&-"
# a failed command keeps its own status when the output fails too
expect 2 "takes no --db" -- sh -c "'$vaksam' extract-lessons --db x >/dev/full"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
