#!/bin/sh
# test.sh: sets everything up and runs every test through ctest, twice:
# the normal build, then a build with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --test
ctest --test-dir build --output-on-failure -j2

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVAKSAM_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j2 -LE slow
