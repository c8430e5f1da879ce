// Request bodies: parsing with the API's limits and decoding into the
// engine's inputs. Every type error is collected with its field path.
#ifndef GATEWAYDB_SRC_JSON_BODY_H_
#define GATEWAYDB_SRC_JSON_BODY_H_

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include <nlohmann/json.hpp>

#include "record_types.h"

namespace gwdb {

using OrderedJson = nlohmann::ordered_json;

inline constexpr size_t kMaxBodyBytes = size_t{1} << 20;
inline constexpr int kMaxBodyDepth = 64;

// Parses a JSON object of at most 1 MiB, nested at most 64 deep, valid
// UTF-8, without duplicate keys. Anything else is invalid_request.
absl::StatusOr<OrderedJson> ParseBodyObject(absl::string_view body);

// Each decoder parses, checks types and value rules, and reports every
// faulty field at once. An empty token-create body counts as {}.
absl::StatusOr<TokenSpec> DecodeTokenSpec(absl::string_view body);
absl::StatusOr<RegistrationInput> DecodeRegistration(absl::string_view body);
absl::StatusOr<GatewayUpdateInput> DecodeGatewayUpdate(absl::string_view body);
absl::StatusOr<StatusReportInput> DecodeStatusReport(absl::string_view body);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_JSON_BODY_H_
