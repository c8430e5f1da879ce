// Rendering of stored records in the API's JSON shapes (keys in the API's
// order).
#ifndef GATEWAYDB_SRC_RECORD_JSON_H_
#define GATEWAYDB_SRC_RECORD_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>

#include "record_codec.h"

namespace gwdb {

using OrderedJson = nlohmann::ordered_json;

// created_at, description, details, id, registration_type. Never includes
// the token value.
OrderedJson TokenJson(const fb::SetupToken& token);

// access_address, cloud_provider, created_at, default_address, description,
// id, labels, name, refuse_connections, status.
OrderedJson GatewayJson(const fb::Gateway& gateway);

// active_connections, gateway_id, status, total_storage_bytes, updated_at,
// used_storage_bytes. No report reads as OFFLINE with zero counters; a
// report older than `staleness_us` at `now` reads as OFFLINE.
OrderedJson StatusJson(const Uuid& gateway_id,
                       const std::optional<RecordBuffer>& report, int64_t now,
                       int64_t staleness_us);

// Serializes compactly. Stored strings are valid UTF-8 by construction;
// anything else is replaced rather than thrown.
std::string Dump(const OrderedJson& json);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RECORD_JSON_H_
