// The `gatewaydb request METHOD TARGET [BODY]` subcommand.

#ifndef GATEWAYDB_CLI_REQUEST_COMMAND_H_
#define GATEWAYDB_CLI_REQUEST_COMMAND_H_

#include <CLI/CLI.hpp>
#include <string>

namespace gwdb_cli {

struct RequestArguments {
  std::string method;
  std::string target;
  // Inline JSON, "@FILE" or "-" for standard input; empty for no body.
  std::string body;
};

// Adds the subcommand and its arguments to `parent`.
CLI::App* AddRequestCommand(CLI::App& parent, RequestArguments& arguments);

// Serves the request against the store in `store_path` and prints the
// response. Returns the process exit status.
int RunRequestCommand(const std::string& store_path,
                      const RequestArguments& arguments);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_REQUEST_COMMAND_H_
