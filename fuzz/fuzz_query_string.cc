// Fuzz target for query strings: percent-decoding and the list parameters.
// A query that parses must survive a round trip through the Link URL
// builder: the link's query string parses again to the same page request.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "list_query.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckRoundTrip(const gwdb::ListQuery& query, bool gateways) {
  const std::string offset = "0b5f3c7e-8a4d-4c1e-9f2a-6d3b1e0c7a95";
  const std::string link = gwdb::LinkQuery(query, offset, query.prev);
  auto params = gwdb::DecodeQueryString(link);
  Require(params.ok());
  auto again = gwdb::ParseListQuery(*params, gateways);
  Require(again.ok());
  Require(again->count == query.count);
  Require(again->descending == query.descending);
  Require(again->prev == query.prev);
  Require(again->contains == query.contains);
  Require(again->status == query.status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto params = gwdb::DecodeQueryString(text);
  if (!params.ok()) return 0;
  for (bool gateways : {true, false}) {
    auto query = gwdb::ParseListQuery(*params, gateways);
    if (query.ok()) CheckRoundTrip(*query, gateways);
  }
  gwdb::CheckNoQueryParams(*params).IgnoreError();
  return 0;
}
