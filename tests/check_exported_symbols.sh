#!/usr/bin/env bash
# Checks that a shared library exports exactly the committed list of
# functions, and that the committed list matches the functions the public
# header declares with GWDB_EXPORT.
#
# Usage: check_exported_symbols.sh LIBRARY EXPECTED_LIST HEADER
# Exits 0 when all three agree, 1 on any extra or missing symbol, 2 on a
# usage error.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 LIBRARY EXPECTED_LIST HEADER" >&2
  exit 2
fi
library=$1
expected_list=$2
header=$3

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
export LC_ALL=C

# Every defined dynamic symbol except absolute ones (version nodes). Any
# exported data or weak symbol counts too: the library exports functions only.
nm -D --defined-only "$library" | awk '$2 != "A" { print $3 }' \
  | sed 's/@.*//' | sort -u > "$work_dir/exported"
sort -u "$expected_list" > "$work_dir/expected"
# Function names that follow GWDB_EXPORT, on one line or the next.
tr '\n' ' ' < "$header" | grep -oE 'GWDB_EXPORT[^;{#]*\(' \
  | grep -oE 'gwdb_[A-Za-z0-9_]+ *\($' | tr -d ' (' | sort -u \
  > "$work_dir/declared"

status=0
if ! diff -u "$work_dir/expected" "$work_dir/exported" \
    > "$work_dir/library.diff"; then
  echo "FAIL: $library exports other symbols than $expected_list" \
    "('-' missing from the library, '+' exported but not listed):"
  cat "$work_dir/library.diff"
  status=1
fi
if ! diff -u "$work_dir/expected" "$work_dir/declared" \
    > "$work_dir/header.diff"; then
  echo "FAIL: $header declares other functions than $expected_list" \
    "('-' listed but not declared, '+' declared but not listed):"
  cat "$work_dir/header.diff"
  status=1
fi
if [[ ! -s "$work_dir/exported" ]]; then
  echo "FAIL: nm found no exported symbols in $library"
  status=1
fi
if [[ $status -eq 0 ]]; then
  echo "OK: $(wc -l < "$work_dir/expected") exported functions match"
fi
exit $status
