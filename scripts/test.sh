#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then runs the CTest
# suites (engine tests, the C11 program, the exported-symbol check, the
# CLI tests, the reliability tests and the benchmark's quick consistency
# run), the Python binding tests, the suites again under AddressSanitizer,
# UndefinedBehaviorSanitizer and ThreadSanitizer, and each fuzz target for
# GWDB_FUZZ_SECONDS (default 30) seconds. GWDB_QUICK_TESTS=1 skips the
# sanitizer and fuzz phases.
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

if [ "${GWDB_QUICK_TESTS:-0}" != 1 ]; then
  bash scripts/sanitizers.sh
  GWDB_FUZZ_SECONDS="${GWDB_FUZZ_SECONDS:-30}" bash scripts/fuzz.sh
fi
