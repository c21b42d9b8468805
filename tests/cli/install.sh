#!/bin/sh
# install.sh BUILD: the program installed as a package would install it
# and run from there. `cmake --install` into a staging folder (DESTDIR)
# for the prefix /usr, and into a prefix of its own: the installed
# program finds its lessons, art and catalogs beside itself (never the
# build tree's), checks its lessons, speaks Swedish, fills a database and
# writes a report and a picture; the desktop entry and the AppStream
# metainfo pass their validators, the icon is there in every hicolor
# size, and `man` shows the page with every command.
set -u
build=$1
. "$(dirname "$0")/check.sh"
check() { # check WHAT COMMAND...: the command succeeds
    what=$1
    shift
    if out=$("$@" 2>&1); then ok; else bad "$what: $*"; echo "$out"; fi
}
tmp=$(mktemp -d /tmp/vaksam-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
    XDG_STATE_HOME="$tmp/state" HOME="$tmp/home"
unset VAKSAM_DB VAKSAM_LOCALEDIR LANGUAGE || true
mkdir -p "$HOME"

# one staged for a package, one in a prefix of its own
check "install to DESTDIR" env DESTDIR="$tmp/stage" \
    cmake --install "$build" --prefix /usr
check "install to a prefix" cmake --install "$build" --prefix "$tmp/opt"
for root in "$tmp/stage/usr" "$tmp/opt"; do
    v="$root/bin/vaksam"
    db="$tmp/$(basename "$root").db"
    [ -x "$v" ] && ok || bad "$v not installed"
    out=$("$v" config show 2>&1)
    if printf '%s\n' "$out" | grep -q "^lessons = $root/share/vaksam/lessons"; then
        ok
    else
        bad "$v reads lessons from elsewhere:"; echo "$out"
    fi
    out=$("$v" check-lessons 2>&1)
    if [ $? -eq 0 ] && printf '%s\n' "$out" | grep -q "lessons: 14,.*translations checked: 1"; then
        ok
    else
        bad "$v check-lessons:"; echo "$out"
    fi
    out=$("$v" --lang sv --help 2>&1)
    printf '%s\n' "$out" | grep -q "^Användning: vaksam" && ok ||
        { bad "$v --lang sv --help is not Swedish:"; echo "$out" | head -3; }
    out=$(LANG=sv_SE.UTF-8 "$v" check-lessons "$tmp/none.lesson" 2>&1)
    printf '%s\n' "$out" | grep -q "går inte att öppna" && ok ||
        { bad "$v: no Swedish from LANG:"; echo "$out"; }
    check "demo-data" "$v" demo-data --db "$db" --learners 60 --units 6 \
        --months 3
    printf 'install-test-pw\n' >"$tmp/pw"
    check "set-password" sh -c "'$v' ciso set-password --db '$db' <'$tmp/pw'"
    "$v" report --db "$db" --format csv <"$tmp/pw" >"$tmp/report.csv" 2>&1
    head -1 "$tmp/report.csv" | grep -q "^period,unit_id,unit,role,measure" &&
        ok || { bad "$v report:"; cat "$tmp/report.csv"; }
    "$v" report --db "$db" --png "$tmp/report.png" <"$tmp/pw" >/dev/null 2>&1
    head -c 4 "$tmp/report.png" 2>/dev/null | grep -q "PNG" && ok ||
        bad "$v report --png wrote no picture"
done

# what a desktop and a software centre read
share="$tmp/stage/usr/share"
check "desktop-file-validate" \
    desktop-file-validate "$share/applications/org.vaksam.Vaksam.desktop"
check "appstreamcli validate" appstreamcli validate --no-net \
    "$share/metainfo/org.vaksam.Vaksam.metainfo.xml"
for size in 16 22 24 32 48 64 128 256; do
    icon="$share/icons/hicolor/${size}x${size}/apps/org.vaksam.Vaksam.png"
    head -c 4 "$icon" 2>/dev/null | grep -q "PNG" && ok || bad "no $icon"
done
[ -s "$share/icons/hicolor/scalable/apps/org.vaksam.Vaksam.svg" ] && ok ||
    bad "no scalable icon"
page="$share/man/man1/vaksam.1"
if [ -s "$page" ]; then
    ok
    out=$(MANWIDTH=100 man -l "$page" 2>&1)
    for cmd in play check-lessons extract-lessons report register demo-data \
        "units import" "ciso set-password" "db check" "db copy" "config show"; do
        printf '%s\n' "$out" | grep -qF -- "$cmd" && ok ||
            bad "man vaksam does not name '$cmd'"
    done
else
    bad "no man page at $page"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
