#!/bin/sh
# cli_secret.sh VAKSAM FIXTURES URI_FILE: the server's password, given the
# ways it may be given (the environment, a configuration file only its
# owner reads), never appears in what a command prints, whatever it does.
set -eu
vaksam=$1
fixtures=$2
uri=$(cat "$3")
password=$(printf '%s' "$uri" | sed 's|^postgresql://[^:]*:\([^@]*\)@.*|\1|')
[ -n "$password" ] && [ "$password" != "$uri" ] || {
    echo "FAIL: no password in $3"
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VAKSAM_SYSCONFDIR=$tmp/none XDG_CONFIG_HOME=$tmp/none XDG_STATE_HOME=$tmp/none
failed=0
check() {
    what=$1
    shift
    "$@" >"$tmp/out" 2>&1 || true
    if grep -qF "$password" "$tmp/out"; then
        echo "FAIL: $what printed the password:"
        cat "$tmp/out"
        failed=1
    fi
    if ! [ -s "$tmp/out" ]; then
        echo "FAIL: $what printed nothing"
        failed=1
    fi
}
cd "$fixtures"
check "units import" env VAKSAM_DB="$uri" "$vaksam" units import units/valid.csv
check "db init-roles" env VAKSAM_DB="$uri" "$vaksam" db init-roles
check "db check" env VAKSAM_DB="$uri" "$vaksam" db check
check "config show" env VAKSAM_DB="$uri" "$vaksam" config show
check "demo-data" env VAKSAM_DB="$uri" "$vaksam" demo-data
check "report" env VAKSAM_DB="$uri" "$vaksam" report --format csv
check "a refused --db" "$vaksam" --db "$uri" db check
check "a refused --to" "$vaksam" db copy --from "$tmp/none.db" --to "$uri"
printf 'db = "%s"\n' "$uri" >"$tmp/vaksam.conf"
chmod 600 "$tmp/vaksam.conf"
check "a config file's db" "$vaksam" --config "$tmp/vaksam.conf" units import units/valid.csv
bad=$(printf '%s' "$uri" | sed 's|\(postgresql://[^:]*:\)[^@]*@|\1not-the-password@|')
check "a refused login" env VAKSAM_DB="$bad" "$vaksam" db check
[ "$failed" -eq 0 ] && echo "the password was printed by no command"
exit "$failed"
