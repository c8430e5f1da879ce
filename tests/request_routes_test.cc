// Every route of gwdb_request: success statuses, exact JSON shapes (keys,
// key order and value types), headers, and the 404 and 405 routing errors.
#include <regex>
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const std::vector<std::string> kTokenKeys = {
    "created_at", "description", "details", "id", "registration_type"};
const std::vector<std::string> kGatewayKeys = {
    "access_address",  "cloud_provider", "created_at",
    "default_address", "description",    "id",
    "labels",          "name",           "refuse_connections",
    "status"};
const std::vector<std::string> kStatusKeys = {
    "active_connections",  "gateway_id", "status",
    "total_storage_bytes", "updated_at", "used_storage_bytes"};

const char kTeam[] = "acme";
const char kTokens[] = "/v1/teams/acme/gateway_setup_tokens";
const char kGateways[] = "/v1/teams/acme/gateways";
const char kUnusedId[] = "6116bb2a-7289-4528-92ee-8e92443c3b61";

std::string ToUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// Checks what every 200/201 reply with a JSON body has in common.
void ExpectJsonSuccess(const Reply& reply, int http_status) {
  EXPECT_EQ(reply.http_status, http_status) << reply.body;
  EXPECT_EQ(reply.code, GWDB_OK) << reply.body;
  EXPECT_EQ(reply.message, "");
  ASSERT_TRUE(reply.body_is_json) << reply.body;
  EXPECT_EQ(reply.json.dump(), reply.body) << "body is not compact JSON";
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
}

void ExpectTokenShape(const Json& token) {
  ASSERT_TRUE(token.is_object()) << token.dump();
  EXPECT_EQ(KeysOf(token), kTokenKeys) << token.dump();
  ASSERT_TRUE(Field(token, "created_at").is_string()) << token.dump();
  EXPECT_TRUE(IsTimestamp(Field(token, "created_at").get<std::string>()));
  EXPECT_TRUE(Field(token, "description").is_string() ||
              Field(token, "description").is_null());
  EXPECT_TRUE(Field(token, "details").is_object() ||
              Field(token, "details").is_null());
  ASSERT_TRUE(Field(token, "id").is_string()) << token.dump();
  EXPECT_TRUE(IsLowerCaseUuid(Field(token, "id").get<std::string>()));
  EXPECT_EQ(Field(token, "registration_type"), "gateway-agent");
}

void ExpectGatewayShape(const Json& gateway) {
  ASSERT_TRUE(gateway.is_object()) << gateway.dump();
  EXPECT_EQ(KeysOf(gateway), kGatewayKeys) << gateway.dump();
  for (const char* key :
       {"access_address", "cloud_provider", "default_address", "description"}) {
    EXPECT_TRUE(Field(gateway, key).is_string() ||
                Field(gateway, key).is_null())
        << key;
  }
  ASSERT_TRUE(Field(gateway, "created_at").is_string());
  EXPECT_TRUE(IsTimestamp(Field(gateway, "created_at").get<std::string>()));
  ASSERT_TRUE(Field(gateway, "id").is_string());
  EXPECT_TRUE(IsLowerCaseUuid(Field(gateway, "id").get<std::string>()));
  ASSERT_TRUE(Field(gateway, "labels").is_object()) << gateway.dump();
  for (const auto& [key, value] : Field(gateway, "labels").items()) {
    EXPECT_TRUE(value.is_string()) << key;
  }
  EXPECT_TRUE(Field(gateway, "name").is_string());
  EXPECT_TRUE(Field(gateway, "refuse_connections").is_boolean());
  EXPECT_EQ(Field(gateway, "status"), "ACTIVE");
}

// Labels compared without regard to key order.
nlohmann::json Unordered(const Json& value) {
  return nlohmann::json::parse(value.dump());
}

class RequestRoutes : public StoreTest {
 protected:
  std::string NewToken(const std::string& body = "{}") {
    Reply reply = CreateToken(db_, kTeam, body);
    EXPECT_EQ(reply.http_status, 201) << reply.body;
    if (!reply.json.is_object() || !reply.json["id"].is_string()) return "";
    return reply.json["id"].get<std::string>();
  }

  std::string ValueOf(const std::string& token_id) {
    Reply reply =
        Request(db_, "GET", std::string(kTokens) + "/" + token_id + "/token");
    EXPECT_EQ(reply.http_status, 200) << reply.body;
    if (!reply.json.is_object() || !reply.json["token"].is_string()) return "";
    return reply.json["token"].get<std::string>();
  }

