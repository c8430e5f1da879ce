#!/usr/bin/env bash
# The main job: installs what is missing, builds everything, then runs
# `gatewaydb demo` against a fresh store in ./gatewaydb-data. Arguments
# are passed to `gatewaydb demo` (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
rm -rf gatewaydb-data
./build/cli/gatewaydb --db gatewaydb-data demo "$@"
