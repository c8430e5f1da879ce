// Rendering of stored records in the API's JSON shapes (keys in the API's
// order), written straight from the flatbuffers with RapidJSON's streaming
// writer: no document tree is built.
#ifndef GATEWAYDB_SRC_RECORD_JSON_H_
#define GATEWAYDB_SRC_RECORD_JSON_H_

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>

#include "record_codec.h"

namespace gwdb {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// created_at, description, details, id, registration_type. Never includes
// the token value.
void WriteToken(JsonWriter& writer, const fb::SetupToken& token);

// access_address, cloud_provider, created_at, default_address, description,
// id, labels, name, refuse_connections, status.
void WriteGateway(JsonWriter& writer, const fb::Gateway& gateway);

// active_connections, gateway_id, status, total_storage_bytes, updated_at,
// used_storage_bytes. No report reads as OFFLINE with zero counters; a
// report older than `staleness_us` at `now` reads as OFFLINE.
void WriteStatus(JsonWriter& writer, const Uuid& gateway_id,
                 const std::optional<RecordBuffer>& report, int64_t now,
                 int64_t staleness_us);

// Renders one value with `write` into a string.
template <typename Write>
std::string RenderJson(Write write) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  write(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RECORD_JSON_H_
