#include "uuid.h"

#include <uuid/uuid.h>

#include <cstring>

namespace gwdb {

std::optional<Uuid> ParseUuid(absl::string_view text) {
  // uuid_parse reads exactly 36 characters from a NUL-terminated string.
  constexpr size_t kTextSize = 36;
  if (text.size() != kTextSize) return std::nullopt;
  char buffer[kTextSize + 1];
  std::memcpy(buffer, text.data(), kTextSize);
  buffer[kTextSize] = '\0';

  Uuid id;
  if (uuid_parse(buffer, id.data()) != 0) return std::nullopt;
  return id;
}

std::string FormatUuid(const Uuid& id) {
  char buffer[37];
  uuid_unparse_lower(id.data(), buffer);
  return std::string(buffer, 36);
}

Uuid UuidFromRandomBytes(const std::array<uint8_t, 16>& bytes) {
  Uuid id = bytes;
  id[6] = static_cast<uint8_t>((id[6] & 0x0F) | 0x40);
  id[8] = static_cast<uint8_t>((id[8] & 0x3F) | 0x80);
  return id;
}

}  // namespace gwdb
