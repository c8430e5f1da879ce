#include "errors.h"

#include <nlohmann/json.hpp>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"

namespace gwdb {
namespace {

constexpr absl::string_view kFieldErrorsUrl = "gatewaydb/field-errors";

}  // namespace

absl::Status InvalidRequest(absl::string_view message,
                            const FieldErrors& fields) {
  absl::Status status(absl::StatusCode::kInvalidArgument, message);
  if (fields.empty()) return status;

  nlohmann::json encoded = nlohmann::json::array();
  for (const FieldError& field : fields) {
    encoded.push_back({field.path, field.message});
  }
  // Messages may quote invalid UTF-8 from the request; replace it rather
  // than let the serializer throw.
  status.SetPayload(kFieldErrorsUrl,
                    absl::Cord(encoded.dump(
                        -1, ' ', false,
                        nlohmann::json::error_handler_t::replace)));
  return status;
}

absl::Status InvalidFields(const FieldErrors& fields) {
  if (fields.empty()) return absl::OkStatus();
  return InvalidRequest(fields.front().message, fields);
}

FieldErrors FieldErrorsOf(const absl::Status& status) {
  FieldErrors fields;
  auto payload = status.GetPayload(kFieldErrorsUrl);
  if (!payload) return fields;

  nlohmann::json encoded =
      nlohmann::json::parse(std::string(*payload), nullptr, false);
  if (!encoded.is_array()) return fields;
  for (const auto& pair : encoded) {
    fields.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  }
  return fields;
}

int GwdbCodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 0;
    case absl::StatusCode::kInvalidArgument:
      return 1;
    case absl::StatusCode::kUnauthenticated:
      return 2;
    case absl::StatusCode::kNotFound:
      return 3;
    case absl::StatusCode::kAlreadyExists:
      return 4;
    case absl::StatusCode::kUnimplemented:
      return 5;
    case absl::StatusCode::kUnavailable:
      return 6;
    case absl::StatusCode::kFailedPrecondition:
      return 8;
    default:
      return 7;
  }
}

int HttpStatusOf(int gwdb_code) {
  static constexpr int kHttp[] = {200, 400, 401, 404, 409, 405, 503, 500, 500};
  if (gwdb_code < 0 || gwdb_code > 8) return 500;
  return kHttp[gwdb_code];
}

const char* ApiCodeName(int gwdb_code) {
  static constexpr const char* kNames[] = {
      "ok",
      "invalid_request",
      "authentication_error",
      "resource_does_not_exist",
      "resource_already_exists",
      "unsupported_method",
      "service_offline",
      "unknown_error",
      "invalid_argument"};
  if (gwdb_code < 0 || gwdb_code > 8) return "unrecognized_code";
  return kNames[gwdb_code];
}

const char* HttpReason(int http_status) {
  switch (http_status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

std::string Quote(absl::string_view value, size_t max_bytes) {
  // A setup-token value pasted into the wrong field must not be echoed.
  if (absl::StrContains(value, "gwst_")) {
    return "(a value that looks like a setup-token value, not shown)";
  }
  const size_t kMaxShown = max_bytes;
  std::string shown(value.substr(0, kMaxShown));
  bool cut = value.size() > kMaxShown;
  // Step back over a partial UTF-8 sequence at the cut.
  while (cut && !shown.empty() &&
         (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) {
    shown.pop_back();
  }
  if (cut && !shown.empty() &&
      (static_cast<unsigned char>(shown.back()) & 0xC0) == 0xC0) {
    shown.pop_back();
  }
  std::string quoted = nlohmann::json(shown).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (cut) quoted += "...";
  return quoted;
}

}  // namespace gwdb