  // Registers a gateway with a fresh token and returns its id.
  std::string NewGateway(const std::string& name) {
    std::string value = ValueOf(NewToken());
    Reply reply = RegisterGateway(db_, value, name);
    EXPECT_EQ(reply.http_status, 201) << reply.body;
    if (!reply.json.is_object() || !reply.json["id"].is_string()) return "";
    return reply.json["id"].get<std::string>();
  }
};

TEST_F(RequestRoutes, TokenCreateReturnsRecord) {
  Reply reply = CreateToken(db_, kTeam, "{}");

  ExpectJsonSuccess(reply, 201);
  ExpectTokenShape(reply.json);
  EXPECT_EQ(reply.json["created_at"], "2026-12-04T16:20:59.123456Z");
  EXPECT_TRUE(reply.json["description"].is_null());
  EXPECT_TRUE(reply.json["details"].is_null());
  ASSERT_EQ(reply.headers.size(), 1u);
  EXPECT_EQ(reply.headers[0].first, "Content-Type");
  ASSERT_TRUE(reply.token_value.has_value());
  EXPECT_TRUE(std::regex_match(*reply.token_value,
                               std::regex("^gwst_[A-Za-z0-9_-]{43}$")))
      << *reply.token_value;
  EXPECT_EQ(reply.body.find(*reply.token_value), std::string::npos);
  EXPECT_EQ(reply.item_count, 0u);
}

TEST_F(RequestRoutes, TokenCreateAcceptsEmptyBody) {
  Reply reply = CreateToken(db_, kTeam, "");

  ExpectJsonSuccess(reply, 201);
  ExpectTokenShape(reply.json);
  EXPECT_TRUE(reply.json["details"].is_null());
}

TEST_F(RequestRoutes, TokenCreateStoresLabelsAndDescription) {
  struct Case {
    std::string body;
    bool has_labels;
  };
  const std::vector<Case> cases = {
      {R"({"labels":{"env":"dev","region":"us-west-2"},"description":"d"})",
       true},
      {R"({"details":{"labels":{"env":"dev","region":"us-west-2"}},)"
       R"("description":"d"})",
       true},
      {R"({"labels":{"env":"dev","region":"us-west-2"},)"
       R"("details":{"labels":{"env":"dev","region":"us-west-2"}},)"
       R"("description":"d","registration_type":"gateway-agent"})",
       true},
      {R"({"labels":{},"description":"d"})", false},
      {R"({"labels":null,"description":"d"})", false},
      {R"({"details":null,"description":"d"})", false},
      {R"({"details":{"labels":{}},"description":"d"})", false},
  };
  const nlohmann::json labels = {{"env", "dev"}, {"region", "us-west-2"}};
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.body);
    Reply reply = CreateToken(db_, kTeam, test_case.body);

    ExpectJsonSuccess(reply, 201);
    ExpectTokenShape(reply.json);
    EXPECT_EQ(reply.json["description"], "d");
    if (test_case.has_labels) {
      ASSERT_TRUE(reply.json["details"].is_object());
      EXPECT_EQ(KeysOf(reply.json["details"]),
                std::vector<std::string>{"labels"});
      EXPECT_EQ(Unordered(reply.json["details"]["labels"]), labels);
    } else {
      EXPECT_TRUE(reply.json["details"].is_null()) << reply.body;
    }
  }
}

TEST_F(RequestRoutes, TokenGetReturnsCreatedRecord) {
  Reply created = CreateToken(
      db_, kTeam, R"({"labels":{"a":"1"},"description":"caf\u00e9"})");
  ASSERT_EQ(created.http_status, 201) << created.body;
  std::string id = created.json["id"].get<std::string>();

  Reply reply = Request(db_, "GET", std::string(kTokens) + "/" + id);
  ExpectJsonSuccess(reply, 200);
  ExpectTokenShape(reply.json);
  EXPECT_EQ(reply.json, created.json);
  EXPECT_EQ(reply.json["description"], "caf\xc3\xa9");
  EXPECT_FALSE(reply.token_value.has_value());

  Reply upper = Request(db_, "GET", std::string(kTokens) + "/" + ToUpper(id));
  EXPECT_EQ(upper.http_status, 200) << upper.body;
  EXPECT_EQ(upper.body, reply.body);
}

