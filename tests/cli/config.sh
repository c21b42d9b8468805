#!/bin/sh
# config.sh VAKSAM FIXTURES: the configuration files as an IT department
# and a user meet them, through the real binary: a system file (in the
# folder $VAKSAM_SYSCONFDIR names) and a user file ($XDG_CONFIG_HOME)
# under `config show` (every value with its file:line, environment, flag
# or default; passwords masked), --config, $VAKSAM_DB and flags above
# the files; every command taking its settings from them; a bad file
# stopping every command with exit status 2 and file:line messages
# before anything is opened or written, in English and Swedish; the
# warning for a password others can read; a file that cannot be read.
set -u
vaksam=$1
fx=$2
. "$(dirname "$0")/check.sh"
lacks() { # lacks PATTERN -- COMMAND...: COMMAND's output has no PATTERN
    pattern=$1
    shift 2
    if "$@" 2>&1 | grep -qF -- "$pattern"; then
        bad "'$*' printed '$pattern'"
    else
        ok
    fi
}
missing() { # missing FILE: nothing was made there
    if [ -e "$1" ]; then bad "$1 was made"; else ok; fi
}
export LANG=C
unset LANGUAGE LC_ALL LC_MESSAGES VAKSAM_DB
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/etc" "$tmp/xdg/vaksam" "$tmp/home" "$tmp/lessons"
export VAKSAM_SYSCONFDIR="$tmp/etc" XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp/home"
sys="$tmp/etc/vaksam.conf"
user="$tmp/xdg/vaksam/vaksam.conf"
cp "$fx/valid.lesson" "$tmp/lessons/"

# the machine's file, as IT would write it, and the user's
cat >"$sys" <<EOF
# Vaksam, as IT sets it on every workstation
db = $tmp/central.db
lang = sv
size = 1280x800
export-dir = ~/Dokument   # under the user's home
xapi-endpoint = https://lrs.example.org/xapi/
EOF
cat >"$user" <<EOF
lang = en
lessons = "$tmp/lessons"
text-size = 130
EOF
chmod 644 "$sys"
chmod 600 "$user"
show() { "$vaksam" config show "$@" 2>&1; }
line_of() { # line_of KEY SOURCE -- COMMAND...: KEY's line ends in "# SOURCE"
    key=$1 source=$2
    shift 3
    if "$@" 2>&1 | grep -q -- "^$key = .*  # $source\$"; then ok; else
        bad "'$*': no '$key = ...  # $source' in:"; "$@" 2>&1
    fi
}
line_of db "$sys:2" -- show
line_of lang "$user:1" -- show
line_of lessons "$user:2" -- show
line_of size "$sys:4" -- show
line_of text-size "$user:3" -- show
line_of high-contrast default -- show
line_of export-dir "$sys:5" -- show
expect 0 "export-dir = $tmp/home/Dokument " -- show
expect 0 "# system file: $sys (read)" -- show
expect 0 "# user file: $user (read)" -- show
expect 0 "# xapi-password: not set" -- show
# the environment over the files, a flag over the environment
line_of db "environment: VAKSAM_DB" -- env VAKSAM_DB="$tmp/env.db" "$vaksam" config show
line_of db "command line: --db" -- env VAKSAM_DB="$tmp/env.db" "$vaksam" config show --db "$tmp/flag.db"
expect 0 "db = $tmp/flag.db " -- env VAKSAM_DB="$tmp/env.db" "$vaksam" config show --db "$tmp/flag.db"
line_of size "command line: --size" -- show --size 800x600
line_of high-contrast "command line: --high-contrast" -- show --high-contrast
line_of lang "kommandoraden: --lang" -- show --lang sv
# --config instead of the user's file, after the system's (whose
# language, Swedish, now has the last word)
printf 'size = 1600x900\n' >"$tmp/other.conf"
line_of size "$tmp/other.conf:1" -- show --config "$tmp/other.conf"
line_of lang "$sys:3" -- show --config "$tmp/other.conf"
line_of lessons standard -- show --config "$tmp/other.conf"
expect 0 "# --config: $tmp/other.conf (läst)" -- show --config "$tmp/other.conf"
expect 0 "# systemets fil: $sys (läst)" -- show --config "$tmp/other.conf"
expect 2 "$tmp/nowhere.conf: cannot read the configuration: No such file or directory" -- \
    show --config "$tmp/nowhere.conf"
expect 2 "use 'vaksam config show'" -- "$vaksam" config

# every command takes its settings from the files
expect 0 "No problems (lessons: 1" -- "$vaksam" check-lessons --po "$fx/sample-valid.po"
expect 0 "Imported 4 units into $tmp/central.db" -- "$vaksam" units import "$fx/units/valid.csv"
expect 0 "$tmp/central.db: ok" -- "$vaksam" db check
expect 0 "The CISO's password is set (stored as an Argon2id hash in $tmp/central.db)" -- \
    sh -c "printf '%s\n' 'a long enough password' | '$vaksam' ciso set-password"
expect 1 "already has an organisation" -- "$vaksam" demo-data --lessons "$fx/../../lessons"
expect 0 "600 learners" -- "$vaksam" demo-data --db "$tmp/demo.db" --learners 600 --units 12 \
    --months 6 --lessons "$fx/../../lessons"
# the picture's width from the system file's size
printf '%s\n' 'a long enough password' |
    "$vaksam" ciso set-password --db "$tmp/demo.db" >/dev/null 2>&1
