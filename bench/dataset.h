// The synthetic gateway population that every engine in the benchmark loads.
//
// The data is generated once per run from a fixed seed: N teams of M
// gateways plus one big team, in one global creation order that interleaves
// the teams the way real registration traffic would. Gateways registered in
// the same burst share a created_at, so the (created_at, id) tie-break of the
// paging order is exercised.
#ifndef GATEWAYDB_BENCH_DATASET_H_
#define GATEWAYDB_BENCH_DATASET_H_

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace gwdb_bench {

// Word that about 1% of gateway names contain, in random letter case.
inline constexpr char kMarkerWord[] = "bastion";
// Letter that no gateway name contains in either case, so a `contains`
// filter with it matches nothing.
inline constexpr char kAbsentLetter = 'q';

using Label = std::pair<std::string, std::string>;

// The labels one setup token hands to the gateways it registers, sorted by
// key with distinct keys.
struct LabelSet {
  std::vector<Label> labels;
};

struct Gateway {
  uint32_t team = 0;       // index into Dataset::teams
  uint32_t label_set = 0;  // index into Dataset::label_sets
  int64_t created_at_us = 0;
  // Lower-case hyphenated UUID. The generator makes one; the gatewaydb
  // loader replaces it with the id gatewaydb assigned.
  std::string id;
  std::string name;
  // An empty string stands for null in the optional fields below.
  std::string description;
  std::string access_address;
  std::string default_address;
  std::string cloud_provider;
};

struct Team {
  std::string name;
  std::vector<uint32_t> label_sets;  // indices into Dataset::label_sets
  std::vector<uint32_t> gateways;    // indices into Dataset::gateways
};

struct DatasetSpec {
  uint32_t small_teams = 1000;
  uint32_t gateways_per_small_team = 1000;
  uint32_t big_team_gateways = 200000;
  uint64_t seed = 20261204;
};

struct Dataset {
  DatasetSpec spec;
  std::vector<Team> teams;  // small teams first, the big team last
  std::vector<LabelSet> label_sets;
  // All gateways in creation order (created_at never decreases).
  std::vector<Gateway> gateways;
  // Time just before the first gateway, for creating the setup tokens.
  int64_t start_us = 0;

  uint32_t big_team() const { return static_cast<uint32_t>(teams.size() - 1); }
};

// Builds the whole population for `spec`. Deterministic for a given spec.
Dataset GenerateDataset(const DatasetSpec& spec);

// Makes one more gateway for `team` the way the generator does, for write
// benchmarks that register records beyond the loaded population. Its
// created_at is left 0 and its label set is one of the team's.
Gateway MakeExtraGateway(const Dataset& data, uint32_t team, uint64_t serial,
                         std::mt19937_64& rng);

// Returns a random version 4 UUID in lower-case hyphenated form.
std::string MakeUuid(std::mt19937_64& rng);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_DATASET_H_