TEST_F(RequestRoutes, TokenValueRouteReturnsSecret) {
  Reply created = CreateToken(db_, kTeam, "{}");
  ASSERT_EQ(created.http_status, 201);
  std::string id = created.json["id"].get<std::string>();

  Reply reply = Request(db_, "GET", std::string(kTokens) + "/" + id + "/token");
  ExpectJsonSuccess(reply, 200);
  EXPECT_EQ(KeysOf(reply.json), std::vector<std::string>{"token"});
  ASSERT_TRUE(reply.json["token"].is_string());
  EXPECT_EQ(reply.json["token"].get<std::string>(), created.token_value);
  EXPECT_EQ(reply.token_value, created.token_value);

  Reply second = CreateToken(db_, kTeam, "{}");
  ASSERT_TRUE(second.token_value.has_value());
  EXPECT_NE(second.token_value, created.token_value);
}

TEST_F(RequestRoutes, TokenListReturnsRecordsInOrder) {
  std::vector<std::string> ids;
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(1000);
    Reply created = CreateToken(db_, kTeam, "{}");
    ASSERT_EQ(created.http_status, 201);
    ids.push_back(created.json["id"].get<std::string>());
    bodies.push_back(created.body);
  }

  Reply list = Request(db_, "GET", kTokens);
  ExpectJsonSuccess(list, 200);
  EXPECT_EQ(KeysOf(list.json), std::vector<std::string>{"list"});
  EXPECT_EQ(list.body, "{\"list\":[" + bodies[0] + "," + bodies[1] + "," +
                           bodies[2] + "]}");
  EXPECT_EQ(list.item_count, 3u);
  EXPECT_FALSE(list.Header("Link").has_value());
  EXPECT_EQ(list.headers.size(), 1u);
  EXPECT_FALSE(list.next_offset.has_value());
  EXPECT_FALSE(list.prev_offset.has_value());

  Reply descending =
      Request(db_, "GET", std::string(kTokens) + "?descending=true");
  ExpectJsonSuccess(descending, 200);
  EXPECT_EQ(descending.ListIds(),
            (std::vector<std::string>{ids[2], ids[1], ids[0]}));
}

TEST_F(RequestRoutes, ListOfEmptyTeamIsEmpty) {
  for (const std::string target :
       {"/v1/teams/nobody/gateway_setup_tokens", "/v1/teams/nobody/gateways"}) {
    SCOPED_TRACE(target);
    Reply reply = Request(db_, "GET", target);
    ExpectJsonSuccess(reply, 200);
    EXPECT_EQ(reply.body, "{\"list\":[]}");
    EXPECT_EQ(reply.item_count, 0u);
    EXPECT_FALSE(reply.Header("Link").has_value());
  }
}

TEST_F(RequestRoutes, TokenDeleteRemovesRecord) {
  std::string id = NewToken();
  std::string path = std::string(kTokens) + "/" + id;

  ExpectNoContent(Request(db_, "DELETE", path));

  ExpectError(Request(db_, "GET", path), 404, "resource_does_not_exist");
  ExpectError(Request(db_, "GET", path + "/token"), 404,
              "resource_does_not_exist");
  ExpectError(Request(db_, "DELETE", path), 404, "resource_does_not_exist");
  EXPECT_EQ(Request(db_, "GET", kTokens).body, "{\"list\":[]}");
}

TEST_F(RequestRoutes, UnknownTokenIsNotFound) {
  std::string path = std::string(kTokens) + "/" + kUnusedId;
  ExpectError(Request(db_, "GET", path), 404, "resource_does_not_exist");
  ExpectError(Request(db_, "GET", path + "/token"), 404,
              "resource_does_not_exist");
  ExpectError(Request(db_, "DELETE", path), 404, "resource_does_not_exist");
}

