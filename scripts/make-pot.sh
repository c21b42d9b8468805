#!/bin/sh
# make-pot.sh VAKSAM OUT: writes the PO template for the C sources (xgettext)
# and the lessons (vaksam extract-lessons) to OUT. Run from the source root
# so that "#:" references are relative. C sources are referenced by file
# only, so moving code does not make the pot stale; lessons by file and
# line. The output has no date in it, so the same sources always give the
# same file (CI compares it).
set -eu
vaksam=$1
out=$2
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
export LC_ALL=C
cat > "$tmp" <<'HEADER'
# Vaksam's messages: the program (game/) and the lessons (lessons/).
# Regenerate with: cmake --build build --target pot
msgid ""
msgstr ""
"Project-Id-Version: vaksam\n"
"Report-Msgid-Bugs-To: \n"
"Language: \n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n"
HEADER
xgettext --omit-header --from-code=UTF-8 --language=C --keyword=_ \
    --keyword=N_ --add-comments=TRANSLATORS: --add-location=file -o - \
    $(ls game/*.c game/core/*.c game/ui/*.c | sort) | sed '1{/^$/d}' >> "$tmp"
"$vaksam" extract-lessons $(ls lessons/*.lesson | sort) >> "$tmp"
msgcat "$tmp" > /dev/null  # a syntax check
cat "$tmp" > "$out"
