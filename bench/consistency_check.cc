#include "consistency_check.h"

#include <cstdio>
#include <string>
#include <unordered_set>

namespace gwdb_bench {
namespace {

constexpr int kMaxReports = 20;

class Checker {
 public:
  explicit Checker(const std::vector<PageEngine*>& engines)
      : engines_(engines) {}

  int mismatches() const { return mismatches_; }

  void Report(const std::string& text) {
    ++mismatches_;
    if (mismatches_ <= kMaxReports) {
      std::fprintf(stderr, "MISMATCH: %s\n", text.c_str());
    }
  }

  // Runs `query` on every engine and compares the results with the first.
  void CompareQuery(const PageQuery& query) {
    std::vector<PageResult> results(engines_.size());
    for (size_t i = 0; i < engines_.size(); ++i) {
      std::string error;
      if (!engines_[i]->ReadPage(query, &results[i], &error)) {
        Report(engines_[i]->Name() + " failed " + query.target + ": " + error);
        return;
      }
    }

    const PageResult& expected = results[0];
    const PageResult* first_body = nullptr;
    std::string first_body_engine;
    for (size_t i = 0; i < engines_.size(); ++i) {
      const PageResult& got = results[i];
      const std::string& name = engines_[i]->Name();
      if (got.ids != expected.ids) {
        Report(name + " returned other ids than " + engines_[0]->Name() +
               " for " + query.target + ": " + DescribeDifference(expected.ids, got.ids));
      }
      if (!query.prev && got.next_offset != expected.next_offset) {
        Report(name + " next offset '" + got.next_offset + "' differs from '" +
               expected.next_offset + "' for " + query.target);
      }
      if (got.body.empty()) continue;
      if (first_body == nullptr) {
        first_body = &got;
        first_body_engine = name;
      } else if (got.body != first_body->body) {
        Report(name + " body differs from " + first_body_engine + " for " +
               query.target + ": " + DescribeBodies(first_body->body, got.body));
      }
    }
  }

  // Follows next offsets through the whole team on every engine and checks
  // that each gateway appears exactly once.
  void WalkTeam(const Dataset& data, uint32_t team, bool descending) {
    const Team& entry = data.teams[team];
    for (PageEngine* engine : engines_) {
      PageQuery query;
      query.team = entry.name;
      query.count = 1000;
      query.descending = descending;
      std::unordered_set<std::string> seen;
      size_t pages = 0;
      while (true) {
        query.target = MakeTarget(query);
        PageResult page;
        std::string error;
        if (!engine->ReadPage(query, &page, &error)) {
          Report(engine->Name() + " failed " + query.target + ": " + error);
          return;
        }
        for (const std::string& id : page.ids) {
          if (!seen.insert(id).second) {
            Report(engine->Name() + " returned " + id + " twice walking " +
                   entry.name);
          }
        }
        ++pages;
        if (page.next_offset.empty()) break;
        query.offset = page.next_offset;
      }
      if (seen.size() != entry.gateways.size()) {
        Report(engine->Name() + " walked " + std::to_string(seen.size()) +
               " gateways of " + entry.name + " in " + std::to_string(pages) +
               " pages, expected " + std::to_string(entry.gateways.size()));
      }
    }
  }

 private:
  static std::string DescribeDifference(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b) {
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    std::string text = std::to_string(b.size()) + " ids instead of " +
                       std::to_string(a.size()) + ", first difference at " +
                       std::to_string(i);
    if (i < a.size() && i < b.size()) {
      text += " (" + b[i] + " instead of " + a[i] + ")";
    }
    return text;
  }

  static std::string DescribeBodies(const std::string& a,
                                    const std::string& b) {
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    size_t start = i < 60 ? 0 : i - 60;
    return "first difference at byte " + std::to_string(i) + ": '" +
           a.substr(start, 120) + "' versus '" + b.substr(start, 120) + "'";
  }

  const std::vector<PageEngine*>& engines_;
  int mismatches_ = 0;
};

}  // namespace

int CheckEngines(const Dataset& data, const std::vector<PageEngine*>& engines,
                 const std::vector<QuerySet>& sets,
                 const std::vector<PageQuery>& edges) {
  Checker checker(engines);
  size_t queries = 0;
  for (const QuerySet& set : sets) {
    for (const PageQuery& query : set.queries) {
      checker.CompareQuery(query);
      ++queries;
    }
  }
  for (const PageQuery& query : edges) {
    checker.CompareQuery(query);
    ++queries;
  }
  for (uint32_t team = 0; team < data.teams.size(); ++team) {
    checker.WalkTeam(data, team, false);
    checker.WalkTeam(data, team, true);
  }
  std::fprintf(stderr,
               "consistency check: %zu requests and %zu team walks on %zu "
               "engines, %d mismatches\n",
               queries, 2 * data.teams.size(), engines.size(),
               checker.mismatches());
  return checker.mismatches();
}

}  // namespace gwdb_bench
