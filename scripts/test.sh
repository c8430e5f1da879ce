#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then runs the CTest
# suites (C++ engine tests, the C11 program, the exported-symbol check,
# the CLI tests and the benchmark's quick consistency run) and the Python
# binding tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j "$jobs"

if [ -d bindings/python/tests ]; then
  GATEWAYDB_LIBRARY="$PWD/build/libgatewaydb.so" \
    /usr/bin/python3 -m pytest -q bindings/python/tests
fi