TEST_F(RequestRoutes, RegistrationReturnsGateway) {
  std::string token_id =
      NewToken(R"({"labels":{"env":"dev","region":"us-west-2"}})");
  std::string value = ValueOf(token_id);
  clock_.Advance(7);

  Reply reply = RegisterGateway(db_, value, "gw-1");
  ExpectJsonSuccess(reply, 201);
  ExpectGatewayShape(reply.json);
  EXPECT_TRUE(reply.json["access_address"].is_null());
  EXPECT_TRUE(reply.json["cloud_provider"].is_null());
  EXPECT_TRUE(reply.json["default_address"].is_null());
  EXPECT_TRUE(reply.json["description"].is_null());
  EXPECT_EQ(reply.json["created_at"], FormatTimestamp(kStartTimeUs + 7));
  EXPECT_EQ(reply.json["name"], "gw-1");
  EXPECT_EQ(reply.json["refuse_connections"], false);
  EXPECT_EQ(Unordered(reply.json["labels"]),
            (nlohmann::json{{"env", "dev"}, {"region", "us-west-2"}}));
  EXPECT_FALSE(reply.token_value.has_value());
  EXPECT_EQ(reply.body.find(value), std::string::npos);

  Reply get = Request(
      db_, "GET",
      std::string(kGateways) + "/" + reply.json["id"].get<std::string>());
  ExpectJsonSuccess(get, 200);
  EXPECT_EQ(get.body, reply.body);
}

TEST_F(RequestRoutes, RegistrationStoresOptionalFields) {
  std::string value = ValueOf(NewToken());
  Json body = {{"token", value},
               {"name", "gw-full"},
               {"description", "edge gateway"},
               {"access_address", "203.0.113.10"},
               {"default_address", "10.0.0.10"},
               {"cloud_provider", "aws"},
               {"unknown_field", {1, 2, 3}}};

  Reply reply = Request(db_, "POST", "/v1/gateway_registrations", body.dump());
  ExpectJsonSuccess(reply, 201);
  ExpectGatewayShape(reply.json);
  EXPECT_EQ(reply.json["description"], "edge gateway");
  EXPECT_EQ(reply.json["access_address"], "203.0.113.10");
  EXPECT_EQ(reply.json["default_address"], "10.0.0.10");
  EXPECT_EQ(reply.json["cloud_provider"], "aws");
  EXPECT_EQ(reply.json["labels"], Json::object());
  EXPECT_EQ(reply.body.find("unknown_field"), std::string::npos);
}

TEST_F(RequestRoutes, TokenRegistersManyGateways) {
  std::string value = ValueOf(NewToken());
  std::vector<std::string> ids;
  for (const char* name : {"gw-a", "gw-b", "gw-a"}) {
    Reply reply = RegisterGateway(db_, value, name);
    ASSERT_EQ(reply.http_status, 201) << reply.body;
    ids.push_back(reply.json["id"].get<std::string>());
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[0], ids[2]);
  EXPECT_EQ(Request(db_, "GET", kGateways).item_count, 3u);
}

TEST_F(RequestRoutes, RegistrationWithUnknownTokenIsUnauthenticated) {
  std::string token_id = NewToken();
  std::string value = ValueOf(token_id);
  std::string before = SnapshotTeam(db_, kTeam);

  Reply forged = RegisterGateway(db_, "gwst_" + std::string(43, 'A'), "gw");
  ExpectError(forged, 401, "authentication_error");
  Reply empty = RegisterGateway(db_, "", "gw");
  ExpectError(empty, 401, "authentication_error");
  Reply altered = RegisterGateway(
      db_,
      value.substr(0, value.size() - 1) + (value.back() == 'A' ? "B" : "A"),
      "gw");
  ExpectError(altered, 401, "authentication_error");
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));

  ExpectNoContent(
      Request(db_, "DELETE", std::string(kTokens) + "/" + token_id));
  ExpectError(RegisterGateway(db_, value, "gw"), 401, "authentication_error");
  EXPECT_EQ(Request(db_, "GET", kGateways).body, "{\"list\":[]}");
}

TEST_F(RequestRoutes, AuthenticationErrorHidesTokenValue) {
  std::string value = "gwst_" + std::string(43, 'Q');
  Reply reply = RegisterGateway(db_, value, "gw");
  ExpectError(reply, 401, "authentication_error");
  EXPECT_EQ(reply.body.find(value), std::string::npos) << reply.body;
}

