// Rendering of stored records in the API's shapes (keys in the API's order),
// written straight from the flatbuffers into a sink from value_sinks.h: no
// document tree is built. Each writer is instantiated for JsonSink and
// MsgpackSink.
#ifndef GATEWAYDB_SRC_RECORD_RENDER_H_
#define GATEWAYDB_SRC_RECORD_RENDER_H_

#include <optional>
#include <string>

#include "record_codec.h"
#include "value_sinks.h"

namespace gwdb {

// created_at, description, details, id, registration_type. Never includes
// the token value.
template <typename Sink>
void WriteToken(Sink& sink, const fb::SetupToken& token);

// access_address, cloud_provider, created_at, default_address, description,
// id, labels, name, refuse_connections, status.
template <typename Sink>
void WriteGateway(Sink& sink, const fb::Gateway& gateway);

// active_connections, gateway_id, status, total_storage_bytes, updated_at,
// used_storage_bytes. No report reads as OFFLINE with zero counters; a
// report older than `staleness_us` at `now` reads as OFFLINE.
template <typename Sink>
void WriteStatus(Sink& sink, const Uuid& gateway_id,
                 const std::optional<RecordBuffer>& report, int64_t now,
                 int64_t staleness_us);

// Renders one value with `write`, which takes a JsonSink&, into a string.
template <typename Write>
std::string RenderJson(Write write) {
  JsonSink sink;
  write(sink);
  return sink.Take();
}

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RECORD_RENDER_H_
