#!/bin/sh
# run.sh [OPTION...]: sets everything up, then starts the trainer. Options
# go to vaksam (see vaksam --help). A new database gets a demo organisation.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
exec build/vaksam "$@"
