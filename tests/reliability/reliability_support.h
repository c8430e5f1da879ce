// Helpers shared by the reliability suites: child processes with a time
// limit, whole-team paging walks and store checks. Everything goes through
// the public C header.
#ifndef GATEWAYDB_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_
#define GATEWAYDB_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_

#include <gatewaydb/gatewaydb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gwdb_reliability {

// How a child process ended.
struct ProcessResult {
  // Exit status when the child exited, otherwise -1.
  int exit_code = -1;
  // Signal that ended the child (0 when it exited). A child killed for
  // running past its time limit reports SIGKILL and timed_out.
  int signal = 0;
  bool timed_out = false;
  // Standard output and standard error, interleaved.
  std::string output;
};

// Runs argv[0] with `argv` and waits at most `timeout_ms` milliseconds,
// then kills it with SIGKILL.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         int timeout_ms);

// One gateway as a list page shows it.
struct ListedGateway {
  std::string id;
  std::string name;
  std::string created_at;
};

// Walks every page of the gateways of `team` by following the next offset.
// Returns false and fills *error when a call fails, a page is malformed, an
// id repeats or the order of (created_at, id) breaks.
bool WalkGateways(gwdb_db* db, const std::string& team, uint32_t count,
                  bool descending, std::vector<ListedGateway>* gateways,
                  std::string* error);

// Runs gwdb_check and returns the number of violations, or UINT64_MAX when
// the check itself failed. Violation messages are appended to *messages.
uint64_t CountViolations(gwdb_db* db, std::vector<std::string>* messages);

// Reads a positive integer from environment variable `name`, or returns
// `fallback` when it is unset or not a positive integer.
long EnvironmentNumber(const char* name, long fallback);

// Opens `path` with `options`; returns NULL and fills *error on failure.
gwdb_db* OpenOrExplain(const std::string& path, const gwdb_options& options,
                       std::string* error);

}  // namespace gwdb_reliability

#endif  // GATEWAYDB_TESTS_RELIABILITY_RELIABILITY_SUPPORT_H_
