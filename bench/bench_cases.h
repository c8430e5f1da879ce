// Registration of the benchmark cases with Google Benchmark.
//
// Case names read "<group>/<case>/<engine>/<parameter>:<value>", for
// example "page/asc/sqlite/team_size:1000", so plot_benchmarks.py can
// split them.
#ifndef GATEWAYDB_BENCH_BENCH_CASES_H_
#define GATEWAYDB_BENCH_BENCH_CASES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "dataset.h"
#include "engine.h"
#include "query_sets.h"

namespace gwdb_bench {

struct BenchConfig {
  int repetitions = 5;
  // Seconds per repetition of a read or write case; 0 leaves it to
  // --benchmark_min_time.
  double read_min_time = 0.3;
  double write_min_time = 0.5;
  size_t bulk_records = 100000;
  std::vector<int> writer_threads = {1, 4, 16};
};

// Registers every read case for every engine. The engines and query sets
// must outlive the benchmark run.
void RegisterReadCases(const std::vector<QuerySet>& sets,
                       const std::vector<PageEngine*>& engines,
                       const BenchConfig& config);

// Registers the durable write cases: a single registration, a status
// report, concurrent registrations, and the bulk import.
void RegisterWriteCases(const Dataset& data,
                        const std::vector<WriteEngine*>& engines,
                        const BenchConfig& config);

// Registers one single-iteration case per store that reports its size
// after the load as counters (and, for gatewaydb, the load rate).
void RegisterStoreSizes(const std::vector<PageEngine*>& stores,
                        size_t records, double gatewaydb_load_rate);

// Registers a case that reports a median latency per call, in
// microseconds, measured in another process.
void RegisterExternalResult(const std::string& name, double median_us);

// Returns how many cases stopped on an exception (each is reported as a
// skipped case with the error).
int FailedCases();

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_BENCH_CASES_H_
