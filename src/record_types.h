// Plain inputs of the engine's write operations, already decoded from JSON
// or from the C structs.
#ifndef GATEWAYDB_SRC_RECORD_TYPES_H_
#define GATEWAYDB_SRC_RECORD_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "uuid.h"

namespace gwdb {

// Labels in key order; keys are unique.
using Labels = std::vector<std::pair<std::string, std::string>>;

struct TokenSpec {
  std::optional<std::string> description;
  Labels labels;
};

struct RegistrationInput {
  std::string token;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> access_address;
  std::optional<std::string> default_address;
  std::optional<std::string> cloud_provider;
};

struct GatewayUpdateInput {
  std::string name;
  Labels labels;
  // When set, replaces the description; an inner nullopt clears it.
  std::optional<std::optional<std::string>> description;
  std::optional<bool> refuse_connections;
};

struct StatusReportInput {
  bool online = false;
  uint64_t active_connections = 0;
  uint64_t total_storage_bytes = 0;
  uint64_t used_storage_bytes = 0;
};

// Lifecycle states a gateway can be listed by. Only ACTIVE exists.
enum class Lifecycle : uint8_t { kActive = 0 };

struct ListQuery {
  std::optional<Uuid> offset;
  uint32_t count = 100;
  bool descending = false;
  bool prev = false;
  // Empty means no filter.
  std::string contains;
  std::optional<Lifecycle> status;
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RECORD_TYPES_H_
