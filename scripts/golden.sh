#!/bin/sh
# golden.sh: remakes the UI tests' golden pictures (tests/golden/*.png)
# from the current build, after a change to how the screens look. Look
# at the new pictures before committing them.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --test
mkdir -p tests/golden
rm -f tests/golden/*.png
VAKSAM_GOLDEN_UPDATE=1 build/tests/test_golden
