#!/bin/sh
# update-po.sh: merges locale/vaksam.pot into every locale/*.po, so that new
# strings appear untranslated and changed ones fuzzy for a translator.
set -eu
cd "$(dirname "$0")/.."
for po in locale/*.po; do
    msgmerge --quiet --update --backup=none "$po" locale/vaksam.pot
done
