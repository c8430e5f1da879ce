#include "record_render.h"

#include "time_format.h"

namespace gwdb {
namespace {

template <typename Sink>
void WriteOptional(Sink& sink, const flatbuffers::String* text) {
  if (text == nullptr) {
    sink.Null();
  } else {
    sink.String(View(text));
  }
}

template <typename Sink>
void WriteLabels(
    Sink& sink,
    const flatbuffers::Vector<flatbuffers::Offset<fb::Label>>* labels) {
  sink.StartObject(labels == nullptr ? 0 : labels->size());
  if (labels != nullptr) {
    for (const fb::Label* label : *labels) {
      sink.Key(View(label->key()));
      sink.String(View(label->value()));
    }
  }
  sink.EndObject();
}

template <typename Sink>
void WriteTimestamp(Sink& sink, const flatbuffers::String* stored,
                    int64_t micros) {
  if (stored != nullptr) {
    sink.String(View(stored));
  } else {
    sink.String(FormatTimestamp(micros));
  }
}

template <typename Sink>
void WriteId(Sink& sink, const flatbuffers::Vector<uint8_t>* id) {
  sink.String(FormatUuid(DecodeId(id)));
}

}  // namespace

template <typename Sink>
void WriteToken(Sink& sink, const fb::SetupToken& token) {
  sink.StartObject(5);
  sink.Key("created_at");
  WriteTimestamp(sink, token.created_at_text(), token.created_at_us());
  sink.Key("description");
  WriteOptional(sink, token.description());
  sink.Key("details");
  if (token.labels() == nullptr || token.labels()->size() == 0) {
    sink.Null();
  } else {
    sink.StartObject(1);
    sink.Key("labels");
    WriteLabels(sink, token.labels());
    sink.EndObject();
  }
  sink.Key("id");
  WriteId(sink, token.id());
  sink.Key("registration_type");
  sink.String("gateway-agent");
  sink.EndObject();
}

template <typename Sink>
void WriteGateway(Sink& sink, const fb::Gateway& gateway) {
  sink.StartObject(10);
  sink.Key("access_address");
  WriteOptional(sink, gateway.access_address());
  sink.Key("cloud_provider");
  WriteOptional(sink, gateway.cloud_provider());
  sink.Key("created_at");
  WriteTimestamp(sink, gateway.created_at_text(), gateway.created_at_us());
  sink.Key("default_address");
  WriteOptional(sink, gateway.default_address());
  sink.Key("description");
  WriteOptional(sink, gateway.description());
  sink.Key("id");
  WriteId(sink, gateway.id());
  sink.Key("labels");
  WriteLabels(sink, gateway.labels());
  sink.Key("name");
  sink.String(View(gateway.name()));
  sink.Key("refuse_connections");
  sink.Bool(gateway.refuse_connections());
  sink.Key("status");
  sink.String("ACTIVE");
  sink.EndObject();
}

template <typename Sink>
void WriteStatus(Sink& sink, const Uuid& gateway_id,
                 const std::optional<RecordBuffer>& report, int64_t now,
                 int64_t staleness_us) {
  const fb::StatusReport* stored =
      report ? AsStatusReport(*report) : nullptr;
  const bool online = stored != nullptr && stored->online() &&
                      now - stored->updated_at_us() <= staleness_us;
  sink.StartObject(6);
  sink.Key("active_connections");
  sink.Uint64(stored ? stored->active_connections() : 0);
  sink.Key("gateway_id");
  sink.String(FormatUuid(gateway_id));
  sink.Key("status");
  sink.String(online ? "ONLINE" : "OFFLINE");
  sink.Key("total_storage_bytes");
  sink.Uint64(stored ? stored->total_storage_bytes() : 0);
  sink.Key("updated_at");
  if (stored != nullptr) {
    sink.String(FormatTimestamp(stored->updated_at_us()));
  } else {
    sink.Null();
  }
  sink.Key("used_storage_bytes");
  sink.Uint64(stored ? stored->used_storage_bytes() : 0);
  sink.EndObject();
}

template void WriteToken(JsonSink&, const fb::SetupToken&);
template void WriteToken(MsgpackSink&, const fb::SetupToken&);
template void WriteGateway(JsonSink&, const fb::Gateway&);
template void WriteGateway(MsgpackSink&, const fb::Gateway&);
// A status is a single record, whose MessagePack form the response
// converts from its JSON, so only the JSON writer is needed.
template void WriteStatus(JsonSink&, const Uuid&,
                          const std::optional<RecordBuffer>&, int64_t,
                          int64_t);

}  // namespace gwdb
