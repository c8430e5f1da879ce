// The `gatewaydb check` and `gatewaydb compact` subcommands.

#ifndef GATEWAYDB_CLI_MAINTENANCE_COMMANDS_H_
#define GATEWAYDB_CLI_MAINTENANCE_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>

namespace gwdb_cli {

struct CompactArguments {
  std::string destination;
};

CLI::App* AddCheckCommand(CLI::App& parent);
CLI::App* AddCompactCommand(CLI::App& parent, CompactArguments& arguments);

// Verifies the store read-only and prints each violation. Returns 0 when
// the store is clean, 1 when anything is wrong or it cannot be opened.
int RunCheckCommand(const std::string& store_path);

// Writes a compacted copy of the store into a new directory and prints
// both file sizes. Returns 0 on success, 1 on failure.
int RunCompactCommand(const std::string& store_path,
                      const CompactArguments& arguments);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_MAINTENANCE_COMMANDS_H_
