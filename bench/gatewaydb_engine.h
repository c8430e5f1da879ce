// gatewaydb through its C ABI: the typed gwdb_gateway_list call and the
// one-call gwdb_request entry point, both returning the API's JSON.
#ifndef GATEWAYDB_BENCH_GATEWAYDB_ENGINE_H_
#define GATEWAYDB_BENCH_GATEWAYDB_ENGINE_H_

#include <memory>
#include <span>
#include <string>

#include "dataset.h"
#include "engine.h"

namespace gwdb_bench {

// A gatewaydb store loaded with a Dataset, and the two ways to page it.
struct GatewaydbPages {
  std::shared_ptr<void> store;  // keeps the store open
  std::unique_ptr<PageEngine> typed;
  std::unique_ptr<PageEngine> request;
  double load_records_per_second = 0;
};

// Creates a store in `directory` and loads `data` through setup tokens and
// registrations, one transaction per call, with the clock set to each
// gateway's created_at. Replaces the ids in `data` with the ids gatewaydb
// assigned.
GatewaydbPages LoadGatewaydb(Dataset& data, const std::string& directory);

// Creates a store in `directory` for the durable write cases, holding
// `seeds` registered in kWriteTeam with the system clock.
std::unique_ptr<WriteEngine> OpenGatewaydbWrites(
    const std::string& directory, std::span<const Gateway> seeds);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_GATEWAYDB_ENGINE_H_
