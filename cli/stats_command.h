// The `gatewaydb stats` subcommand: record counts and file figures.

#ifndef GATEWAYDB_CLI_STATS_COMMAND_H_
#define GATEWAYDB_CLI_STATS_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>

namespace gwdb_cli {

struct StatsArguments {
  bool json = false;
};

// Adds the subcommand and its options to `parent`.
CLI::App* AddStatsCommand(CLI::App& parent, StatsArguments& arguments);

// Prints the statistics of the store in `store_path` as a table, or as JSON
// with --json. Returns the process exit status.
int RunStatsCommand(const std::string& store_path,
                    const StatsArguments& arguments);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_STATS_COMMAND_H_
