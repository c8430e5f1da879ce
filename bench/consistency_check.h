// The quick mode's check that every engine returns the same pages.
#ifndef GATEWAYDB_BENCH_CONSISTENCY_CHECK_H_
#define GATEWAYDB_BENCH_CONSISTENCY_CHECK_H_

#include <vector>

#include "dataset.h"
#include "engine.h"
#include "query_sets.h"

namespace gwdb_bench {

// Runs every query of `sets` and `edges` on every engine and compares the
// ids (same ids, same order) and, for pages without prev, the next offset
// against the first engine. Bodies are compared byte for byte among the
// engines that render JSON. Also walks every team of `data` to its end
// through next offsets, both ways, and checks that each gateway is seen
// once. Prints each mismatch to stderr and returns how many there were.
int CheckEngines(const Dataset& data, const std::vector<PageEngine*>& engines,
                 const std::vector<QuerySet>& sets,
                 const std::vector<PageQuery>& edges);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_CONSISTENCY_CHECK_H_
