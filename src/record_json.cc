#include "record_json.h"

#include "time_format.h"

namespace gwdb {
namespace {

void WriteKey(JsonWriter& writer, absl::string_view key) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

void WriteText(JsonWriter& writer, absl::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void WriteOptional(JsonWriter& writer, const flatbuffers::String* text) {
  if (text == nullptr) {
    writer.Null();
  } else {
    WriteText(writer, View(text));
  }
}

void WriteLabels(
    JsonWriter& writer,
    const flatbuffers::Vector<flatbuffers::Offset<fb::Label>>* labels) {
  writer.StartObject();
  if (labels != nullptr) {
    for (const fb::Label* label : *labels) {
      WriteKey(writer, View(label->key()));
      WriteText(writer, View(label->value()));
    }
  }
  writer.EndObject();
}

void WriteTimestamp(JsonWriter& writer, const flatbuffers::String* stored,
                    int64_t micros) {
  if (stored != nullptr) {
    WriteText(writer, View(stored));
  } else {
    WriteText(writer, FormatTimestamp(micros));
  }
}

void WriteId(JsonWriter& writer, const flatbuffers::Vector<uint8_t>* id) {
  WriteText(writer, FormatUuid(DecodeId(id)));
}

}  // namespace

void WriteToken(JsonWriter& writer, const fb::SetupToken& token) {
  writer.StartObject();
  WriteKey(writer, "created_at");
  WriteTimestamp(writer, token.created_at_text(), token.created_at_us());
  WriteKey(writer, "description");
  WriteOptional(writer, token.description());
  WriteKey(writer, "details");
  if (token.labels() == nullptr || token.labels()->size() == 0) {
    writer.Null();
  } else {
    writer.StartObject();
    WriteKey(writer, "labels");
    WriteLabels(writer, token.labels());
    writer.EndObject();
  }
  WriteKey(writer, "id");
  WriteId(writer, token.id());
  WriteKey(writer, "registration_type");
  WriteText(writer, "gateway-agent");
  writer.EndObject();
}

void WriteGateway(JsonWriter& writer, const fb::Gateway& gateway) {
  writer.StartObject();
  WriteKey(writer, "access_address");
  WriteOptional(writer, gateway.access_address());
  WriteKey(writer, "cloud_provider");
  WriteOptional(writer, gateway.cloud_provider());
  WriteKey(writer, "created_at");
  WriteTimestamp(writer, gateway.created_at_text(), gateway.created_at_us());
  WriteKey(writer, "default_address");
  WriteOptional(writer, gateway.default_address());
  WriteKey(writer, "description");
  WriteOptional(writer, gateway.description());
  WriteKey(writer, "id");
  WriteId(writer, gateway.id());
  WriteKey(writer, "labels");
  WriteLabels(writer, gateway.labels());
  WriteKey(writer, "name");
  WriteText(writer, View(gateway.name()));
  WriteKey(writer, "refuse_connections");
  writer.Bool(gateway.refuse_connections());
  WriteKey(writer, "status");
  WriteText(writer, "ACTIVE");
  writer.EndObject();
}

void WriteStatus(JsonWriter& writer, const Uuid& gateway_id,
                 const std::optional<RecordBuffer>& report, int64_t now,
                 int64_t staleness_us) {
  const fb::StatusReport* stored =
      report ? AsStatusReport(*report) : nullptr;
  const bool online = stored != nullptr && stored->online() &&
                      now - stored->updated_at_us() <= staleness_us;
  writer.StartObject();
  WriteKey(writer, "active_connections");
  writer.Uint64(stored ? stored->active_connections() : 0);
  WriteKey(writer, "gateway_id");
  WriteText(writer, FormatUuid(gateway_id));
  WriteKey(writer, "status");
  WriteText(writer, online ? "ONLINE" : "OFFLINE");
  WriteKey(writer, "total_storage_bytes");
  writer.Uint64(stored ? stored->total_storage_bytes() : 0);
  WriteKey(writer, "updated_at");
  if (stored != nullptr) {
    WriteText(writer, FormatTimestamp(stored->updated_at_us()));
  } else {
    writer.Null();
  }
  WriteKey(writer, "used_storage_bytes");
  writer.Uint64(stored ? stored->used_storage_bytes() : 0);
  writer.EndObject();
}

}  // namespace gwdb
