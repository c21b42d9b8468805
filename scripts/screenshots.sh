#!/bin/sh
# screenshots.sh: remakes the README's screenshots (docs/screenshots/*.png)
# from the UI tests' own frames: the tests drive the real window under SDL's
# dummy driver and save each checked frame (VAKSAM_TEST_SHOTS); this keeps
# the ones the README shows, under stable names. Run after a build.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VAKSAM_TEST_SHOTS="$tmp" "$build/tests/test_ui" >/dev/null
VAKSAM_TEST_SHOTS="$tmp" "$build/tests/test_dashboard" --quick >/dev/null
mkdir -p docs/screenshots
# README name      the test's frame (a pattern of its file's name)
while read -r name frame; do
    src=$(ls "$tmp"/$frame.png 2>/dev/null | head -n 1)
    if [ -z "$src" ]; then
        echo "screenshots.sh: the tests made no frame '$frame'" >&2
        exit 1
    fi
    cp "$src" "docs/screenshots/$name.png"
    echo "docs/screenshots/$name.png"
done <<'LIST'
home-en         [0-9][0-9]-home-done
decision-en     [0-9][0-9]-decision-focus
feedback-sv     [0-9][0-9]-feedback-sv
debrief-en      [0-9][0-9]-debrief
quiz-en         [0-9][0-9]-quiz-feedback
settings-sv     [0-9][0-9]-settings-sv
dashboard-en    dash-[0-9][0-9]-demo-900
dashboard-sv    dash-[0-9][0-9]-sv-contrast
LIST
