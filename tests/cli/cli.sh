#!/bin/sh
# cli.sh VAKSAM FIXTURES: the command line as a user meets it: check-lessons
# on good and bad lessons (messages and exit statuses), bad flags, and
# Swedish output with --lang sv where no Swedish locale exists.
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

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
