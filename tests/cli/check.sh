# check.sh: what the shell tests share, sourced by each. ok and bad count
# a check that held or failed (bad says which); expect STATUS PATTERN --
# COMMAND... runs the command and holds when it exits STATUS and prints
# PATTERN (standard output and error together); same WHAT A B holds when
# A is B (what was, what is). Each test ends with
#   echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]
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
same() { # same WHAT A B
    if [ "$2" = "$3" ]; then ok; else bad "$1: '$2' became '$3'"; fi
}