printf '%s\n' 'a long enough password' |
    "$vaksam" report --db "$tmp/demo.db" --png "$tmp/d.png" >/dev/null 2>&1
expect 0 "1280 " -- python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(*struct.unpack('>II', d[16:24]))" "$tmp/d.png"
# the window (SDL's dummy driver): the database of the files
printf 'db = %s\n' "$tmp/play.db" >"$tmp/play.conf"
env SDL_VIDEODRIVER=dummy "$vaksam" play --user anna --config "$tmp/play.conf" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s "$tmp/play.db" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill $pid 2>/dev/null
wait $pid
if [ -s "$tmp/play.db" ]; then ok; else bad "the window did not open the file's db"; fi
# the language of the files is the messages' too
expect 2 "ange vad som ska skrivas" -- "$vaksam" report --config "$tmp/other.conf"

# a password others can read: said, with the file's name; the command runs
printf 'xapi-username = lrs\nxapi-password = "s3cret pass"\n' >>"$user"
chmod 640 "$user"
expect 0 "$user:5: warning: xapi-password holds a password, and others can read this file (mode 640); make it readable by its owner only (chmod 600 $user)" -- show
lacks "s3cret" -- show
line_of xapi-password "$user:5" -- show
expect 0 "xapi-password = ********" -- show
chmod 600 "$user"
lacks "warning" -- show
printf 'db = postgresql://vaksam:s3cret@db.example.org/vaksam\n' >"$tmp/pg.conf"
chmod 644 "$tmp/pg.conf"
expect 0 "$tmp/pg.conf:1: warning: db holds a password" -- show --config "$tmp/pg.conf"
expect 0 "db = postgresql://vaksam:********@db.example.org/vaksam " -- show --config "$tmp/pg.conf"
lacks "s3cret" -- show --config "$tmp/pg.conf"

# a bad file stops every command before anything is opened or written
cat >"$tmp/bad.conf" <<EOF
# a bad file
hgh-contrast = true
db $tmp/x.db
size = 10x10
size = 800x600
db = $tmp/never.db
EOF
bad_conf="$tmp/bad.conf"
for cmd in "play" "check-lessons" "report --format csv" "register --format csv" \
    "demo-data" "units import $fx/units/valid.csv" "db check" "ciso set-password" \
    "ciso set-k 9" "ciso reset-password" "config show" "extract-lessons"; do
    # shellcheck disable=SC2086
    expect 2 "$bad_conf:2: unknown key 'hgh-contrast'; did you mean 'high-contrast'?" -- \
        env SDL_VIDEODRIVER=dummy "$vaksam" $cmd --config "$bad_conf"
done
missing "$tmp/never.db"
out=$("$vaksam" config show --config "$bad_conf" 2>&1 </dev/null)
for want in "$bad_conf:3: expected 'key = value', like 'lang = sv'" \
    "$bad_conf:4: size takes WxH (width x height) of at least 480x360, like 1024x720, not '10x10'" \
    "$bad_conf:5: size is set twice in this file (first on line 4)" \
    "vaksam: 4 problems in the configuration; nothing was opened or changed."; do
    if printf '%s\n' "$out" | grep -qxF -- "$want"; then ok; else
        bad "no line '$want' in:"; echo "$out"
    fi
done
# in Swedish, from the environment or from --lang
expect 2 "$bad_conf:2: okänd nyckel ”hgh-contrast”; menade du ”high-contrast”?" -- \
    env LANG=sv_SE.UTF-8 "$vaksam" config show --config "$bad_conf"
expect 2 "$bad_conf:4: size kräver BxH (bredd x höjd) på minst 480x360, till exempel 1024x720, inte ”10x10”" -- \
    "$vaksam" --lang sv db check --config "$bad_conf"
expect 2 "vaksam: 4 problem i konfigurationen; ingenting öppnades eller ändrades." -- \
    "$vaksam" --lang sv db check --config "$bad_conf"
# a bad system file stops it too; --help and --version still answer
printf 'text-size = huge\n' >>"$sys"
expect 2 "$sys:7: text-size takes the text size in percent, from 70 to 200, not 'huge'" -- \
    "$vaksam" db check --db "$tmp/central.db"
expect 0 "config show" -- "$vaksam" --help
expect 0 "vaksam " -- "$vaksam" --version
sed -i '$d' "$sys"
expect 2 "vaksam: VAKSAM_DB takes a database file's path or a postgresql:// URI, not 'mysql://db/x'" -- \
    env VAKSAM_DB=mysql://db/x "$vaksam" db check
expect 2 "--text-size takes the text size in percent, from 70 to 200, not '20'" -- \
    "$vaksam" --text-size 20

# a file that is there but cannot be read is an error, a missing one is not
rm "$user"
expect 0 "# user file: $user (not there)" -- show --lang en
printf 'lang = sv\n' >"$user"
chmod 000 "$user"
if [ "$(id -u)" -eq 0 ]; then # root reads every file: be nobody
    chmod 755 "$tmp" "$tmp/xdg" "$tmp/xdg/vaksam" "$tmp/etc" "$tmp/home"
    chmod 644 "$sys"
    as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if $as_other true 2>/dev/null; then
        expect 2 "$user: cannot read the configuration: Permission denied" -- \
            $as_other "$vaksam" config show
    else
        echo "an unreadable file: not checked, cannot become nobody"
    fi
else
    expect 2 "$user: cannot read the configuration: Permission denied" -- show
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
