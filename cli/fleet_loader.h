// Writing a planned fleet into a store through the typed C calls.

#ifndef GATEWAYDB_CLI_FLEET_LOADER_H_
#define GATEWAYDB_CLI_FLEET_LOADER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fleet_plan.h"
#include "gatewaydb/gatewaydb.h"

namespace gwdb_cli {

// A record as the engine returned it, enough to predict list order and
// filter matches without asking the engine.
struct LoadedRecord {
  std::string id;
  std::string created_at;
  // The gateway name, or the setup token's description ("" when none):
  // the text that the contains filter matches.
  std::string searchable_text;
};

struct FleetLoadResult {
  // Empty when every call succeeded; otherwise what failed.
  std::string error;
  uint64_t setup_tokens = 0;
  uint64_t gateways = 0;
  uint64_t status_reports = 0;
  uint64_t calls = 0;
  // The big team's records in creation order.
  std::vector<LoadedRecord> big_team_tokens;
  std::vector<LoadedRecord> big_team_gateways;
};

// Creates every setup token of `plan`, then registers its gateways in plan
// order, each followed by its status report when it has one. Each call is
// its own durable transaction. Shows progress on stderr. Stops at the first
// failed call.
FleetLoadResult LoadFleet(gwdb_db* db, const FleetPlan& plan);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_FLEET_LOADER_H_
