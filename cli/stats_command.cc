#include "stats_command.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "store.h"

namespace gwdb_cli {
namespace {

struct TeamRow {
  std::string team;
  uint64_t setup_tokens = 0;
  uint64_t gateways = 0;
  uint64_t tombstones = 0;
};

int CollectTeamRow(void* context, const gwdb_team_stats* stats) {
  auto* rows = static_cast<std::vector<TeamRow>*>(context);
  rows->push_back(TeamRow{stats->team, stats->setup_tokens, stats->gateways,
                          stats->tombstones});
  return 0;
}

// Formats a byte count with a binary unit, such as "12.5 MiB".
std::string FormatBytes(uint64_t bytes) {
  static const char* const kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char text[64];
  if (unit == 0) {
    std::snprintf(text, sizeof(text), "%" PRIu64 " bytes", bytes);
  } else {
    std::snprintf(text, sizeof(text), "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

void PrintTable(const std::string& store_path, const gwdb_store_stats& stats,
                const std::vector<TeamRow>& rows) {
  size_t team_width = 5;  // "TOTAL"
  for (const TeamRow& row : rows) {
    team_width = std::max(team_width, row.team.size());
  }
  int width = static_cast<int>(team_width);

  std::printf("Store %s (on-disk format version %u)\n\n", store_path.c_str(),
              stats.format_version);
  std::printf("%-*s %14s %12s %12s\n", width, "TEAM", "SETUP TOKENS",
              "GATEWAYS", "TOMBSTONES");
  for (const TeamRow& row : rows) {
    std::printf("%-*s %14" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n", width,
                row.team.c_str(), row.setup_tokens, row.gateways,
                row.tombstones);
  }
  std::printf("%-*s %14" PRIu64 " %12" PRIu64 " %12" PRIu64 "\n\n", width,
              "TOTAL", stats.setup_tokens, stats.gateways, stats.tombstones);

  double used_percent = stats.map_size_max == 0
                            ? 0.0
                            : 100.0 * static_cast<double>(stats.used_bytes) /
                                  static_cast<double>(stats.map_size_max);
  std::printf("Teams:          %" PRIu64 "\n", stats.teams);
  std::printf("Status reports: %" PRIu64 "\n", stats.status_reports);
  std::printf("File size:      %s (%" PRIu64 " bytes)\n",
              FormatBytes(stats.file_bytes).c_str(), stats.file_bytes);
  std::printf("Map use:        %s used of %s maximum (%.2f%%)\n",
              FormatBytes(stats.used_bytes).c_str(),
              FormatBytes(stats.map_size_max).c_str(), used_percent);
}

void PrintJson(const std::string& store_path, const gwdb_store_stats& stats,
               const std::vector<TeamRow>& rows) {
  nlohmann::ordered_json teams = nlohmann::ordered_json::array();
  for (const TeamRow& row : rows) {
    teams.push_back({{"team", row.team},
                     {"setup_tokens", row.setup_tokens},
                     {"gateways", row.gateways},
                     {"tombstones", row.tombstones}});
  }
  nlohmann::ordered_json document = {
      {"path", store_path},
      {"format_version", stats.format_version},
      {"teams", teams},
      {"totals",
       {{"teams", stats.teams},
        {"setup_tokens", stats.setup_tokens},
        {"gateways", stats.gateways},
        {"status_reports", stats.status_reports},
        {"tombstones", stats.tombstones}}},
      {"file_bytes", stats.file_bytes},
      {"map",
       {{"used_bytes", stats.used_bytes}, {"max_bytes", stats.map_size_max}}}};
  std::printf("%s\n", document.dump(2).c_str());
}

}  // namespace

CLI::App* AddStatsCommand(CLI::App& parent, StatsArguments& arguments) {
  CLI::App* command = parent.add_subcommand(
      "stats",
      "Print the store's record counts per team (setup tokens, gateways, "
      "tombstones of deleted records), the totals, the data file size and "
      "the map use in bytes, and the on-disk format version. Token values "
      "are never printed.");
  command->add_flag("--json", arguments.json,
                    "Print one JSON object instead of a table");
  return command;
}

int RunStatsCommand(const std::string& store_path,
                    const StatsArguments& arguments) {
  DbHandle db = OpenExistingStore(store_path);
  if (!db) {
    return kExitFailure;
  }

  gwdb_store_stats stats{};
  stats.struct_size = sizeof(stats);
  std::vector<TeamRow> rows;
  char* error = nullptr;
  int code = gwdb_stats(db.get(), &stats, CollectTeamRow, &rows, &error);
  if (code != GWDB_OK) {
    std::fprintf(stderr, "gatewaydb: failed to read statistics of '%s': %s\n",
                 store_path.c_str(),
                 error != nullptr ? error : gwdb_code_name(code));
    gwdb_string_free(error);
    return kExitFailure;
  }

  if (arguments.json) {
    PrintJson(store_path, stats, rows);
  } else {
    PrintTable(store_path, stats, rows);
  }
  return kExitSuccess;
}

}  // namespace gwdb_cli
