// The page requests of each read case, drawn once per run so that every
// engine serves exactly the same requests.
#ifndef GATEWAYDB_BENCH_QUERY_SETS_H_
#define GATEWAYDB_BENCH_QUERY_SETS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.h"
#include "engine.h"

namespace gwdb_bench {

// One read case: a name such as "asc", the size of the teams it reads, and
// the requests that its iterations cycle through.
struct QuerySet {
  std::string name;
  uint32_t team_size = 0;
  std::vector<PageQuery> queries;
};

// Draws `per_set` requests for each read case: pages of 100 at a random
// offset (asc, desc, prev) in the small teams and in the big team, the
// first page with status=ACTIVE, and `contains` matching about 1% and
// matching nothing in the big team.
std::vector<QuerySet> BuildQuerySets(const Dataset& data, size_t per_set,
                                     uint64_t seed);

// Edge requests that only the consistency check runs: no offset with prev,
// descending prev, count 1 and 1000, filters combined with offsets.
std::vector<PageQuery> BuildEdgeQueries(const Dataset& data, uint64_t seed);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_QUERY_SETS_H_
