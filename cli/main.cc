// The gatewaydb command: serves Gateways API requests against a local
// store, prints store statistics and runs a demo.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "demo_command.h"
#include "exit_codes.h"
#include "gatewaydb/gatewaydb.h"
#include "maintenance_commands.h"
#include "request_command.h"
#include "stats_command.h"
#include "store.h"

int main(int argc, char** argv) {
  using namespace gwdb_cli;

  CLI::App app(
      "gatewaydb: an embedded store for the Gateways API of Okta Advanced "
      "Server Access (gateways and gateway setup tokens).",
      "gatewaydb");
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", std::string(gwdb_version()),
                       "Print the library version and exit");

  std::string db_flag;
  app.add_option("--db", db_flag,
                 std::string("Store directory, created on first use. "
                             "Default: $GATEWAYDB_PATH when set, else ") +
                     kDefaultStorePath)
      ->type_name("DIR");

  RequestArguments request_arguments;
  StatsArguments stats_arguments;
  DemoArguments demo_arguments;
  CLI::App* request = AddRequestCommand(app, request_arguments);
  CLI::App* stats = AddStatsCommand(app, stats_arguments);
  CLI::App* demo = AddDemoCommand(app, demo_arguments);
  CompactArguments compact_arguments;
  CLI::App* check = AddCheckCommand(app);
  CLI::App* compact = AddCompactCommand(app, compact_arguments);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version end parsing with exit code 0; everything else
    // is a usage error.
    int printed_status = app.exit(error);
    return printed_status == 0 ? kExitSuccess : kExitUsage;
  }

  std::string store_path = ResolveStorePath(db_flag);
  if (request->parsed()) {
    return RunRequestCommand(store_path, request_arguments);
  }
  if (stats->parsed()) {
    return RunStatsCommand(store_path, stats_arguments);
  }
  if (demo->parsed()) {
    return RunDemoCommand(store_path, demo_arguments);
  }
  if (check->parsed()) return RunCheckCommand(store_path);
  if (compact->parsed()) {
    return RunCompactCommand(store_path, compact_arguments);
  }
  return kExitUsage;
}
