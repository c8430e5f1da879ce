#include "fleet_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <unordered_set>

namespace gwdb_cli {
namespace {

using Random = std::mt19937_64;

// Fictional company names and department suffixes for team names.
constexpr const char* kCompanies[] = {
    "northwind", "contoso",     "fabrikam", "tailspin",  "litware",
    "proseware", "woodgrove",   "wingtip",  "lucerne",   "southridge",
    "humongous", "blue-yonder", "coho",     "trey",      "wide-world",
    "alpine",    "margies",     "adatum",   "relecloud", "fourth-coffee"};
constexpr const char* kDepartments[] = {
    "",          "-eng",  "-ops", "-infra", "-platform",
    "-security", "-data", "-sre", "-it",    "-cloud"};

struct Cloud {
  const char* name;
  std::vector<const char*> regions;
  // Relative frequency among the fleet's tokens.
  int weight;
};

const std::vector<Cloud>& Clouds() {
  static const std::vector<Cloud> clouds = {
      {"aws",
       {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-3",
        "eu-central-1", "ap-southeast-2", "ap-northeast-1"},
       60},
      {"gcp",
       {"us-central1", "us-east4", "europe-west1", "europe-west4",
        "asia-southeast1"},
       25},
      {"azure",
       {"eastus", "westus2", "westeurope", "northeurope", "southeastasia"},
       15}};
  return clouds;
}

constexpr const char* kEnvironments[] = {"prod", "staging", "dev", "qa"};
constexpr int kEnvironmentWeights[] = {45, 25, 20, 10};

bool Chance(Random& random, double probability) {
  return std::bernoulli_distribution(probability)(random);
}

uint64_t Uniform(Random& random, uint64_t low, uint64_t high) {
  return std::uniform_int_distribution<uint64_t>(low, high)(random);
}

std::string TeamName(uint32_t index) {
  if (index == 0) {
    return "acme-corp";
  }
  constexpr size_t company_count = std::size(kCompanies);
  constexpr size_t department_count = std::size(kDepartments);
  size_t slot = index - 1;
  std::string name = kCompanies[slot % company_count];
  name += kDepartments[(slot / company_count) % department_count];
  size_t round = slot / (company_count * department_count);
  if (round > 0) {
    name += "-" + std::to_string(round + 1);
  }
  return name;
}

TokenPlan PlanToken(Random& random, bool force_production) {
  TokenPlan token;
  std::discrete_distribution<size_t> environment_pick(
      std::begin(kEnvironmentWeights), std::end(kEnvironmentWeights));
  token.environment =
      force_production ? "prod" : kEnvironments[environment_pick(random)];

  std::vector<int> cloud_weights;
  for (const Cloud& cloud : Clouds()) {
    cloud_weights.push_back(cloud.weight);
  }
  std::discrete_distribution<size_t> cloud_pick(cloud_weights.begin(),
                                                cloud_weights.end());
  const Cloud& cloud = Clouds()[cloud_pick(random)];
  token.cloud = cloud.name;
  token.region = cloud.regions[Uniform(random, 0, cloud.regions.size() - 1)];

  if (force_production || Chance(random, 0.85)) {
    token.description = "Setup token for " + token.environment +
                        " workloads in " + token.region + " (" + token.cloud +
                        ")";
  }
  if (force_production || Chance(random, 0.9)) {
    token.labels = {{"env", token.environment},
                    {"region", token.region},
                    {"cloud", token.cloud}};
    if (Chance(random, 0.3)) {
      token.labels.emplace_back("tier",
                                Chance(random, 0.5) ? "critical" : "standard");
    }
  }
  return token;
}

// Splits `gateway_count` over the teams: the big team (index 0) gets about
// 10%, the others follow a Zipf-like curve (weight 1/rank^0.7, jittered) so
// that sizes range from thousands down to a handful.
std::vector<uint64_t> PlanTeamSizes(Random& random, uint32_t team_count,
                                    uint64_t gateway_count) {
  std::vector<uint64_t> sizes(team_count, 0);
  if (team_count == 1) {
    sizes[0] = gateway_count;
    return sizes;
  }
  sizes[0] = std::max<uint64_t>(1, gateway_count / 10);
  uint64_t rest = gateway_count > sizes[0] ? gateway_count - sizes[0] : 0;

  std::vector<double> weights(team_count, 0.0);
  double weight_sum = 0;
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  for (uint32_t i = 1; i < team_count; ++i) {
    weights[i] = jitter(random) / std::pow(static_cast<double>(i), 0.7);
    weight_sum += weights[i];
  }
  std::shuffle(weights.begin() + 1, weights.end(), random);

  // Every team gets one gateway first (while they last), then a share of
  // what is left; rounding leftovers go to the first teams.
  uint64_t assigned = 0;
  for (uint32_t i = 1; i < team_count && assigned < rest; ++i) {
    sizes[i] = 1;
    ++assigned;
  }
  uint64_t shared = rest - assigned;
  for (uint32_t i = 1; i < team_count; ++i) {
    uint64_t share = static_cast<uint64_t>(
        std::floor(static_cast<double>(shared) * weights[i] / weight_sum));
    sizes[i] += share;
    assigned += share;
  }
  for (uint32_t i = 1; assigned < rest; i = i % (team_count - 1) + 1) {
    ++sizes[i];
    ++assigned;
  }
  return sizes;
}

// Names gateways like an operations team would, keeping names unique
// within a team.
class GatewayNamer {
 public:
  std::string Name(Random& random, const TeamPlan& team, uint32_t team_index,
                   const TokenPlan& token) {
    std::string name;
    int pattern = static_cast<int>(Uniform(random, 0, 99));
    if (pattern < 50) {
      name = Numbered(team_index,
                      "gw-" + token.environment + "-" + token.region + "-", 3);
    } else if (pattern < 65) {
      char zone = static_cast<char>('a' + Uniform(random, 0, 2));
      std::string prefix = Chance(random, 0.15) ? "Bastion-" : "bastion-";
      name = prefix + token.region + "-" + zone;
    } else if (pattern < 80) {
      name =
          Numbered(team_index,
                   "jump-" + token.environment + "-" + token.region + "-", 2);
    } else if (pattern < 90) {
      name = Numbered(team_index,
                      token.cloud + "-" + token.environment + "-gateway-", 2);
    } else {
      name =
          Numbered(team_index, team.name + "-" + token.environment + "-gw", 2);
    }
    return MakeUnique(team_index, name);
  }

