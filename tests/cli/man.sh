#!/bin/sh
# man.sh VAKSAM PAGE: the manual page the build wrote (PAGE, vaksam.1) is
# the program's own, current, and well formed: man renders it and it
# names every command of `vaksam --help` and every option of each
# command's help, its configuration files, environment and exit statuses;
# lexgrog finds its NAME line; groff -ww and man --warnings say nothing.
set -u
vaksam=$1
page=$2
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -s "$page" ]; then ok; else bad "$page is missing or empty"; fi
"$vaksam" --lang en --man >"$tmp/now.1"
if cmp -s "$tmp/now.1" "$page"; then ok; else bad "$page is not what 'vaksam --man' prints now"; fi

MANWIDTH=80 man -l "$page" >"$tmp/page" 2>"$tmp/err"
status=$?
if [ $status -eq 0 ] && [ ! -s "$tmp/err" ] && [ "$(wc -l <"$tmp/page")" -gt 100 ]; then ok; else
    bad "man -l $page exited $status:"; cat "$tmp/err"
fi
has() { # has WHAT TEXT: the rendered page holds TEXT
    if grep -qF -- "$2" "$tmp/page"; then ok; else bad "the page lacks $1 '$2'"; fi
}

"$vaksam" --help >"$tmp/help"
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
n=0
printf '%s\n' "$commands" >"$tmp/commands"
while read -r cmd; do
    n=$((n + 1))
    has "the command" "vaksam $cmd"
    # shellcheck disable=SC2086
    "$vaksam" $cmd --help | sed -n '/^Options:/,$p' | grep -o -- '--[a-z-]*' |
        sort -u >"$tmp/options"
    while read -r opt; do has "$cmd's option" "$opt"; done <"$tmp/options"
done <"$tmp/commands"
if [ $n -ge 15 ]; then ok; else bad "only $n commands in 'vaksam --help'"; fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS CONFIGURATION \
    FILES ENVIRONMENT "EXIT STATUS"; do
    if grep -qx "$section" "$tmp/page"; then ok; else bad "no section $section"; fi
done
has "a file" "/etc/vaksam/vaksam.conf"
has "a file" "~/.config/vaksam/vaksam.conf"
has "a variable" "VAKSAM_DB"
has "a variable" "VAKSAM_SYSCONFDIR"
has "a variable" "XDG_CONFIG_HOME"
for status in 0 1 2; do
    if grep -q "^       $status  " "$tmp/page"; then ok; else bad "exit status $status not described"; fi
done

out=$(lexgrog "$page" 2>&1)
case $out in
*'"vaksam - '*) ok ;;
*) bad "lexgrog: $out" ;;
esac
groff -ww -z -man "$page" >"$tmp/groff" 2>&1
if [ $? -eq 0 ] && [ ! -s "$tmp/groff" ]; then ok; else
    bad "groff -ww -z -man warns:"; cat "$tmp/groff"
fi
MANWIDTH=80 man --warnings -l "$page" >/dev/null 2>"$tmp/warn"
if [ ! -s "$tmp/warn" ]; then ok; else bad "man --warnings:"; cat "$tmp/warn"; fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
