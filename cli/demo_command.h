// The `gatewaydb demo` subcommand: the API's sample requests, a realistic
// fleet loaded through the typed calls, and checked walks over its lists.

#ifndef GATEWAYDB_CLI_DEMO_COMMAND_H_
#define GATEWAYDB_CLI_DEMO_COMMAND_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace gwdb_cli {

struct DemoArguments {
  uint32_t teams = 100;
  uint64_t gateways = 100000;
  uint64_t seed = 1;
  bool quick = false;
  // Set by AddDemoCommand, to tell whether the user gave a size.
  CLI::Option* teams_option = nullptr;
  CLI::Option* gateways_option = nullptr;
};

// Adds the subcommand and its options to `parent`.
CLI::App* AddDemoCommand(CLI::App& parent, DemoArguments& arguments);

// Runs the demo against the store in `store_path`. Returns the process exit
// status: 1 when a step or a list check fails.
int RunDemoCommand(const std::string& store_path,
                   const DemoArguments& arguments);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_DEMO_COMMAND_H_
