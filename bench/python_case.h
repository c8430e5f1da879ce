// The page-of-100 cases through the Python bindings and their C baseline,
// measured by bench/python/bench_page.py in its own process.
#ifndef GATEWAYDB_BENCH_PYTHON_CASE_H_
#define GATEWAYDB_BENCH_PYTHON_CASE_H_

#include <cstdint>

namespace gwdb_bench {

// Runs bench/python/bench_page.py, which fills its own store with one team
// of `team_size` gateways, times a first page of 100 through the bindings,
// and times the same calls from C with gatewaydb_page_reference on that
// store. Registers each of its results as a case
// "page/bindings/<key>/team_size:N", where the keys are python_typed,
// python_request, python_ffi, c_list, c_list_body and c_request. The script
// prints, with --json, {"page_size": 100, "us": {"<key>": ...}, "ratios":
// {...}} with the median microseconds per call. Prints why and registers
// nothing when the script is missing or fails.
void RegisterPythonCases(uint32_t team_size, bool quick);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_PYTHON_CASE_H_
