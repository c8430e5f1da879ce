// The one-call HTTP entry point: maps a method, a request target and a body
// onto the API's operations.
#ifndef GATEWAYDB_SRC_ROUTE_TABLE_H_
#define GATEWAYDB_SRC_ROUTE_TABLE_H_

#include "absl/strings/string_view.h"

#include "response.h"
#include "store.h"

namespace gwdb {

// Serves one request. Checks run in the API's order: route and method,
// path parameters, query parameters, body, then the store.
Response ServeRequest(Store& store, absl::string_view method,
                      absl::string_view target, absl::string_view body);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_ROUTE_TABLE_H_
