#include "record_json.h"

#include "time_format.h"

namespace gwdb {
namespace {

OrderedJson OptionalString(const flatbuffers::String* text) {
  if (text == nullptr) return nullptr;
  return text->str();
}

OrderedJson LabelsJson(
    const flatbuffers::Vector<flatbuffers::Offset<fb::Label>>* labels) {
  OrderedJson object = OrderedJson::object();
  if (labels == nullptr) return object;
  for (const fb::Label* label : *labels) {
    object[label->key()->str()] = label->value()->str();
  }
  return object;
}

}  // namespace

OrderedJson TokenJson(const fb::SetupToken& token) {
  OrderedJson json;
  json["created_at"] = FormatTimestamp(token.created_at_us());
  json["description"] = OptionalString(token.description());
  if (token.labels() == nullptr || token.labels()->size() == 0) {
    json["details"] = nullptr;
  } else {
    json["details"] = {{"labels", LabelsJson(token.labels())}};
  }
  json["id"] = FormatUuid(DecodeId(token.id()));
  json["registration_type"] = "gateway-agent";
  return json;
}

OrderedJson GatewayJson(const fb::Gateway& gateway) {
  OrderedJson json;
  json["access_address"] = OptionalString(gateway.access_address());
  json["cloud_provider"] = OptionalString(gateway.cloud_provider());
  json["created_at"] = FormatTimestamp(gateway.created_at_us());
  json["default_address"] = OptionalString(gateway.default_address());
  json["description"] = OptionalString(gateway.description());
  json["id"] = FormatUuid(DecodeId(gateway.id()));
  json["labels"] = LabelsJson(gateway.labels());
  json["name"] = gateway.name()->str();
  json["refuse_connections"] = gateway.refuse_connections();
  json["status"] = "ACTIVE";
  return json;
}

OrderedJson StatusJson(const Uuid& gateway_id,
                       const std::optional<RecordBuffer>& report, int64_t now,
                       int64_t staleness_us) {
  OrderedJson json;
  if (!report) {
    json["active_connections"] = 0;
    json["gateway_id"] = FormatUuid(gateway_id);
    json["status"] = "OFFLINE";
    json["total_storage_bytes"] = 0;
    json["updated_at"] = nullptr;
    json["used_storage_bytes"] = 0;
    return json;
  }
  const fb::StatusReport& stored = *AsStatusReport(*report);
  const bool fresh = now - stored.updated_at_us() <= staleness_us;
  json["active_connections"] = stored.active_connections();
  json["gateway_id"] = FormatUuid(gateway_id);
  json["status"] = stored.online() && fresh ? "ONLINE" : "OFFLINE";
  json["total_storage_bytes"] = stored.total_storage_bytes();
  json["updated_at"] = FormatTimestamp(stored.updated_at_us());
  json["used_storage_bytes"] = stored.used_storage_bytes();
  return json;
}

std::string Dump(const OrderedJson& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gwdb
