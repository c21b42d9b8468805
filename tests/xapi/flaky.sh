# flaky.sh: what xapi.sh and xapi_pg.sh share, sourced by both with here
# (tests/xapi), tmp and pids set. flaky_start writes a configuration file
# with the LRS's Basic auth, private as `xapi send` wants it (conf), and
# starts the stand-in LRS of flaky_lrs.py, which refuses the third POST,
# on a free port of 127.0.0.1 (flaky: its xAPI base; its pid in pids).
flaky_start() {
    conf="$tmp/vaksam.conf"
    printf 'xapi-username = vaksam\nxapi-password = lrs-secret\n' >"$conf"
    chmod 600 "$conf"
    mkdir "$tmp/flaky"
    python3 "$here/flaky_lrs.py" "$tmp/flaky" 3 &
    pids="$pids $!"
    i=0
    while [ ! -s "$tmp/flaky/port" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    flaky="http://127.0.0.1:$(cat "$tmp/flaky/port")/xapi"
}
