// Fuzz target for gwdb_request. The input is "METHOD\nTARGET\nBODY": the
// first line is the method, the second the request target, the rest the
// body (any bytes). Placeholders such as @TOKEN@ name live records (see
// fuzz_store.h). Every response must be well formed: a known status, a
// code that agrees with it, a body that is a JSON object (valid UTF-8)
// unless the status is 204, a MessagePack body with the same value, and
// never 500, because the store is healthy
// and only a damaged store or a failing disk may cause unknown_error.
// NOTE: token values are not searched for here, because a gateway name may
// legally spell one; secrets_test covers where token values may appear.
#include <gatewaydb/gatewaydb.h>

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_store.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gwdb_fuzz::FuzzStore& store = gwdb_fuzz::SharedStore();
  const std::string input = gwdb_fuzz::FillPlaceholders(
      std::string(reinterpret_cast<const char*>(data), size), store);
  const size_t method_end = input.find('\n');
  if (method_end == std::string::npos) return 0;
  const size_t target_end = input.find('\n', method_end + 1);
  if (target_end == std::string::npos) return 0;
  // The C API takes NUL-terminated method and target strings.
  const std::string method = input.substr(0, method_end).c_str();
  const std::string target =
      input.substr(method_end + 1, target_end - method_end - 1).c_str();
  const std::string body = input.substr(target_end + 1);

  gwdb_response* response = nullptr;
  const int code = gwdb_request(store.db, method.c_str(), target.c_str(),
                                body.data(), body.size(), &response);
  Require(response != nullptr);
  Require(gwdb_response_code(response) == code);
  const int status = gwdb_response_http_status(response);
  size_t length = 0;
  const char* bytes = gwdb_response_body(response, &length);
  Require(bytes != nullptr && bytes[length] == '\0');
  size_t msgpack_length = 0;
  const char* msgpack =
      gwdb_response_body_msgpack(response, &msgpack_length);
  Require(msgpack != nullptr);
  if (status == 204) {
    Require(length == 0);
    Require(msgpack_length == 0);
  } else {
    const nlohmann::ordered_json parsed =
        nlohmann::ordered_json::parse(bytes, bytes + length, nullptr, false);
    Require(!parsed.is_discarded() && parsed.is_object());
    const nlohmann::ordered_json decoded = nlohmann::ordered_json::from_msgpack(
        msgpack, msgpack + msgpack_length, /*strict=*/true,
        /*allow_exceptions=*/false);
    Require(decoded == parsed);
  }
  Require(status == 200 || status == 201 || status == 204 || status == 400 ||
          status == 401 || status == 404 || status == 405 || status == 409 ||
          status == 503);
  Require((code == GWDB_OK) == (status < 300));
  for (size_t i = 0; i < gwdb_response_header_count(response); ++i) {
    const char* name = nullptr;
    const char* value = nullptr;
    Require(gwdb_response_header(response, i, &name, &value) == GWDB_OK);
  }
  gwdb_response_free(response);
  return 0;
}
