#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz/, then runs each for a
# bounded time. An input that crashes a target is copied into
# fuzz/regressions/<target>/, where a ctest replays it from then on.
#
# Environment:
#   GWDB_FUZZ_SECONDS  run time per target in seconds (default 60)
#   GWDB_FUZZ_TARGETS  targets to run (default: all three)
#   GWDB_FUZZ_BUILD    build directory (default: <repo>/build-fuzz)
#   GWDB_FUZZ_SOURCE   CMake source directory that adds fuzz/ (default:
#                      the repository root)
# Needs Debian's clang and libclang-rt-14-dev (the libFuzzer runtime).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GWDB_FUZZ_BUILD:-$root/build-fuzz}"
seconds="${GWDB_FUZZ_SECONDS:-60}"
targets="${GWDB_FUZZ_TARGETS:-fuzz_request fuzz_json_body fuzz_query_string}"
# pointer-overflow is left out because RapidJSON 1.1.0 (Debian 12) adds
# an offset to its empty stack's null pointer before its first allocation
# (internal/stack.h, Stack::Reserve): every rendered response trips it,
# although no memory is touched. Every other UBSan check stays on.
sanitizers="-fsanitize=address,undefined -fno-sanitize=pointer-overflow"
sanitizers="$sanitizers -fno-sanitize-recover=all"

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; install clang and libclang-rt-14-dev" >&2
  exit 2
fi

cmake -S "${GWDB_FUZZ_SOURCE:-$root}" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" \
  -DCMAKE_CXX_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" \
  -DGWDB_BUILD_BENCH=OFF -DGWDB_BUILD_TESTS=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets

status=0
for target in $targets; do
  binary="$build/fuzz/$target"
  if [ ! -x "$binary" ]; then
    # fuzz/ sits deeper when GWDB_FUZZ_SOURCE adds the project as a
    # subdirectory.
    binary="$(find "$build" -path "*/fuzz/$target" -type f | head -n 1)"
  fi
  seeds="$root/fuzz/corpus/$target"
  regressions="$root/fuzz/regressions/$target"
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts" "$regressions"
  log="$build/$target.log"
  echo "== $target: ${seconds}s"
  # Replay the regressions first: a fixed bug must stay fixed.
  if ! "$binary" -runs=0 "$regressions" >"$log.replay" 2>&1; then
    echo "$target: a regression input fails again; see $log.replay" >&2
    status=1
  fi
  if "$binary" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$artifacts" \
      "$corpus" "$seeds" >"$log" 2>&1; then
    :
  else
    status=1
    echo "$target: failure; see $log" >&2
  fi
  grep -E '^Done [0-9]+ runs|^#[0-9]+.*DONE' "$log" | tail -1 || true
  for artifact in "$artifacts"crash-* "$artifacts"timeout-* \
      "$artifacts"leak-* "$artifacts"oom-*; do
    [ -e "$artifact" ] || continue
    cp "$artifact" "$regressions/"
    echo "$target: kept $(basename "$artifact") in $regressions" >&2
  done
done
exit "$status"
