// The paging and filter parameters of the two list routes, from a query
// string or from the C query struct, with every fault collected.
#ifndef GATEWAYDB_SRC_LIST_QUERY_H_
#define GATEWAYDB_SRC_LIST_QUERY_H_

#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "errors.h"
#include "record_types.h"

namespace gwdb {

// Decoded query parameters in their order of appearance.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Splits and percent-decodes a query string ('+' decodes to a space).
// Returns invalid_request for an undecodable one.
absl::StatusOr<QueryParams> DecodeQueryString(absl::string_view query);

// Rejects every parameter: for routes that take none.
absl::Status CheckNoQueryParams(const QueryParams& params);

// Builds a ListQuery from query parameters. Gateways take `status`, setup
// tokens do not. Unknown and repeated parameters are invalid.
absl::StatusOr<ListQuery> ParseListQuery(const QueryParams& params,
                                         bool gateways);

// Single-parameter rules, shared with the typed C calls.
void SetOffset(absl::string_view text, ListQuery& query, FieldErrors& errors);
void SetCount(uint64_t count, ListQuery& query, FieldErrors& errors);
void SetContains(absl::string_view text, ListQuery& query,
                 FieldErrors& errors);
void SetStatus(absl::string_view text, ListQuery& query, FieldErrors& errors);

// Builds the query string of a Link URL: offset, count, descending, prev,
// contains and status, percent-encoded.
std::string LinkQuery(const ListQuery& query, absl::string_view offset,
                      bool prev);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_LIST_QUERY_H_
