// Fuzz target for request-body parsing: the parser with its limits (size,
// depth, UTF-8, duplicate keys) and each route's decoder. A decoder may
// only accept what the parser accepts.
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view body(reinterpret_cast<const char*>(data), size);
  const bool parsed = gwdb::ParseBodyObject(body).ok();
  const bool registration = gwdb::DecodeRegistration(body).ok();
  const bool update = gwdb::DecodeGatewayUpdate(body).ok();
  const bool status = gwdb::DecodeStatusReport(body).ok();
  const bool token = gwdb::DecodeTokenSpec(body).ok();
  if (!parsed && (registration || update || status)) std::abort();
  // An empty body is the only non-object the token decoder takes.
  if (!parsed && token && size != 0) std::abort();
  return 0;
}
