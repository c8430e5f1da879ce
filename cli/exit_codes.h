// Exit statuses of the gatewaydb command.

#ifndef GATEWAYDB_CLI_EXIT_CODES_H_
#define GATEWAYDB_CLI_EXIT_CODES_H_

namespace gwdb_cli {

// A response was produced (whatever its HTTP status), or the command
// finished its work.
inline constexpr int kExitSuccess = 0;
// The store cannot be opened, or a check of the demo failed.
inline constexpr int kExitFailure = 1;
// The command line is wrong: an unknown option, a missing argument, or a
// body file that cannot be read.
inline constexpr int kExitUsage = 2;

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_EXIT_CODES_H_
