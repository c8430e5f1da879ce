// gwdb_response_body_msgpack: every response's MessagePack body carries the
// same value as its JSON body, key order included, whether it is rendered
// from a typed list's records or converted from JSON. nlohmann's decoder
// reads it, independently of the msgpack-c packer that writes it.
#include <cstdint>
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";

// The MessagePack body of `response`, copied.
std::string CopyMsgpackBody(const gwdb_response* response) {
  size_t length = 12345;
  const char* bytes = gwdb_response_body_msgpack(response, &length);
  EXPECT_NE(bytes, nullptr);
  if (bytes == nullptr) return "";
  return std::string(bytes, length);
}

// The JSON body of `response`, copied.
std::string CopyJsonBody(const gwdb_response* response) {
  size_t length = 0;
  const char* bytes = gwdb_response_body(response, &length);
  return std::string(bytes, length);
}

// Checks that both bodies decode to the same value with the same key order.
void ExpectSameValue(const std::string& json, const std::string& msgpack) {
  if (json.empty()) {
    EXPECT_TRUE(msgpack.empty()) << "JSON body is empty, MessagePack is not";
    return;
  }
  const Json from_json = Json::parse(json);
  const Json from_msgpack = Json::from_msgpack(msgpack);
  EXPECT_EQ(from_msgpack.dump(), from_json.dump());
}

class MsgpackBody : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seeded_ = SeedTeam(db_, kTeam);
    // Text that JSON must escape and a non-ASCII label, which MessagePack
    // carries as raw UTF-8.
    Reply token = CreateToken(
        db_, kTeam,
        R"({"description":"quote \" tab \t snow \u2603",)"
        R"("labels":{"ünïcode":"välue","empty":""}})");
    ASSERT_EQ(token.http_status, 201) << token.body;
  }

  // Runs gwdb_request and checks that the two bodies agree; returns the
  // HTTP status.
  int CheckRequest(const std::string& method, const std::string& target,
                   const std::string& body = "") {
    gwdb_response* response = nullptr;
    gwdb_request(db_, method.c_str(), target.c_str(), body.data(),
                 body.size(), &response);
    EXPECT_NE(response, nullptr);
    if (response == nullptr) return 0;
    const std::string msgpack = CopyMsgpackBody(response);
    ExpectSameValue(CopyJsonBody(response), msgpack);
    const int status = gwdb_response_http_status(response);
    gwdb_response_free(response);
    return status;
  }

  SeededTeam seeded_;
};

TEST_F(MsgpackBody, RequestBodiesMatchJson) {
  const std::string team = std::string("/v1/teams/") + kTeam;
  const std::string gateway = team + "/gateways/" + seeded_.gateway_ids[0];
  const std::string token =
      team + "/gateway_setup_tokens/" + seeded_.token_id;
  struct Case {
    std::string method;
    std::string target;
    std::string body;
    int http_status;
  };
  const std::vector<Case> cases = {
      {"GET", team + "/gateway_setup_tokens", "", 200},
      {"GET", team + "/gateway_setup_tokens?count=1&descending=true", "", 200},
      {"GET", team + "/gateways", "", 200},
      {"GET", team + "/gateways?contains=nothing-matches", "", 200},
      {"GET", "/v1/teams/empty/gateways", "", 200},
      {"GET", token, "", 200},
      {"GET", token + "/token", "", 200},
      {"GET", gateway, "", 200},
      {"GET", gateway + "/status", "", 200},
      {"GET", team + "/gateways/" + seeded_.gateway_ids[1] + "/status", "",
       200},
      {"GET", team + "/gateways/not-a-uuid", "", 400},
      {"POST", team + "/gateway_setup_tokens", R"({"labels":5})", 400},
      {"GET", team + "/gateways/00000000-0000-4000-8000-000000000000", "",
       404},
      {"PATCH", gateway, "", 405},
      {"PUT", gateway + "/status",
       R"({"status":"ONLINE","active_connections":9223372036854775807,)"
       R"("total_storage_bytes":9223372036854775807,)"
       R"("used_storage_bytes":1})",
       204},
      {"GET", gateway + "/status", "", 200},
      {"DELETE", team + "/gateway_setup_tokens/" + seeded_.second_token_id,
       "", 204},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target);
    EXPECT_EQ(CheckRequest(c.method, c.target, c.body), c.http_status);
  }
}