 private:
  std::string Numbered(uint32_t team_index, const std::string& prefix,
                       int digits) {
    int number = ++counters_[{team_index, prefix}];
    char suffix[24];
    std::snprintf(suffix, sizeof(suffix), "%0*d", digits, number);
    return prefix + suffix;
  }

  std::string MakeUnique(uint32_t team_index, const std::string& name) {
    std::string candidate = name;
    for (int copy = 2; !used_.insert({team_index, candidate}).second; ++copy) {
      candidate = name + "-" + std::to_string(copy);
    }
    return candidate;
  }

  struct PairHash {
    size_t operator()(const std::pair<uint32_t, std::string>& key) const {
      return std::hash<std::string>()(key.second) * 31 + key.first;
    }
  };

  std::map<std::pair<uint32_t, std::string>, int> counters_;
  std::unordered_set<std::pair<uint32_t, std::string>, PairHash> used_;
};

std::string Ipv4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) +
         "." + std::to_string(d);
}

// Fills the optional fields of a gateway: about 30% get a description, 60%
// addresses, 90% a status report.
void PlanGatewayDetails(Random& random, const TeamPlan& team,
                        const TokenPlan& token, GatewayPlan& gateway) {
  if (Chance(random, 0.3)) {
    gateway.description = "SSH gateway for " + team.name + " " +
                          token.environment + " hosts in " + token.region;
  }
  if (Chance(random, 0.6)) {
    // These addresses are only stored, never contacted. 203.0.113.0/24 is
    // the TEST-NET-3 documentation range of RFC 5737.
    gateway.access_address =
        Chance(random, 0.5) ? Ipv4(203, 0, 113, Uniform(random, 1, 254))
                            : gateway.name + "." + team.name + ".example.com";
    gateway.default_address =
        Ipv4(10, Uniform(random, 0, 255), Uniform(random, 0, 255),
             Uniform(random, 1, 254));
    if (Chance(random, 0.7)) {
      gateway.cloud_provider = token.cloud;
    }
  }
  if (Chance(random, 0.9)) {
    constexpr uint64_t kGibibyte = uint64_t{1} << 30;
    constexpr uint64_t kDiskSizesGib[] = {32, 64, 128, 256, 512};
    StatusPlan status;
    status.online = Chance(random, 0.85);
    status.active_connections = status.online ? Uniform(random, 0, 48) : 0;
    status.total_storage_bytes =
        kDiskSizesGib[Uniform(random, 0, std::size(kDiskSizesGib) - 1)] *
        kGibibyte;
    status.used_storage_bytes =
        status.total_storage_bytes / 100 * Uniform(random, 5, 95);
    gateway.status = status;
  }
}

}  // namespace

FleetPlan PlanFleet(uint32_t team_count, uint64_t gateway_count,
                    uint64_t seed) {
  Random random(seed);
  FleetPlan plan;
  team_count = std::max<uint32_t>(team_count, 1);

  std::vector<uint64_t> sizes =
      PlanTeamSizes(random, team_count, gateway_count);
  for (uint32_t i = 0; i < team_count; ++i) {
    TeamPlan team;
    team.name = TeamName(i);
    team.gateway_count = sizes[i];
    size_t token_count = i == plan.big_team ? 12 : Uniform(random, 2, 6);
    for (size_t t = 0; t < token_count; ++t) {
      team.tokens.push_back(PlanToken(random, t == 0));
    }
    plan.teams.push_back(std::move(team));
  }

  std::vector<uint32_t> order;
  order.reserve(gateway_count);
  for (uint32_t i = 0; i < team_count; ++i) {
    order.insert(order.end(), sizes[i], i);
  }
  std::shuffle(order.begin(), order.end(), random);

  GatewayNamer namer;
  plan.gateways.reserve(order.size());
  for (uint32_t team_index : order) {
    const TeamPlan& team = plan.teams[team_index];
    GatewayPlan gateway;
    gateway.team = team_index;
    gateway.token =
        static_cast<uint32_t>(Uniform(random, 0, team.tokens.size() - 1));
    const TokenPlan& token = team.tokens[gateway.token];
    gateway.name = namer.Name(random, team, team_index, token);
    PlanGatewayDetails(random, team, token, gateway);
    plan.gateways.push_back(std::move(gateway));
  }
  return plan;
}

}  // namespace gwdb_cli
