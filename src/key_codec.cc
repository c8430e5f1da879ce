#include "key_codec.h"

#include <cstring>

namespace gwdb {

void PutU32(uint8_t* out, uint32_t value) {
  for (int i = 3; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}

void PutU64(uint8_t* out, uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}

uint32_t GetU32(const uint8_t* in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | in[i];
  return value;
}

uint64_t GetU64(const uint8_t* in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | in[i];
  return value;
}

void PutTime(uint8_t* out, int64_t micros) {
  PutU64(out, static_cast<uint64_t>(micros) ^ (uint64_t{1} << 63));
}

int64_t GetTime(const uint8_t* in) {
  return static_cast<int64_t>(GetU64(in) ^ (uint64_t{1} << 63));
}

RecordKey MakeRecordKey(TeamId team, uint8_t tag, int64_t created_at,
                        const Uuid& id) {
  RecordKey key;
  PutU32(key.data(), team);
  key[4] = tag;
  PutTime(key.data() + 5, created_at);
  std::memcpy(key.data() + 13, id.data(), id.size());
  return key;
}

IdKey MakeIdKey(TeamId team, RecordKind kind, const Uuid& id) {
  IdKey key;
  PutU32(key.data(), team);
  key[4] = static_cast<uint8_t>(kind);
  std::memcpy(key.data() + 5, id.data(), id.size());
  return key;
}

ReportKey MakeReportKey(TeamId team, const Uuid& id) {
  ReportKey key;
  PutU32(key.data(), team);
  std::memcpy(key.data() + 4, id.data(), id.size());
  return key;
}

ExpiryKey MakeExpiryKey(int64_t deleted_at, TeamId team, RecordKind kind,
                        const Uuid& id) {
  ExpiryKey key;
  PutTime(key.data(), deleted_at);
  PutU32(key.data() + 8, team);
  key[12] = static_cast<uint8_t>(kind);
  std::memcpy(key.data() + 13, id.data(), id.size());
  return key;
}

int64_t RecordKeyTime(const uint8_t* key) { return GetTime(key + 5); }

Uuid RecordKeyId(const uint8_t* key) {
  Uuid id;
  std::memcpy(id.data(), key + 13, id.size());
  return id;
}

}  // namespace gwdb