// A typed list renders MessagePack from its records, independently of the
// JSON rendering, in either order of first reads.
TEST_F(MsgpackBody, TypedListMatchesJsonInEitherOrder) {
  for (bool msgpack_first : {true, false}) {
    for (bool gateways : {true, false}) {
      SCOPED_TRACE(std::string(gateways ? "gateways" : "tokens") +
                   (msgpack_first ? ", MessagePack first" : ", JSON first"));
      gwdb_list_query query;
      gwdb_list_query_init(&query);
      query.count = 2;
      gwdb_response* response = nullptr;
      const int code =
          gateways ? gwdb_gateway_list(db_, kTeam, &query, &response)
                   : gwdb_token_list(db_, kTeam, &query, &response);
      ASSERT_EQ(code, GWDB_OK);
      std::string json, msgpack;
      if (msgpack_first) {
        msgpack = CopyMsgpackBody(response);
        json = CopyJsonBody(response);
      } else {
        json = CopyJsonBody(response);
        msgpack = CopyMsgpackBody(response);
      }
      ExpectSameValue(json, msgpack);
      EXPECT_EQ(Json::parse(json)["list"].size(), 2u);
      gwdb_response_free(response);
    }
  }
}

TEST_F(MsgpackBody, RepeatedReadsReturnSameBytes) {
  gwdb_list_query query;
  gwdb_list_query_init(&query);
  gwdb_response* response = nullptr;
  ASSERT_EQ(gwdb_gateway_list(db_, kTeam, &query, &response), GWDB_OK);
  size_t first_length = 0;
  size_t second_length = 0;
  const char* first = gwdb_response_body_msgpack(response, &first_length);
  const char* second = gwdb_response_body_msgpack(response, &second_length);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first_length, second_length);
  EXPECT_NE(first_length, 0u);
  // The length pointer is optional.
  EXPECT_EQ(gwdb_response_body_msgpack(response, nullptr), first);
  gwdb_response_free(response);
}

// The wire format itself, byte by byte, for a page with no items and for
// the null, false and string fields of one gateway.
TEST_F(MsgpackBody, EncodesMessagePackTypes) {
  gwdb_list_query query;
  gwdb_list_query_init(&query);
  query.contains = "nothing-matches";
  gwdb_response* response = nullptr;
  ASSERT_EQ(gwdb_gateway_list(db_, kTeam, &query, &response), GWDB_OK);
  // fixmap of 1, fixstr "list", fixarray of 0.
  EXPECT_EQ(CopyMsgpackBody(response), std::string("\x81\xa4list\x90", 7));
  gwdb_response_free(response);

  response = nullptr;
  ASSERT_EQ(gwdb_gateway_get(db_, kTeam, seeded_.gateway_ids[0].c_str(),
                             &response),
            GWDB_OK);
  const std::string bytes = CopyMsgpackBody(response);
  gwdb_response_free(response);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0x8a) << "fixmap of 10 keys";
  // "cloud_provider" is null (nil, 0xc0) and "refuse_connections" is false
  // (0xc2): each follows its fixstr key.
  EXPECT_NE(bytes.find(std::string("\xae" "cloud_provider" "\xc0")),
            std::string::npos);
  EXPECT_NE(bytes.find(std::string("\xb2" "refuse_connections" "\xc2")),
            std::string::npos);
}

TEST(MsgpackBodyNull, NullResponseGivesNull) {
  size_t length = 99;
  EXPECT_EQ(gwdb_response_body_msgpack(nullptr, &length), nullptr);
  EXPECT_EQ(length, 0u);
  EXPECT_EQ(gwdb_response_body_msgpack(nullptr, nullptr), nullptr);
}

}  // namespace
}  // namespace gwdb_test
