#!/bin/sh
# po_check.sh SRC VAKSAM: the translations are in order.
# - locale/vaksam.pot is what the sources and lessons give today;
# - every locale/*.po passes msgfmt --check, has every entry of the pot,
#   and none untranslated or fuzzy.
set -u
src=$1
vaksam=$2
cd "$src"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if sh scripts/make-pot.sh "$vaksam" "$tmp" && cmp -s "$tmp" locale/vaksam.pot; then
    ok
else
    bad "locale/vaksam.pot is stale: run 'cmake --build build --target pot'"
    diff "$tmp" locale/vaksam.pot | head -20
fi
for po in locale/*.po; do
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
    status=$?
    echo "$po: $stats"
    if [ $status -ne 0 ]; then
        bad "$po: msgfmt --check failed"
    elif echo "$stats" | grep -qE 'fuzzy|untranslated'; then
        bad "$po: entries are fuzzy or untranslated"
    else
        ok
    fi
    if msgcmp "$po" locale/vaksam.pot; then
        ok
    else
        bad "$po lacks entries of the pot: run 'cmake --build build --target update-po'"
    fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
