// A pseudo-random but realistic fleet of teams, setup tokens and gateways
// for the demo, generated from a seed before anything is written.

#ifndef GATEWAYDB_CLI_FLEET_PLAN_H_
#define GATEWAYDB_CLI_FLEET_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gwdb_cli {

struct TokenPlan {
  // The environment, region and cloud of the token's gateways, which also
  // appear in their names.
  std::string environment;
  std::string region;
  std::string cloud;
  std::optional<std::string> description;
  // Empty for a token without labels.
  std::vector<std::pair<std::string, std::string>> labels;
};

struct TeamPlan {
  std::string name;
  std::vector<TokenPlan> tokens;
  uint64_t gateway_count = 0;
};

struct StatusPlan {
  bool online = false;
  uint64_t active_connections = 0;
  uint64_t total_storage_bytes = 0;
  uint64_t used_storage_bytes = 0;
};

struct GatewayPlan {
  uint32_t team = 0;
  // Index into the team's tokens of the token that registers the gateway.
  uint32_t token = 0;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> access_address;
  std::optional<std::string> default_address;
  std::optional<std::string> cloud_provider;
  // Absent for a gateway that never reports its status.
  std::optional<StatusPlan> status;
};

struct FleetPlan {
  std::vector<TeamPlan> teams;
  // Index of the team that has about a tenth of all gateways.
  uint32_t big_team = 0;
  // In registration order, with the teams interleaved as agents of many
  // teams would register over time.
  std::vector<GatewayPlan> gateways;
};

// Plans `team_count` teams (at least 1) sharing `gateway_count` gateways:
// one team gets about 10% of them and the rest are spread unevenly, with
// every team getting at least one gateway while gateways last. The same
// seed always gives the same plan with the same standard library.
FleetPlan PlanFleet(uint32_t team_count, uint64_t gateway_count, uint64_t seed);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_FLEET_PLAN_H_
