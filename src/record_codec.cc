#include "record_codec.h"

#include <xxhash.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "key_codec.h"
#include "time_format.h"

namespace gwdb {
namespace {

constexpr size_t kChecksumSize = 8;

uint64_t Checksum(absl::string_view key, const uint8_t* payload,
                  size_t size) {
  const uint64_t key_hash = XXH3_64bits(key.data(), key.size());
  return XXH3_64bits_withSeed(payload, size, key_hash);
}

bool VerifyPayload(const RecordBuffer& buffer, PayloadType type) {
  flatbuffers::Verifier verifier(buffer.data(), buffer.size());
  switch (type) {
    case PayloadType::kSetupToken:
      return verifier.VerifyBuffer<fb::SetupToken>(nullptr) &&
             AsToken(buffer)->id()->size() == 16;
    case PayloadType::kGateway:
      return verifier.VerifyBuffer<fb::Gateway>(nullptr) &&
             AsGateway(buffer)->id()->size() == 16;
    case PayloadType::kStatusReport:
      return verifier.VerifyBuffer<fb::StatusReport>(nullptr);
  }
  return false;
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::Label>>>
BuildLabels(flatbuffers::FlatBufferBuilder& builder, const Labels& labels) {
  std::vector<flatbuffers::Offset<fb::Label>> offsets;
  offsets.reserve(labels.size());
  for (const auto& [key, value] : labels) {
    offsets.push_back(fb::CreateLabel(builder, builder.CreateString(key),
                                      builder.CreateString(value)));
  }
  return builder.CreateVector(offsets);
}

flatbuffers::Offset<flatbuffers::String> OptionalString(
    flatbuffers::FlatBufferBuilder& builder,
    const std::optional<std::string>& value) {
  if (!value) return 0;
  return builder.CreateString(*value);
}

std::string Seal(absl::string_view key,
                 const flatbuffers::FlatBufferBuilder& builder) {
  return SealValue(key, builder.GetBufferPointer(), builder.GetSize());
}

}  // namespace

std::string SealValue(absl::string_view key, const uint8_t* payload,
                      size_t size) {
  std::string value(kChecksumSize + size, '\0');
  PutU64(reinterpret_cast<uint8_t*>(value.data()),
         Checksum(key, payload, size));
  std::memcpy(value.data() + kChecksumSize, payload, size);
  return value;
}

absl::StatusOr<RecordBuffer> OpenValue(absl::string_view key,
                                       absl::string_view value,
                                       PayloadType type,
                                       absl::string_view what) {
  if (value.size() < kChecksumSize) {
    return absl::DataLossError(
        absl::StrCat("stored ", what, " is truncated (", value.size(),
                     " bytes)"));
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  RecordBuffer buffer(bytes + kChecksumSize, bytes + value.size());
  if (GetU64(bytes) != Checksum(key, buffer.data(), buffer.size())) {
    return absl::DataLossError(
        absl::StrCat("stored ", what, " failed its checksum"));
  }
  if (!VerifyPayload(buffer, type)) {
    return absl::DataLossError(
        absl::StrCat("stored ", what, " is not a valid record"));
  }
  return buffer;
}

std::string EncodeToken(absl::string_view key, const Uuid& id,
                        int64_t created_at, const TokenSpec& spec,
                        absl::string_view secret) {
  flatbuffers::FlatBufferBuilder builder(256);
  auto id_offset = builder.CreateVector(id.data(), id.size());
  auto description = OptionalString(builder, spec.description);
  auto labels = BuildLabels(builder, spec.labels);
  auto secret_offset = builder.CreateString(secret.data(), secret.size());
  auto created_text = builder.CreateString(FormatTimestamp(created_at));
  builder.Finish(fb::CreateSetupToken(builder, id_offset, created_at,
                                      description, labels, secret_offset,
                                      created_text));
  return Seal(key, builder);
}

std::string EncodeGateway(absl::string_view key, const GatewayFields& fields) {
  flatbuffers::FlatBufferBuilder builder(512);
  auto id_offset = builder.CreateVector(fields.id.data(), fields.id.size());
  auto name = builder.CreateString(fields.name);
  auto description = OptionalString(builder, fields.description);
  auto labels = BuildLabels(builder, fields.labels);
  auto access = OptionalString(builder, fields.access_address);
  auto default_address = OptionalString(builder, fields.default_address);
  auto cloud = OptionalString(builder, fields.cloud_provider);
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> token_id = 0;
  if (fields.token_id) {
    token_id = builder.CreateVector(fields.token_id->data(), 16);
  }
  auto created_text = builder.CreateString(FormatTimestamp(fields.created_at));
  builder.Finish(fb::CreateGateway(
      builder, id_offset, fields.created_at, name, description, labels,
      access, default_address, cloud, fields.refuse_connections,
      static_cast<fb::Lifecycle>(fields.lifecycle), token_id, created_text));
  return Seal(key, builder);
}

std::string EncodeStatusReport(absl::string_view key,
                               const StatusReportInput& report,
                               int64_t updated_at) {
  flatbuffers::FlatBufferBuilder builder(64);
  builder.Finish(fb::CreateStatusReport(
      builder, report.online, report.active_connections,
      report.total_storage_bytes, report.used_storage_bytes, updated_at));
  return Seal(key, builder);
}

Labels DecodeLabels(
    const flatbuffers::Vector<flatbuffers::Offset<fb::Label>>* labels) {
  Labels decoded;
  if (labels == nullptr) return decoded;
  decoded.reserve(labels->size());
  for (const fb::Label* label : *labels) {
    decoded.emplace_back(label->key()->str(), label->value()->str());
  }
  return decoded;
}

Uuid DecodeId(const flatbuffers::Vector<uint8_t>* id) {
  Uuid decoded{};
  if (id != nullptr && id->size() == decoded.size()) {
    std::memcpy(decoded.data(), id->data(), decoded.size());
  }
  return decoded;
}

std::string NameIndexValue(const GatewayFields& fields) {
  std::string value(1, static_cast<char>(fields.lifecycle));
  value += absl::AsciiStrToLower(fields.name);
  return value;
}

GatewayFields DecodeGateway(const fb::Gateway& gateway) {
  const auto optional = [](const flatbuffers::String* text) {
    return text ? std::optional<std::string>(text->str()) : std::nullopt;
  };
  GatewayFields fields;
  fields.id = DecodeId(gateway.id());
  fields.created_at = gateway.created_at_us();
  fields.name = gateway.name()->str();
  fields.description = optional(gateway.description());
  fields.labels = DecodeLabels(gateway.labels());
  fields.access_address = optional(gateway.access_address());
  fields.default_address = optional(gateway.default_address());
  fields.cloud_provider = optional(gateway.cloud_provider());
  fields.refuse_connections = gateway.refuse_connections();
  fields.lifecycle = static_cast<Lifecycle>(gateway.lifecycle());
  if (gateway.token_id() != nullptr && gateway.token_id()->size() == 16) {
    fields.token_id = DecodeId(gateway.token_id());
  }
  return fields;
}

}  // namespace gwdb
