#include "demo_command.h"

#include <chrono>
#include <cstdio>
#include <set>
#include <vector>

#include "demo_samples.h"
#include "exit_codes.h"
#include "fleet_loader.h"
#include "fleet_plan.h"
#include "list_walker.h"
#include "progress_meter.h"
#include "store.h"

namespace gwdb_cli {
namespace {

using Clock = std::chrono::steady_clock;

// Sizes used by --quick unless --teams or --gateways is given.
constexpr uint32_t kQuickTeams = 5;
constexpr uint64_t kQuickGateways = 2000;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void PrintHeading(const std::string& text) {
  std::printf("\n== %s\n\n", text.c_str());
  std::fflush(stdout);
}

int CollectTeamName(void* context, const gwdb_team_stats* stats) {
  if (stats->setup_tokens + stats->gateways > 0) {
    static_cast<std::set<std::string>*>(context)->insert(stats->team);
  }
  return 0;
}

// Returns false (after printing why) when a team of the plan already has
// records, because the list checks expect exactly the records the demo
// writes.
bool CheckFleetTeamsAreEmpty(gwdb_db* db, const std::string& store_path,
                             const FleetPlan& plan) {
  gwdb_store_stats stats{};
  stats.struct_size = sizeof(stats);
  std::set<std::string> used_teams;
  char* error = nullptr;
  int code = gwdb_stats(db, &stats, CollectTeamName, &used_teams, &error);
  if (code != GWDB_OK) {
    std::fprintf(stderr, "gatewaydb: failed to read statistics of '%s': %s\n",
                 store_path.c_str(),
                 error != nullptr ? error : gwdb_code_name(code));
    gwdb_string_free(error);
    return false;
  }
  for (const TeamPlan& team : plan.teams) {
    if (used_teams.count(team.name) > 0) {
      std::fprintf(stderr,
                   "gatewaydb: store '%s' already has records in team %s, "
                   "probably from an earlier demo. The demo checks its lists "
                   "against the records it writes, so run it on a new store "
                   "(--db NEW_DIR) or remove '%s'.\n",
                   store_path.c_str(), team.name.c_str(), store_path.c_str());
      return false;
    }
  }
  return true;
}

void PrintFleetShape(const FleetPlan& plan, uint64_t seed) {
  const TeamPlan& big = plan.teams[plan.big_team];
  uint64_t smallest = big.gateway_count;
  uint64_t largest = 0;
  size_t tokens = 0;
  for (const TeamPlan& team : plan.teams) {
    tokens += team.tokens.size();
    if (&team == &big) continue;
    smallest = std::min(smallest, team.gateway_count);
    largest = std::max(largest, team.gateway_count);
  }
  std::printf(
      "Plan (seed %llu): %s gateways in %zu teams with %s setup "
      "tokens.\nBig team %s: %s gateways; the other teams have %s to "
      "%s.\nEach call below is one all-or-nothing transaction; as a bulk "
      "load,\nthey skip their own disk syncs and one gwdb_sync at the end "
      "makes them durable.\n",
      static_cast<unsigned long long>(seed),
      WithThousands(plan.gateways.size()).c_str(), plan.teams.size(),
      WithThousands(tokens).c_str(), big.name.c_str(),
      WithThousands(big.gateway_count).c_str(),
      WithThousands(plan.teams.size() > 1 ? smallest : 0).c_str(),
      WithThousands(largest).c_str());
  std::fflush(stdout);
}

// Walks over the big team: each paging parameter and filter on its own,
// some mixes of them, and page sizes 1 (capped), 10, 100 and 1000.
std::vector<WalkSpec> PlanWalks() {
  const std::string gateways = "gateways";
  const std::string tokens = "gateway_setup_tokens";
  return {
      {.title = "gateways, count=1 (first 50 pages)",
       .collection = gateways,
       .count = 1,
       .max_pages = 50,
       .show_first_page = true},
      {.title = "gateways, count=100", .collection = gateways, .count = 100},
      {.title = "gateways, count=1000", .collection = gateways, .count = 1000},
      {.title = "gateways, descending=true, count=100",
       .collection = gateways,
       .count = 100,
       .descending = true},
      {.title = "gateways, prev=true from the end, count=100",
       .collection = gateways,
       .count = 100,
       .prev = true},
      {.title = "gateways, contains=bastion, count=100",
       .collection = gateways,
       .count = 100,
       .contains = "bastion",
       .show_first_page = true},
      {.title = "gateways, status=ACTIVE, count=1000",
       .collection = gateways,
       .count = 1000,
       .status = "ACTIVE"},
      {.title = "gateways, descending=true, prev=true from the end, "
                "count=1000",
       .collection = gateways,
       .count = 1000,
       .descending = true,
       .prev = true},
      {.title = "gateways, prev=true from the end, contains=bastion, "
                "count=10",
       .collection = gateways,
       .count = 10,
       .prev = true,
       .contains = "bastion"},
      {.title = "gateways, descending=true, contains=PROD, count=100",
       .collection = gateways,
       .count = 100,
       .descending = true,
       .contains = "PROD"},

      {.title = "setup tokens, count=1", .collection = tokens, .count = 1},
      {.title = "setup tokens, count=100", .collection = tokens, .count = 100},
      {.title = "setup tokens, descending=true, count=1000",
       .collection = tokens,
       .count = 1000,
       .descending = true},
      {.title = "setup tokens, prev=true from the end, count=1",
       .collection = tokens,
       .count = 1,
       .prev = true},
      {.title = "setup tokens, contains=prod workloads, count=100",
       .collection = tokens,
       .count = 100,
       .contains = "prod workloads",
       .show_first_page = true},
      {.title = "setup tokens, descending=true, contains=prod workloads, "
                "count=1",
       .collection = tokens,
       .count = 1,
       .descending = true,
       .contains = "prod workloads"},
  };
}

struct WalkTotals {
  size_t walks = 0;
  size_t failed = 0;
  size_t pages = 0;
};

WalkTotals RunWalks(gwdb_db* db, const std::string& team,
                    const FleetLoadResult& load) {
  std::vector<LoadedRecord> gateways = SortInListOrder(load.big_team_gateways);
  std::vector<LoadedRecord> tokens = SortInListOrder(load.big_team_tokens);
  WalkTotals totals;
  for (const WalkSpec& walk : PlanWalks()) {
    const std::vector<LoadedRecord>& records =
        walk.collection == "gateways" ? gateways : tokens;
    WalkOutcome outcome = WalkList(db, team, walk, records);
    if (walk.show_first_page) {
      std::printf("\nFirst page of \"%s\":\n%s\n", walk.title.c_str(),
                  outcome.first_exchange.c_str());
    }
    std::printf("%-4s %s: %s\n", outcome.ok ? "OK" : "FAIL", walk.title.c_str(),
                outcome.detail.c_str());
    std::fflush(stdout);
    ++totals.walks;
    totals.pages += outcome.pages;
    if (!outcome.ok) ++totals.failed;
  }
  return totals;
}

}  // namespace

CLI::App* AddDemoCommand(CLI::App& parent, DemoArguments& arguments) {
  CLI::App* command = parent.add_subcommand(
      "demo",
      "Walk through the Gateways API: send the API's sample requests and "
      "print each response, load a realistic fleet of teams, setup tokens "
      "and gateways through the typed calls, then walk every list with each "
      "paging parameter and check that every record appears once, in order. "
      "Exits 1 when a check fails.");
  arguments.teams_option =
      command
          ->add_option("--teams", arguments.teams,
                       "Number of teams in the fleet (count, 1 to 1000000)")
          ->check(CLI::Range(1u, 1000000u).description(""))
          ->type_name("N")
          ->capture_default_str();
  arguments.gateways_option =
      command
          ->add_option("--gateways", arguments.gateways,
                       "Number of gateways in the fleet (count, 1 to "
                       "100000000); one team gets about 10% of them")
          ->check(CLI::Range(uint64_t{1}, uint64_t{100000000}).description(""))
          ->type_name("N")
          ->capture_default_str();
  command
      ->add_option("--seed", arguments.seed,
                   "Seed of the pseudo-random fleet (integer); the same seed "
                   "plans the same names, labels and sizes")
      ->type_name("N")
      ->capture_default_str();
  command->add_flag("--quick", arguments.quick,
                    "Use a small fleet of " + std::to_string(kQuickTeams) +
                        " teams and " + std::to_string(kQuickGateways) +
                        " gateways unless --teams or --gateways is given");
  return command;
}

int RunDemoCommand(const std::string& store_path,
                   const DemoArguments& arguments) {
  uint32_t team_count = arguments.teams;
  uint64_t gateway_count = arguments.gateways;
  if (arguments.quick && arguments.teams_option->count() == 0) {
    team_count = kQuickTeams;
  }
  if (arguments.quick && arguments.gateways_option->count() == 0) {
    gateway_count = kQuickGateways;
  }

  // The fleet is a bulk load: writes skip their own disk syncs, and one
  // gwdb_sync after the load makes all of them durable at once.
  DbHandle db = OpenStore(store_path, /*bulk_load=*/true);
  if (!db) return kExitFailure;
  FleetPlan plan = PlanFleet(team_count, gateway_count, arguments.seed);
  if (!CheckFleetTeamsAreEmpty(db.get(), store_path, plan)) {
    return kExitFailure;
  }
  std::printf("gatewaydb %s demo on store %s\n", gwdb_version(),
              store_path.c_str());
  Clock::time_point demo_start = Clock::now();

  PrintHeading(std::string("1. The API's sample requests, in team ") +
               kSampleTeam);
  Clock::time_point phase_start = Clock::now();
  if (!RunSampleRequests(db.get())) return kExitFailure;
  double samples_seconds = SecondsSince(phase_start);

  PrintHeading("2. A fleet loaded through the typed calls");
  PrintFleetShape(plan, arguments.seed);
  phase_start = Clock::now();
  FleetLoadResult load = LoadFleet(db.get(), plan);
  if (!load.error.empty()) {
    std::printf("FAIL: %s\n", load.error.c_str());
    return kExitFailure;
  }
  char* sync_error = nullptr;
  if (gwdb_sync(db.get(), &sync_error) != GWDB_OK) {
    std::printf("FAIL: flushing the fleet to disk: %s\n",
                sync_error ? sync_error : "unknown error");
    gwdb_string_free(sync_error);
    return kExitFailure;
  }
  double load_seconds = SecondsSince(phase_start);
  std::printf(
      "Wrote %s setup tokens, %s gateways and %s status reports in "
      "%.1f s (%.0f calls/s).\n",
      WithThousands(load.setup_tokens).c_str(),
      WithThousands(load.gateways).c_str(),
      WithThousands(load.status_reports).c_str(), load_seconds,
      load_seconds > 0 ? load.calls / load_seconds : 0.0);

  const std::string& big_team = plan.teams[plan.big_team].name;
  PrintHeading("3. Every list of team " + big_team + ", page by page");
  phase_start = Clock::now();
  WalkTotals walks = RunWalks(db.get(), big_team, load);
  double walk_seconds = SecondsSince(phase_start);

  PrintHeading("Summary");
  std::printf(
      "Records:  %s teams, %s setup tokens, %s gateways, %s status "
      "reports (plus the samples in %s)\n",
      WithThousands(plan.teams.size()).c_str(),
      WithThousands(load.setup_tokens).c_str(),
      WithThousands(load.gateways).c_str(),
      WithThousands(load.status_reports).c_str(), kSampleTeam);
  std::printf("Walks:    %zu walks, %s pages, %zu failed\n", walks.walks,
              WithThousands(walks.pages).c_str(), walks.failed);
  std::printf(
      "Time:     samples %.2f s, fleet load %.1f s, walks %.1f s, "
      "total %.1f s\n",
      samples_seconds, load_seconds, walk_seconds, SecondsSince(demo_start));
  std::printf("Next:     gatewaydb --db %s stats\n", store_path.c_str());
  return walks.failed == 0 ? kExitSuccess : kExitFailure;
}

}  // namespace gwdb_cli
