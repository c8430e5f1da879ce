#include "json_body.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "errors.h"
#include "input_checks.h"
#include "status_macros.h"
#include "validation.h"

namespace gwdb {
namespace {

// Builds the document from nlohmann's SAX events so that the depth limit
// and duplicate keys are caught during the parse.
class LimitedDomBuilder {
 public:
  using json = OrderedJson;

  bool null() { return Add(nullptr); }
  bool boolean(bool value) { return Add(value); }
  bool number_integer(json::number_integer_t value) { return Add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return Add(value); }
  bool number_float(json::number_float_t value, const std::string&) {
    return Add(value);
  }
  bool string(json::string_t& value) { return Add(std::move(value)); }
  bool binary(json::binary_t&) { return Fail("binary values are not JSON"); }

  bool start_object(size_t) {
    if (!Open(json::object())) return false;
    keys_.emplace_back();
    return true;
  }
  bool key(json::string_t& key) {
    if (!keys_.back().insert(key).second) {
      return Fail(absl::StrCat("the body repeats the key ", Quote(key)));
    }
    pending_key_ = key;
    return true;
  }
  bool end_object() {
    keys_.pop_back();
    stack_.pop_back();
    return true;
  }
  bool start_array(size_t) { return Open(json::array()); }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(size_t position, const std::string&,
                   const nlohmann::json::exception& error) {
    // nlohmann's message starts with "[json.exception.parse_error.101]".
    std::string what = error.what();
    const size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    return Fail(absl::StrCat("the body is not valid JSON (at byte ",
                             position, "): ", what));
  }

  json& root() { return root_; }
  const std::string& error() const { return error_; }

 private:
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  json* Insert(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[pending_key_];
    slot = std::move(value);
    return &slot;
  }

  bool Add(json value) {
    Insert(std::move(value));
    return true;
  }

  bool Open(json container) {
    if (stack_.size() >= static_cast<size_t>(kMaxBodyDepth)) {
      return Fail(absl::StrCat("the body is nested more than ", kMaxBodyDepth,
                               " levels deep"));
    }
    stack_.push_back(Insert(std::move(container)));
    return true;
  }