TEST_F(RequestRoutes, GatewayUpdateChangesFields) {
  std::string value = ValueOf(NewToken(R"({"labels":{"old":"1"}})"));
  Json registration = {{"token", value},
                       {"name", "gw-1"},
                       {"description", "first"},
                       {"access_address", "192.0.2.1"}};
  Reply created =
      Request(db_, "POST", "/v1/gateway_registrations", registration.dump());
  ASSERT_EQ(created.http_status, 201) << created.body;
  std::string id = created.json["id"].get<std::string>();
  std::string path = std::string(kGateways) + "/" + id;
  clock_.Advance(5000);

  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"name":"gw-renamed","labels":{"new":"2"}})"));
  Reply after_rename = Request(db_, "GET", path);
  ExpectJsonSuccess(after_rename, 200);
  ExpectGatewayShape(after_rename.json);
  EXPECT_EQ(after_rename.json["name"], "gw-renamed");
  EXPECT_EQ(after_rename.json["labels"], (Json{{"new", "2"}}));
  EXPECT_EQ(after_rename.json["description"], "first");
  EXPECT_EQ(after_rename.json["refuse_connections"], false);
  EXPECT_EQ(after_rename.json["created_at"], created.json["created_at"]);
  EXPECT_EQ(after_rename.json["access_address"], "192.0.2.1");

  ExpectNoContent(
      Request(db_, "PUT", path,
              R"({"name":"gw-renamed","labels":null,"description":null,)"
              R"("refuse_connections":true})"));
  Reply cleared = Request(db_, "GET", path);
  EXPECT_EQ(cleared.json["labels"], Json::object());
  EXPECT_TRUE(cleared.json["description"].is_null());
  EXPECT_EQ(cleared.json["refuse_connections"], true);

  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"name":"gw-renamed","labels":{},)"
                          R"("description":"second"})"));
  Reply partial = Request(db_, "GET", path);
  EXPECT_EQ(partial.json["refuse_connections"], true);
  EXPECT_EQ(partial.json["description"], "second");
}

TEST_F(RequestRoutes, GatewayUpdateIgnoresReadOnlyFields) {
  std::string id = NewGateway("gw-1");
  std::string path = std::string(kGateways) + "/" + id;
  Reply before = Request(db_, "GET", path);
  Json echoed = before.json;
  echoed["id"] = kUnusedId;
  echoed["created_at"] = "2000-01-01T00:00:00.000000Z";
  echoed["status"] = "RETIRED";
  echoed["access_address"] = "198.51.100.7";
  echoed["default_address"] = "198.51.100.8";
  echoed["cloud_provider"] = "gcp";
  echoed["name"] = "gw-echoed";

  ExpectNoContent(Request(db_, "PUT", path, echoed.dump()));
  Reply after = Request(db_, "GET", path);
  Json expected = before.json;
  expected["name"] = "gw-echoed";
  EXPECT_EQ(after.json, expected);
  ExpectError(Request(db_, "GET", std::string(kGateways) + "/" + kUnusedId),
              404, "resource_does_not_exist");
}

TEST_F(RequestRoutes, GatewayStatusBeforeAnyReport) {
  std::string id = NewGateway("gw-1");

  Reply reply =
      Request(db_, "GET", std::string(kGateways) + "/" + id + "/status");
  ExpectJsonSuccess(reply, 200);
  EXPECT_EQ(KeysOf(reply.json), kStatusKeys);
  EXPECT_EQ(reply.body,
            "{\"active_connections\":0,\"gateway_id\":\"" + id +
                "\",\"status\":\"OFFLINE\",\"total_storage_bytes\":0,"
                "\"updated_at\":null,\"used_storage_bytes\":0}");
}

TEST_F(RequestRoutes, GatewayStatusReportIsStored) {
  std::string id = NewGateway("gw-1");
  std::string path = std::string(kGateways) + "/" + id + "/status";
  clock_.Advance(250);

  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"status":"ONLINE","active_connections":2,)"
                          R"("total_storage_bytes":4096,)"
                          R"("used_storage_bytes":2048})"));
  Reply reply = Request(db_, "GET", path);
  ExpectJsonSuccess(reply, 200);
  EXPECT_EQ(KeysOf(reply.json), kStatusKeys);
  EXPECT_EQ(reply.body,
            "{\"active_connections\":2,\"gateway_id\":\"" + id +
                "\",\"status\":\"ONLINE\",\"total_storage_bytes\":4096,"
                "\"updated_at\":\"" +
                FormatTimestamp(kStartTimeUs + 250) +
                "\",\"used_storage_bytes\":2048}");

  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"status":"OFFLINE","active_connections":0,)"
                          R"("total_storage_bytes":9223372036854775807,)"
                          R"("used_storage_bytes":9223372036854775807})"));
  Reply maximum = Request(db_, "GET", path);
  EXPECT_EQ(maximum.json["status"], "OFFLINE");
  EXPECT_EQ(maximum.json["total_storage_bytes"].get<int64_t>(),
            INT64_C(9223372036854775807));
}

