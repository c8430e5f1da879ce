// The page-of-100 case through the Python bindings, measured by
// bench/python/bench_page.py in its own process.
#ifndef GATEWAYDB_BENCH_PYTHON_CASE_H_
#define GATEWAYDB_BENCH_PYTHON_CASE_H_

#include <cstdint>

namespace gwdb_bench {

// Runs bench/python/bench_page.py, which fills its own store with one team
// of `team_size` gateways and times a first page of 100 through the
// bindings, and registers each of its results as a case
// "page/first/python_<way>/team_size:N". The script prints, with --json,
// {"page_size": 100, "us": {"typed": ..., "request": ..., "ffi": ...}}
// with the median microseconds per call. Prints why and registers nothing
// when the script is missing or fails.
void RegisterPythonCases(uint32_t team_size, bool quick);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_PYTHON_CASE_H_
