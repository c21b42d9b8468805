#!/bin/sh
# setup.sh [--test]: installs the Debian 12 packages Vaksam needs (through
# sudo when not root; only those missing), then configures and builds into
# build/. --test adds what the test suite needs.
set -eu
cd "$(dirname "$0")/.."

packages="build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libsqlite3-dev libsodium-dev libpq-dev zlib1g-dev libcurl4-openssl-dev gettext
fonts-dejavu-core"
if [ "${1:-}" = "--test" ]; then
    packages="$packages git sqlite3 python3 xvfb xauth xdotool valgrind
    desktop-file-utils appstream man-db
    postgresql"
    # the xAPI test's tools come from npm (tests/xapi/package-lock.json);
    # Debian's node and npm unless the machine has a node of its own
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        packages="$packages nodejs npm"
    fi
fi

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing:$missing"
    $sudo apt-get update -q
    # shellcheck disable=SC2086 # one word per package
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends $missing
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
