// UUIDs as 16 raw bytes, parsed and formatted with libuuid.
#ifndef GATEWAYDB_SRC_UUID_H_
#define GATEWAYDB_SRC_UUID_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

namespace gwdb {

using Uuid = std::array<uint8_t, 16>;

// Parses the hyphenated 8-4-4-4-12 form in either case; any other form
// (braces, no hyphens, surrounding spaces) returns nullopt.
std::optional<Uuid> ParseUuid(absl::string_view text);

// Formats as lower-case hyphenated text.
std::string FormatUuid(const Uuid& id);

// Stamps the version 4 and RFC 4122 variant bits onto 16 random bytes.
Uuid UuidFromRandomBytes(const std::array<uint8_t, 16>& bytes);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_UUID_H_
