#!/usr/bin/env bash
# Builds gatewaydb and its test suites under sanitizers and runs them:
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer (alignment
#                checks included). Runs every ctest except the benchmark
#                and the Python bindings, because a Python interpreter
#                cannot load an ASan-built library unless the runtime is
#                preloaded.
#   build-tsan/  ThreadSanitizer, only the tests labelled "concurrency" and
#                what they need.
# Each phase prints its wall-clock time.
#
# Environment:
#   GWDB_SANITIZERS      phases to run: "asan tsan" (default), or one of them
#   GWDB_SANITIZER_ROOT  directory for the build trees (default: repo root)
#   GWDB_SANITIZER_SOURCE  CMake source directory (default: repo root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="${GWDB_SANITIZER_SOURCE:-$root}"
build_root="${GWDB_SANITIZER_ROOT:-$root}"
phases="${GWDB_SANITIZERS:-asan tsan}"
jobs="$(nproc)"
status=0

# Builds `targets` (everything when empty) with `flags` and runs ctest
# with `ctest_filter`.
run_phase() {
  local name="$1" flags="$2" ctest_filter="$3" targets="$4"
  local build="$build_root/build-$name"
  local start=$SECONDS
  echo "== $name: configuring and building in $build"
  cmake -S "$source_dir" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" \
    -DGWDB_BUILD_BENCH=OFF >/dev/null
  # shellcheck disable=SC2086
  cmake --build "$build" -j "$jobs" ${targets:+--target $targets}
  local built=$SECONDS
  echo "== $name: running ctest $ctest_filter"
  # shellcheck disable=SC2086
  if ! (cd "$build" && ctest --output-on-failure -j "$jobs" $ctest_filter); then
    status=1
  fi
  echo "== $name: build $((built - start)) s, tests $((SECONDS - built)) s"
}

for phase in $phases; do
  case "$phase" in
    asan)
      export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
      export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
      run_phase asan \
        "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g" \
        "-LE bench -E python_bindings" ""
      ;;
    tsan)
      export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
      run_phase tsan "-fsanitize=thread -g" "-L concurrency" \
        "concurrency_test store_worker"
      ;;
    *)
      echo "sanitizers.sh: unknown phase $phase (use asan or tsan)" >&2
      exit 2
      ;;
  esac
done
exit "$status"