TEST_F(RequestRoutes, StaleStatusReadsOffline) {
  const int64_t kStaleAfterUs = 5 * 60 * 1000000LL;
  std::string id = NewGateway("gw-1");
  std::string path = std::string(kGateways) + "/" + id + "/status";
  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"status":"ONLINE","active_connections":3,)"
                          R"("total_storage_bytes":10,)"
                          R"("used_storage_bytes":4})"));
  std::string reported_at = FormatTimestamp(clock_.Peek());

  clock_.Advance(kStaleAfterUs);
  Reply at_limit = Request(db_, "GET", path);
  EXPECT_EQ(at_limit.json["status"], "ONLINE") << at_limit.body;

  clock_.Advance(1);
  Reply stale = Request(db_, "GET", path);
  ExpectJsonSuccess(stale, 200);
  EXPECT_EQ(stale.json["status"], "OFFLINE") << stale.body;
  EXPECT_EQ(stale.json["active_connections"], 3);
  EXPECT_EQ(stale.json["total_storage_bytes"], 10);
  EXPECT_EQ(stale.json["used_storage_bytes"], 4);
  EXPECT_EQ(stale.json["updated_at"], reported_at);
}

TEST_F(RequestRoutes, StalenessIntervalIsConfigurable) {
  std::string id = NewGateway("gw-1");
  gwdb_options options = DefaultOptions();
  options.status_staleness_us = 1000;
  Reopen(options);
  std::string path = std::string(kGateways) + "/" + id + "/status";
  ExpectNoContent(Request(db_, "PUT", path,
                          R"({"status":"ONLINE","active_connections":1,)"
                          R"("total_storage_bytes":1,)"
                          R"("used_storage_bytes":1})"));

  clock_.Advance(1000);
  EXPECT_EQ(Request(db_, "GET", path).json["status"], "ONLINE");
  clock_.Advance(1);
  EXPECT_EQ(Request(db_, "GET", path).json["status"], "OFFLINE");
}

TEST_F(RequestRoutes, GatewayDeleteRemovesRecordAndStatus) {
  std::string token_id = NewToken();
  Reply created = RegisterGateway(db_, ValueOf(token_id), "gw-1");
  ASSERT_EQ(created.http_status, 201);
  std::string id = created.json["id"].get<std::string>();
  std::string path = std::string(kGateways) + "/" + id;
  ExpectNoContent(Request(db_, "PUT", path + "/status",
                          R"({"status":"ONLINE","active_connections":1,)"
                          R"("total_storage_bytes":1,)"
                          R"("used_storage_bytes":1})"));

  ExpectNoContent(Request(db_, "DELETE", path));

  ExpectError(Request(db_, "GET", path), 404, "resource_does_not_exist");
  ExpectError(Request(db_, "GET", path + "/status"), 404,
              "resource_does_not_exist");
  ExpectError(Request(db_, "PUT", path, R"({"name":"x","labels":{}})"), 404,
              "resource_does_not_exist");
  ExpectError(Request(db_, "PUT", path + "/status",
                      R"({"status":"ONLINE","active_connections":1,)"
                      R"("total_storage_bytes":1,"used_storage_bytes":1})"),
              404, "resource_does_not_exist");
  ExpectError(Request(db_, "DELETE", path), 404, "resource_does_not_exist");
  EXPECT_EQ(Request(db_, "GET", kGateways).body, "{\"list\":[]}");
  EXPECT_EQ(
      Request(db_, "GET", std::string(kTokens) + "/" + token_id).http_status,
      200);
}

TEST_F(RequestRoutes, GatewayKeepsLabelsAfterTokenDelete) {
  std::string token_id = NewToken(R"({"labels":{"env":"dev"}})");
  Reply created = RegisterGateway(db_, ValueOf(token_id), "gw-1");
  ASSERT_EQ(created.http_status, 201) << created.body;
  std::string path =
      std::string(kGateways) + "/" + created.json["id"].get<std::string>();

  ExpectNoContent(
      Request(db_, "DELETE", std::string(kTokens) + "/" + token_id));

  Reply after = Request(db_, "GET", path);
  EXPECT_EQ(after.http_status, 200) << after.body;
  EXPECT_EQ(after.body, created.body);
}

TEST_F(RequestRoutes, ReadRoutesIgnoreBody) {
  std::string id = NewToken();
  const std::string garbage = "{not json";
  Reply list = Request(db_, "GET", kTokens, garbage);
  EXPECT_EQ(list.http_status, 200) << list.body;
  Reply got = Request(db_, "GET", std::string(kTokens) + "/" + id, garbage);
  EXPECT_EQ(got.http_status, 200) << got.body;
  ExpectNoContent(
      Request(db_, "DELETE", std::string(kTokens) + "/" + id, garbage));
}

