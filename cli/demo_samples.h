// The first phase of the demo: the API's own sample payloads, one request
// at a time, through the one-call HTTP entry point.

#ifndef GATEWAYDB_CLI_DEMO_SAMPLES_H_
#define GATEWAYDB_CLI_DEMO_SAMPLES_H_

#include <string>

#include "gatewaydb/gatewaydb.h"

namespace gwdb_cli {

// Team that the sample requests write to.
inline constexpr const char* kSampleTeam = "demo-team";

// Runs the sample requests against `db`, printing each request and its
// response to stdout. Setup token values are printed masked. Returns false
// (after printing why) when a response has an unexpected status.
bool RunSampleRequests(gwdb_db* db);

// Returns the first 9 characters of a secret followed by "…".
std::string MaskSecret(const std::string& secret);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_DEMO_SAMPLES_H_
