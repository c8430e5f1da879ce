// Walking a list route page by page through its Link headers, and checking
// the items against the records the demo created.

#ifndef GATEWAYDB_CLI_LIST_WALKER_H_
#define GATEWAYDB_CLI_LIST_WALKER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fleet_loader.h"
#include "gatewaydb/gatewaydb.h"

namespace gwdb_cli {

// One walk over a list, described by the query of its first page.
struct WalkSpec {
  std::string title{};
  // "gateways" or "gateway_setup_tokens".
  std::string collection{};
  uint32_t count = 100;
  bool descending = false;
  // Start at the end of the list and follow rel="prev" links backwards.
  bool prev = false;
  // Filters; empty means none.
  std::string contains{};
  std::string status{};
  // Stop after this many pages (0 walks to the end).
  size_t max_pages = 0;
  // Print the first request and its response.
  bool show_first_page = false;
};

struct WalkOutcome {
  bool ok = false;
  // The reason the walk failed, or a summary of what it checked.
  std::string detail;
  size_t pages = 0;
  size_t items = 0;
  // The first request and its response, formatted for display.
  std::string first_exchange;
};

// Walks `spec` over `team` through gwdb_request and checks that the walk
// returns exactly `records` (given in creation order), filtered and ordered
// as the query requests, each once, and that the Link headers agree with the
// response's next and prev offsets and keep the query's parameters.
WalkOutcome WalkList(gwdb_db* db, const std::string& team, const WalkSpec& spec,
                     const std::vector<LoadedRecord>& records);

// Returns `records` sorted in list order: by created_at, then by id.
std::vector<LoadedRecord> SortInListOrder(std::vector<LoadedRecord> records);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_LIST_WALKER_H_