TEST_F(RequestRoutes, UnknownPathIsNotFound) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GET", "/"},
      {"GET", "/v1"},
      {"GET", "/v1/teams"},
      {"GET", "/v1/teams/acme"},
      {"GET", "/v1/teams/acme/projects"},
      {"GET", "/v2/teams/acme/gateways"},
      {"GET", "/v1/teams/acme/gateways/" + std::string(kUnusedId) + "/x"},
      {"GET", "/v1/teams/acme/gateway_setup_tokens/" + std::string(kUnusedId) +
                  "/token/x"},
      {"POST", "/v1/gateway_registrations/x"},
      {"GET", "/V1/teams/acme/gateways"},
      {"GET", "/v1/teams/acme/Gateways"},
      {"GET", "v1/teams/acme/gateways"},
      {"GET", ""},
  };
  for (const auto& [method, target] : cases) {
    SCOPED_TRACE(method + " " + target);
    ExpectError(Request(db_, method, target), 404, "resource_does_not_exist");
  }
}

TEST_F(RequestRoutes, OtherMethodIsUnsupported) {
  const std::string token = std::string(kTokens) + "/" + kUnusedId;
  const std::string gateway = std::string(kGateways) + "/" + kUnusedId;
  struct Case {
    std::string method;
    std::string target;
    std::string allow;
  };
  const std::vector<Case> cases = {
      {"DELETE", kTokens, "GET, POST"},
      {"PUT", kTokens, "GET, POST"},
      {"POST", token, "GET, DELETE"},
      {"PUT", token, "GET, DELETE"},
      {"POST", token + "/token", "GET"},
      {"DELETE", token + "/token", "GET"},
      {"POST", kGateways, "GET"},
      {"PATCH", kGateways, "GET"},
      {"get", kGateways, "GET"},
      {"POST", gateway, "GET, PUT, DELETE"},
      {"DELETE", gateway + "/status", "GET, PUT"},
      {"POST", gateway + "/status", "GET, PUT"},
      {"GET", "/v1/gateway_registrations", "POST"},
      {"PUT", "/v1/gateway_registrations", "POST"},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.method + " " + test_case.target);
    Reply reply = Request(db_, test_case.method, test_case.target, "{}");
    ExpectError(reply, 405, "unsupported_method");
    EXPECT_EQ(reply.Header("Allow"), test_case.allow);
  }
}

TEST_F(RequestRoutes, HeaderLookupIgnoresCase) {
  gwdb_response* response = nullptr;
  ASSERT_EQ(gwdb_request(db_, "POST", kGateways, nullptr, 0, &response),
            GWDB_UNSUPPORTED_METHOD);
  ASSERT_NE(response, nullptr);
  EXPECT_STREQ(gwdb_response_header_value(response, "allow"), "GET");
  EXPECT_STREQ(gwdb_response_header_value(response, "ALLOW"), "GET");
  EXPECT_STREQ(gwdb_response_header_value(response, "content-TYPE"),
               "application/json");
  EXPECT_EQ(gwdb_response_header_value(response, "Link"), nullptr);
  const char* name = nullptr;
  const char* value = nullptr;
  EXPECT_EQ(gwdb_response_header(response, 99, &name, &value),
            GWDB_INVALID_ARGUMENT);
  gwdb_response_free(response);
}

