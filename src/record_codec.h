// Encoding of stored values: an 8-byte XXH3 checksum over the key and the
// payload, followed by the flatbuffer payload. Every read checks both the
// checksum and the flatbuffer structure before any field is used.
#ifndef GATEWAYDB_SRC_RECORD_CODEC_H_
#define GATEWAYDB_SRC_RECORD_CODEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "record_types.h"
#include "records_generated.h"
#include "uuid.h"

namespace gwdb {

namespace fb = ::gatewaydb::fb;

// A verified flatbuffer copied out of the memory map. The copy gives the
// flatbuffer the alignment its accessors need (LMDB aligns values to only
// 2 bytes).
using RecordBuffer = std::vector<uint8_t>;

enum class PayloadType { kSetupToken, kGateway, kStatusReport };

// Returns checksum + payload, ready to store under `key`.
std::string SealValue(absl::string_view key, const uint8_t* payload,
                      size_t size);

// Checks the checksum and the flatbuffer of a stored value and returns an
// aligned copy of the payload. A failure is unknown_error naming `what`.
absl::StatusOr<RecordBuffer> OpenValue(absl::string_view key,
                                       absl::string_view value,
                                       PayloadType type,
                                       absl::string_view what);

// Views a stored string without copying it.
inline absl::string_view View(const flatbuffers::String* text) {
  return {text->c_str(), text->size()};
}

inline const fb::SetupToken* AsToken(const RecordBuffer& buffer) {
  return flatbuffers::GetRoot<fb::SetupToken>(buffer.data());
}
inline const fb::Gateway* AsGateway(const RecordBuffer& buffer) {
  return flatbuffers::GetRoot<fb::Gateway>(buffer.data());
}
inline const fb::StatusReport* AsStatusReport(const RecordBuffer& buffer) {
  return flatbuffers::GetRoot<fb::StatusReport>(buffer.data());
}

// Every field of a gateway, decoded for an update.
struct GatewayFields {
  Uuid id{};
  int64_t created_at = 0;
  std::string name;
  std::optional<std::string> description;
  Labels labels;
  std::optional<std::string> access_address;
  std::optional<std::string> default_address;
  std::optional<std::string> cloud_provider;
  bool refuse_connections = false;
  Lifecycle lifecycle = Lifecycle::kActive;
  std::optional<Uuid> token_id;
};

std::string EncodeToken(absl::string_view key, const Uuid& id,
                        int64_t created_at, const TokenSpec& spec,
                        absl::string_view secret);
std::string EncodeGateway(absl::string_view key, const GatewayFields& fields);
std::string EncodeStatusReport(absl::string_view key,
                               const StatusReportInput& report,
                               int64_t updated_at);

GatewayFields DecodeGateway(const fb::Gateway& gateway);

// Value of a gateway's entry in the names index: its lifecycle byte, then
// its name in ASCII lower case, so that `contains` and `status` filters can
// skip non-matching gateways without reading their records.
std::string NameIndexValue(const GatewayFields& fields);
Labels DecodeLabels(
    const flatbuffers::Vector<flatbuffers::Offset<fb::Label>>* labels);
Uuid DecodeId(const flatbuffers::Vector<uint8_t>* id);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RECORD_CODEC_H_
