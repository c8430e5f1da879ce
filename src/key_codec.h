// Fixed-width big-endian keys, so that LMDB's byte order is the paging
// order. Layouts (byte widths in brackets):
//   record key:   team[4] kind[1] created_at[8] id[16]   (29 bytes)
//   id key:       team[4] kind[1] id[16]                 (21 bytes)
//   status key:   team[4] lifecycle[1] created_at[8] id[16]
//   report key:   team[4] id[16]
//   expiry key:   deleted_at[8] team[4] kind[1] id[16]
// Timestamps are signed microseconds stored with the sign bit flipped, so
// that negative times sort before positive ones.
#ifndef GATEWAYDB_SRC_KEY_CODEC_H_
#define GATEWAYDB_SRC_KEY_CODEC_H_

#include <array>
#include <cstdint>
#include "absl/strings/string_view.h"

#include "uuid.h"

namespace gwdb {

enum class RecordKind : uint8_t { kSetupToken = 1, kGateway = 2 };

using TeamId = uint32_t;

inline constexpr size_t kRecordKeySize = 29;
inline constexpr size_t kIdKeySize = 21;
inline constexpr size_t kReportKeySize = 20;
inline constexpr size_t kExpiryKeySize = 29;
// Width of the (team, kind) or (team, lifecycle) prefix shared by every key
// of one list.
inline constexpr size_t kListPrefixSize = 5;

using RecordKey = std::array<uint8_t, kRecordKeySize>;
using IdKey = std::array<uint8_t, kIdKeySize>;
using ReportKey = std::array<uint8_t, kReportKeySize>;
using ExpiryKey = std::array<uint8_t, kExpiryKeySize>;

void PutU32(uint8_t* out, uint32_t value);
void PutU64(uint8_t* out, uint64_t value);
uint32_t GetU32(const uint8_t* in);
uint64_t GetU64(const uint8_t* in);
void PutTime(uint8_t* out, int64_t micros);
int64_t GetTime(const uint8_t* in);

// A key of an ordered list: the records of one team and kind, or the
// gateways of one team in one lifecycle state. `tag` is the kind or the
// lifecycle byte.
RecordKey MakeRecordKey(TeamId team, uint8_t tag, int64_t created_at,
                        const Uuid& id);
IdKey MakeIdKey(TeamId team, RecordKind kind, const Uuid& id);
ReportKey MakeReportKey(TeamId team, const Uuid& id);
ExpiryKey MakeExpiryKey(int64_t deleted_at, TeamId team, RecordKind kind,
                        const Uuid& id);

// Field access on record (or status) keys.
int64_t RecordKeyTime(const uint8_t* key);
Uuid RecordKeyId(const uint8_t* key);

inline absl::string_view AsView(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_KEY_CODEC_H_
