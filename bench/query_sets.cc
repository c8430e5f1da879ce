#include "query_sets.h"

#include <random>

namespace gwdb_bench {
namespace {

enum class Scope { kSmallTeams, kBigTeam };

uint32_t PickTeam(const Dataset& data, Scope scope, std::mt19937_64& rng) {
  if (scope == Scope::kBigTeam || data.spec.small_teams == 0) {
    return data.big_team();
  }
  return static_cast<uint32_t>(rng() % data.spec.small_teams);
}

// Returns the id of a random gateway of `team`.
const std::string& PickOffset(const Dataset& data, uint32_t team,
                              std::mt19937_64& rng) {
  const std::vector<uint32_t>& members = data.teams[team].gateways;
  return data.gateways[members[rng() % members.size()]].id;
}

PageQuery Finish(PageQuery query) {
  query.target = MakeTarget(query);
  return query;
}

// Builds `count` requests made by `make(team)` for teams drawn from `scope`.
template <typename Make>
QuerySet MakeSet(const Dataset& data, const std::string& name, Scope scope,
                 size_t count, std::mt19937_64& rng, Make make) {
  QuerySet set;
  set.name = name;
  set.team_size = scope == Scope::kBigTeam ? data.spec.big_team_gateways
                                           : data.spec.gateways_per_small_team;
  for (size_t i = 0; i < count; ++i) {
    uint32_t team = PickTeam(data, scope, rng);
    PageQuery query;
    query.team = data.teams[team].name;
    make(team, query);
    set.queries.push_back(Finish(std::move(query)));
  }
  return set;
}

}  // namespace

std::vector<QuerySet> BuildQuerySets(const Dataset& data, size_t per_set,
                                     uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<QuerySet> sets;
  for (Scope scope : {Scope::kSmallTeams, Scope::kBigTeam}) {
    auto page_at_offset = [&](bool descending, bool prev) {
      return [&, descending, prev](uint32_t team, PageQuery& query) {
        query.offset = PickOffset(data, team, rng);
        query.descending = descending;
        query.prev = prev;
      };
    };
    sets.push_back(MakeSet(data, "asc", scope, per_set, rng,
                           page_at_offset(false, false)));
    sets.push_back(MakeSet(data, "desc", scope, per_set, rng,
                           page_at_offset(true, false)));
    sets.push_back(MakeSet(data, "prev", scope, per_set, rng,
                           page_at_offset(false, true)));
    sets.push_back(MakeSet(data, "status_first", scope, per_set, rng,
                           [](uint32_t, PageQuery& query) {
                             query.active_only = true;
                           }));
  }

  // The filters scan the big team; the query value's case differs from
  // most names' on purpose.
  sets.push_back(MakeSet(data, "contains_1pct", Scope::kBigTeam, 1, rng,
                         [](uint32_t, PageQuery& query) {
                           query.contains = "BaStIoN";
                         }));
  sets.push_back(MakeSet(data, "contains_none", Scope::kBigTeam, 1, rng,
                         [](uint32_t, PageQuery& query) {
                           query.contains = std::string(1, kAbsentLetter);
                         }));
  return sets;
}

std::vector<PageQuery> BuildEdgeQueries(const Dataset& data, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<PageQuery> queries;
  for (uint32_t team : {0u, data.big_team()}) {
    if (team >= data.teams.size()) continue;
    for (int shape = 0; shape < 32; ++shape) {
      PageQuery query;
      query.team = data.teams[team].name;
      query.descending = shape & 1;
      query.prev = shape & 2;
      if (shape & 4) query.offset = PickOffset(data, team, rng);
      if (shape & 8) query.active_only = true;
      if (shape & 16) query.contains = "bastion";
      query.count = (shape % 3 == 0) ? 1 : (shape % 3 == 1) ? 1000 : 37;
      queries.push_back(Finish(std::move(query)));
    }
  }
  return queries;
}

}  // namespace gwdb_bench
