// The work done by each process of the concurrency test, whether it was
// started with fork+exec (store_worker) or forked from the test itself.
#ifndef GATEWAYDB_TESTS_RELIABILITY_WORKER_LOOP_H_
#define GATEWAYDB_TESTS_RELIABILITY_WORKER_LOOP_H_

#include <string>

namespace gwdb_reliability {

inline constexpr char kSharedTeam[] = "shared";

// Opens `store` afresh and runs `threads` writer threads, each doing
// `rounds` rounds of writes (register, rename, status report, delete) on
// gateways it owns, each write followed by a read that must see it, plus
// one list page of the whole team. Writes one "G <id> <name> <connections>"
// line per gateway left alive to `output_fd`, or "E <message>" on the
// first failed call. Returns the process exit status: 0 when every call
// succeeded.
int RunWriterProcess(const std::string& store, const std::string& worker_name,
                     int threads, int rounds, int output_fd);

// Opens `store` with `max_readers` and walks the team's gateways page by
// page forever. Writes "E <message>" to `output_fd` and returns 1 when a
// call fails.
int RunWalkerProcess(const std::string& store, unsigned max_readers,
                     int output_fd);

}  // namespace gwdb_reliability

#endif  // GATEWAYDB_TESTS_RELIABILITY_WORKER_LOOP_H_