  json root_;
  std::vector<json*> stack_;
  std::vector<absl::flat_hash_set<std::string>> keys_;
  std::string pending_key_;
  std::string error_;
};

// Renders a JSON value for a message: strings quoted once, anything else as
// (at most 64 bytes of) its JSON text.
std::string QuoteValue(const OrderedJson& value) {
  if (value.is_string()) return Quote(value.get<std::string>());
  const std::string text = value.dump();
  return text.size() <= 64 ? text : text.substr(0, 64) + "...";
}

const char* TypeName(const OrderedJson& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

void WrongType(absl::string_view path, const OrderedJson& value,
               absl::string_view expected, FieldErrors& errors) {
  errors.push_back({std::string(path),
                    absl::StrCat(path, " must be ", expected, ", not ",
                                 TypeName(value))});
}

void Missing(absl::string_view path, absl::string_view expected,
             FieldErrors& errors) {
  errors.push_back({std::string(path), absl::StrCat(path, " is required (",
                                                    expected, ")")});
}

// Reads an optional string field: absent or null gives nullopt.
std::optional<std::string> OptionalString(const OrderedJson& body,
                                          absl::string_view path,
                                          FieldErrors& errors) {
  auto found = body.find(std::string(path));
  if (found == body.end() || found->is_null()) return std::nullopt;
  if (!found->is_string()) {
    WrongType(path, *found, "a string or null", errors);
    return std::nullopt;
  }
  return found->get<std::string>();
}

std::string RequiredString(const OrderedJson& body, absl::string_view path,
                           FieldErrors& errors) {
  auto found = body.find(std::string(path));
  if (found == body.end()) {
    Missing(path, "a string", errors);
    return "";
  }
  if (!found->is_string()) {
    WrongType(path, *found, "a string", errors);
    return "";
  }
  return found->get<std::string>();
}

// Decodes a labels object (null means no labels) sorted by key.
Labels DecodeLabelsObject(const OrderedJson& value, absl::string_view path,
                          FieldErrors& errors) {
  Labels labels;
  if (value.is_null()) return labels;
  if (!value.is_object()) {
    WrongType(path, value, "an object of strings", errors);
    return labels;
  }
  for (const auto& [key, label] : value.items()) {
    if (!label.is_string()) {
      WrongType(absl::StrCat(path, ".", key), label, "a string", errors);
      continue;
    }
    labels.emplace_back(key, label.get<std::string>());
  }
  std::sort(labels.begin(), labels.end());
  return labels;
}

uint64_t Counter(const OrderedJson& body, absl::string_view path,
                 FieldErrors& errors) {
  auto found = body.find(std::string(path));
  if (found == body.end()) {
    Missing(path, "an integer", errors);
    return 0;
  }
  if (found->is_number_unsigned()) {
    const uint64_t value = found->get<uint64_t>();
    if (value <= kMaxCounter) return value;
  }
  if (found->is_number_integer() || found->is_number_unsigned()) {
    errors.push_back({std::string(path),
                      absl::StrCat(path, " ", found->dump(),
                                   " is out of range: it must be 0 to ",
                                   kMaxCounter)});
    return 0;
  }
  WrongType(path, *found, "an integer", errors);
  return 0;
}

}  // namespace

absl::StatusOr<OrderedJson> ParseBodyObject(absl::string_view body) {
  if (body.size() > kMaxBodyBytes) {
    return InvalidRequest(absl::StrCat("the body is ", body.size(),
                                       " bytes; the maximum is ",
                                       kMaxBodyBytes, " bytes (1 MiB)"));
  }
  // nlohmann's lexer takes a NUL byte for the end of the input and would
  // drop what follows, so reject it here: JSON never contains a raw NUL.
  if (body.find('\0') != absl::string_view::npos) {
    return InvalidRequest(absl::StrCat(
        "the body is not valid JSON: it contains a NUL byte at byte ",
        body.find('\0')));
  }
  LimitedDomBuilder builder;
  const bool parsed = OrderedJson::sax_parse(body.begin(), body.end(),
                                             &builder);
  if (!parsed) {
    return InvalidRequest(builder.error().empty()
                              ? std::string("the body is not valid JSON")
                              : builder.error());
  }
  if (!builder.root().is_object()) {
    return InvalidRequest(absl::StrCat("the body must be a JSON object, not ",
                                       TypeName(builder.root())));
  }
  return std::move(builder.root());
}

absl::StatusOr<TokenSpec> DecodeTokenSpec(absl::string_view body) {
  GWDB_ASSIGN_OR_RETURN(OrderedJson json,
                        ParseBodyObject(body.empty() ? "{}" : body));
  FieldErrors errors;
  TokenSpec spec;
  spec.description = OptionalString(json, "description", errors);

  std::optional<Labels> labels;
  std::optional<Labels> detail_labels;
  if (auto found = json.find("labels"); found != json.end()) {
    labels = DecodeLabelsObject(*found, "labels", errors);
  }
  if (auto details = json.find("details"); details != json.end()) {
    if (details->is_object()) {
      if (auto found = details->find("labels"); found != details->end()) {
        detail_labels =
            DecodeLabelsObject(*found, "details.labels", errors);
      }
    } else if (!details->is_null()) {
      WrongType("details", *details, "an object or null", errors);
    }
  }
  if (labels && detail_labels && *labels != *detail_labels) {
    errors.push_back({"details.labels",
                      "details.labels differs from labels; give one of them, "
                      "or the same labels in both"});
  }
  spec.labels = labels ? *labels : detail_labels.value_or(Labels{});

  if (auto found = json.find("registration_type"); found != json.end()) {
    if (!found->is_null() &&
        !(found->is_string() && *found == "gateway-agent")) {
      errors.push_back(
          {"registration_type",
           absl::StrCat("registration_type ", QuoteValue(*found),
                        " is invalid: the only type is \"gateway-agent\"")});
    }
  }
  CheckTokenSpec(spec, detail_labels && !labels ? "details.labels" : "labels",
                 errors);
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  return spec;
}

absl::StatusOr<RegistrationInput> DecodeRegistration(absl::string_view body) {
  GWDB_ASSIGN_OR_RETURN(OrderedJson json, ParseBodyObject(body));
  FieldErrors errors;
  RegistrationInput input;
  auto token = json.find("token");
  if (token == json.end()) {
    Missing("token", "the setup token value", errors);
  } else if (!token->is_string()) {
    WrongType("token", *token, "a string", errors);
  } else {
    input.token = token->get<std::string>();
  }
  input.name = RequiredString(json, "name", errors);
  input.description = OptionalString(json, "description", errors);
  input.access_address = OptionalString(json, "access_address", errors);
  input.default_address = OptionalString(json, "default_address", errors);
  input.cloud_provider = OptionalString(json, "cloud_provider", errors);

  const bool name_read = json.contains("name") && json["name"].is_string();
  FieldErrors value_errors;
  CheckRegistration(input, value_errors);
  for (FieldError& error : value_errors) {
    if (error.path != "name" || name_read) errors.push_back(std::move(error));
  }
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  return input;
}

absl::StatusOr<GatewayUpdateInput> DecodeGatewayUpdate(absl::string_view body) {
  GWDB_ASSIGN_OR_RETURN(OrderedJson json, ParseBodyObject(body));
  FieldErrors errors;
  GatewayUpdateInput update;
  update.name = RequiredString(json, "name", errors);
  const bool name_read = json.contains("name") && json["name"].is_string();

  if (auto labels = json.find("labels"); labels == json.end()) {
    Missing("labels", "an object of strings, or null", errors);
  } else {
    update.labels = DecodeLabelsObject(*labels, "labels", errors);
  }
  if (auto description = json.find("description");
      description != json.end()) {
    if (description->is_null()) {
      update.description = std::optional<std::string>();
    } else if (description->is_string()) {
      update.description = description->get<std::string>();
    } else {
      WrongType("description", *description, "a string or null", errors);
    }
  }
  if (auto refuse = json.find("refuse_connections"); refuse != json.end()) {
    if (refuse->is_boolean()) {
      update.refuse_connections = refuse->get<bool>();
    } else {
      WrongType("refuse_connections", *refuse, "a boolean", errors);
    }
  }

  FieldErrors value_errors;
  CheckGatewayUpdate(update, value_errors);
  for (FieldError& error : value_errors) {
    if (error.path != "name" || name_read) errors.push_back(std::move(error));
  }
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  return update;
}

absl::StatusOr<StatusReportInput> DecodeStatusReport(absl::string_view body) {
  GWDB_ASSIGN_OR_RETURN(OrderedJson json, ParseBodyObject(body));
  FieldErrors errors;
  StatusReportInput report;
  auto status = json.find("status");
  if (status == json.end()) {
    Missing("status", "\"ONLINE\" or \"OFFLINE\"", errors);
  } else if (status->is_string() &&
             (*status == "ONLINE" || *status == "OFFLINE")) {
    report.online = *status == "ONLINE";
  } else {
    errors.push_back({"status", absl::StrCat("status ", QuoteValue(*status),
                                             " is invalid: it must be "
                                             "\"ONLINE\" or \"OFFLINE\"")});
  }
  report.active_connections = Counter(json, "active_connections", errors);
  report.total_storage_bytes = Counter(json, "total_storage_bytes", errors);
  report.used_storage_bytes = Counter(json, "used_storage_bytes", errors);
  if (errors.empty()) CheckStatusReport(report, errors);
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  return report;
}

}  // namespace gwdb