TEST_F(RequestRoutes, LinkHeaderOnMiddlePage) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(10);
    ids.push_back(NewToken());
  }
  const std::string base = std::string(kTokens);

  Reply first = Request(db_, "GET", base + "?count=1");
  EXPECT_EQ(first.ListIds(), std::vector<std::string>{ids[0]});
  EXPECT_EQ(first.Header("Link"),
            "<" + base + "?offset=" + ids[0] + "&count=1>; rel=\"next\"");
  EXPECT_EQ(first.next_offset, ids[0]);
  EXPECT_FALSE(first.prev_offset.has_value());

  Reply middle = Request(db_, "GET", base + "?offset=" + ids[0] + "&count=1");
  EXPECT_EQ(middle.ListIds(), std::vector<std::string>{ids[1]});
  EXPECT_EQ(middle.Header("Link"), "<" + base + "?offset=" + ids[1] +
                                       "&count=1>; rel=\"next\", <" + base +
                                       "?offset=" + ids[1] +
                                       "&count=1&prev=true>; rel=\"prev\"");
  EXPECT_EQ(middle.next_offset, ids[1]);
  EXPECT_EQ(middle.prev_offset, ids[1]);

  Reply last = Request(db_, "GET", base + "?offset=" + ids[1] + "&count=1");
  EXPECT_EQ(last.ListIds(), std::vector<std::string>{ids[2]});
  EXPECT_EQ(last.Header("Link"), "<" + base + "?offset=" + ids[2] +
                                     "&count=1&prev=true>; rel=\"prev\"");
  EXPECT_FALSE(last.next_offset.has_value());

  Reply past_end = Request(db_, "GET", base + "?offset=" + ids[2] + "&count=1");
  EXPECT_EQ(past_end.body, "{\"list\":[]}");
  EXPECT_FALSE(past_end.Header("Link").has_value());
  EXPECT_FALSE(past_end.next_offset.has_value());
  EXPECT_FALSE(past_end.prev_offset.has_value());
}

TEST_F(RequestRoutes, LinkHeaderCarriesEveryParameter) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(10);
    ids.push_back(NewToken(R"({"description":"blue team & co"})"));
  }
  const std::string base = std::string(kTokens);

  Reply reply = Request(db_, "GET",
                        base +
                            "?prev=true&contains=BLUE%20team%20%26&"
                            "descending=true&count=1&offset=" +
                            ids[0]);
  ASSERT_EQ(reply.http_status, 200) << reply.body;
  EXPECT_EQ(reply.ListIds(), std::vector<std::string>{ids[1]});
  EXPECT_EQ(reply.Header("Link"),
            "<" + base + "?offset=" + ids[1] +
                "&count=1&descending=true&contains=BLUE%20team%20%26>; "
                "rel=\"next\", <" +
                base + "?offset=" + ids[1] +
                "&count=1&descending=true&prev=true&contains=BLUE%20team%20%26"
                ">; rel=\"prev\"");
}

TEST_F(RequestRoutes, GatewayLinkHeaderCarriesStatus) {
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    clock_.Advance(10);
    ids.push_back(NewGateway("gw-" + std::to_string(i)));
  }
  const std::string base = std::string(kGateways);

  Reply reply =
      Request(db_, "GET", base + "?status=ACTIVE&count=1&contains=GW");
  ASSERT_EQ(reply.http_status, 200) << reply.body;
  EXPECT_EQ(reply.ListIds(), std::vector<std::string>{ids[0]});
  EXPECT_EQ(reply.Header("Link"),
            "<" + base + "?offset=" + ids[0] +
                "&count=1&contains=GW&status=ACTIVE>; rel=\"next\"");
}

TEST_F(RequestRoutes, ContainsFoldsOnlyAsciiCase) {
  std::string id = NewToken(R"({"description":"Caf\u00e9 Edge"})");
  struct Case {
    std::string contains;
    bool matches;
  };
  const std::vector<Case> cases = {
      {"caf", true},
      {"CAF%C3%A9", true},
      {"%C3%A9%20edge", true},
      {"%C3%89", false},
      {"cafe", false},
      {"edge%20", false},
      {"Caf%C3%A9%20Edge", true},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.contains);
    Reply reply = Request(
        db_, "GET", std::string(kTokens) + "?contains=" + test_case.contains);
    ASSERT_EQ(reply.http_status, 200) << reply.body;
    EXPECT_EQ(reply.ListIds(), test_case.matches ? std::vector<std::string>{id}
                                                 : std::vector<std::string>{});
  }
}

TEST_F(RequestRoutes, LinkHeaderUsesDefaultCount) {
  std::vector<std::string> ids;
  for (int i = 0; i < 101; ++i) {
    clock_.Advance(1);
    ids.push_back(NewToken());
  }
  Reply reply = Request(db_, "GET", kTokens);
  EXPECT_EQ(reply.item_count, 100u);
  EXPECT_EQ(reply.Header("Link"), "<" + std::string(kTokens) + "?offset=" +
                                      ids[99] + "&count=100>; rel=\"next\"");
  Reply rest = Request(db_, "GET", std::string(kTokens) + "?offset=" + ids[99]);
  EXPECT_EQ(rest.ListIds(), std::vector<std::string>{ids[100]});
}

}  // namespace
}  // namespace gwdb_test
