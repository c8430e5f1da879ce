// The typed C calls: the same records and statuses as the request routes,
// the init functions' defaults, versions, code names, statistics and the
// log callback.
#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";

class TypedApi : public StoreTest {
 protected:
  Reply CreateTypedToken(const char* description,
                         const std::vector<gwdb_label>& labels) {
    return Typed([&](gwdb_response** out) {
      gwdb_token_spec spec;
      gwdb_token_spec_init(&spec);
      spec.description = description;
      spec.labels = labels.empty() ? nullptr : labels.data();
      spec.label_count = labels.size();
      return gwdb_token_create(db_, kTeam, &spec, out);
    });
  }

  Reply RegisterTyped(const std::string& token, const char* name) {
    return Typed([&](gwdb_response** out) {
      gwdb_registration registration;
      gwdb_registration_init(&registration);
      registration.token = token.c_str();
      registration.name = name;
      registration.description = "typed gateway";
      registration.default_address = "10.1.2.3";
      return gwdb_gateway_register(db_, &registration, out);
    });
  }

  std::string GatewayPath(const std::string& id) {
    return std::string("/v1/teams/") + kTeam + "/gateways/" + id;
  }
};

TEST_F(TypedApi, TokenCallsMatchRoutes) {
  Reply created = CreateTypedToken("typed", {{"env", "dev"}, {"tier", "1"}});
  ASSERT_EQ(created.http_status, 201) << created.body;
  EXPECT_EQ(created.returned_code, GWDB_OK);
  EXPECT_EQ(created.Header("Content-Type"), "application/json");
  EXPECT_EQ(KeysOf(created.json),
            (std::vector<std::string>{"created_at", "description", "details",
                                      "id", "registration_type"}));
  EXPECT_EQ(created.json["description"], "typed");
  EXPECT_EQ(nlohmann::json::parse(created.json["details"].dump()),
            (nlohmann::json{{"labels", {{"env", "dev"}, {"tier", "1"}}}}));
  ASSERT_TRUE(created.token_value.has_value());
  std::string id = created.json["id"].get<std::string>();

  Reply got = Typed([&](gwdb_response** out) {
    return gwdb_token_get(db_, kTeam, id.c_str(), out);
  });
  EXPECT_EQ(got.http_status, 200);
  EXPECT_EQ(got.body, created.body);
  Reply routed = Request(
      db_, "GET", std::string("/v1/teams/acme/gateway_setup_tokens/") + id);
  EXPECT_EQ(got.body, routed.body);

  Reply value = Typed([&](gwdb_response** out) {
    return gwdb_token_value(db_, kTeam, id.c_str(), out);
  });
  EXPECT_EQ(value.http_status, 200);
  EXPECT_EQ(value.token_value, created.token_value);
  EXPECT_EQ(value.body, "{\"token\":\"" + *created.token_value + "\"}");

  Reply list = Typed([&](gwdb_response** out) {
    return gwdb_token_list(db_, kTeam, nullptr, out);
  });
  EXPECT_EQ(list.http_status, 200);
  EXPECT_EQ(list.body, "{\"list\":[" + created.body + "]}");
  EXPECT_EQ(list.item_count, 1u);
  EXPECT_FALSE(list.token_value.has_value());

  Reply deleted = Typed([&](gwdb_response** out) {
    return gwdb_token_delete(db_, kTeam, id.c_str(), out);
  });
  ExpectNoContent(deleted);
  Reply missing = Typed([&](gwdb_response** out) {
    return gwdb_token_get(db_, kTeam, id.c_str(), out);
  });
  ExpectError(missing, 404, "resource_does_not_exist");
  EXPECT_EQ(missing.returned_code, GWDB_RESOURCE_DOES_NOT_EXIST);
}

TEST_F(TypedApi, TokenWithoutLabelsHasNullDetails) {
  Reply created = CreateTypedToken(nullptr, {});
  ASSERT_EQ(created.http_status, 201) << created.body;
  EXPECT_TRUE(created.json["details"].is_null());
  EXPECT_TRUE(created.json["description"].is_null());
}

TEST_F(TypedApi, GatewayCallsMatchRoutes) {
  Reply token = CreateTypedToken(nullptr, {{"env", "prod"}});
  ASSERT_TRUE(token.token_value.has_value());
  clock_.Advance(40);

  Reply registered = RegisterTyped(*token.token_value, "gw-typed");
  ASSERT_EQ(registered.http_status, 201) << registered.body;
  EXPECT_EQ(registered.json["name"], "gw-typed");
  EXPECT_EQ(registered.json["description"], "typed gateway");
  EXPECT_EQ(registered.json["default_address"], "10.1.2.3");
  EXPECT_TRUE(registered.json["access_address"].is_null());
  EXPECT_EQ(registered.json["labels"], (Json{{"env", "prod"}}));
  EXPECT_EQ(registered.json["status"], "ACTIVE");
  EXPECT_EQ(registered.json["created_at"], FormatTimestamp(kStartTimeUs + 40));
  EXPECT_FALSE(registered.token_value.has_value());
  std::string id = registered.json["id"].get<std::string>();

  Reply got = Typed([&](gwdb_response** out) {
    return gwdb_gateway_get(db_, kTeam, id.c_str(), out);
  });
  EXPECT_EQ(got.body, registered.body);
  EXPECT_EQ(got.body, Request(db_, "GET", GatewayPath(id)).body);
}

TEST_F(TypedApi, RegisterBatchAnswersEachInOrder) {
  Reply token = CreateTypedToken(nullptr, {{"env", "prod"}});
  ASSERT_TRUE(token.token_value.has_value());
  const std::string value = *token.token_value;

  // Valid, bad name, unknown token, valid: each gets its own response.
  const char* names[] = {"batch-a", "bad name", "batch-c", "batch-d"};
  const char* tokens[] = {value.c_str(), value.c_str(), "gwst_unknown",
                          value.c_str()};
  gwdb_registration registrations[4];
  for (int i = 0; i < 4; ++i) {
    gwdb_registration_init(&registrations[i]);
    registrations[i].token = tokens[i];
    registrations[i].name = names[i];
  }
  gwdb_response* responses[4] = {};
  ASSERT_EQ(gwdb_gateway_register_batch(db_, registrations, 4, responses),
            GWDB_OK);
  std::vector<Reply> replies;
  for (int i = 0; i < 4; ++i) {
    replies.push_back(Capture(gwdb_response_code(responses[i]), responses[i]));
  }
  EXPECT_EQ(replies[0].http_status, 201);
  EXPECT_EQ(replies[0].json["name"], "batch-a");
  EXPECT_EQ(replies[0].json["labels"], (Json{{"env", "prod"}}));
  ExpectError(replies[1], 400, "invalid_request", {"name"});
  ExpectError(replies[2], 401, "authentication_error");
  EXPECT_EQ(replies[3].http_status, 201);
  EXPECT_EQ(replies[3].json["name"], "batch-d");

  Reply listed = Request(db_, "GET", std::string("/v1/teams/") + kTeam +
                                         "/gateways");
  // The fixture's clock does not advance, so both share created_at and list
  // in id order.
  std::vector<std::string> expected = {
      replies[0].json["id"].get<std::string>(),
      replies[3].json["id"].get<std::string>()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(listed.ListIds(), expected);
}

TEST_F(TypedApi, RegisterBatchRejectsNullName) {
  gwdb_registration registration;
  gwdb_registration_init(&registration);
  registration.token = "gwst_x";
  gwdb_response* response = nullptr;
  EXPECT_EQ(gwdb_gateway_register_batch(db_, &registration, 1, &response),
            GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(response, nullptr);
}

TEST_F(TypedApi, GatewayUpdateChangesChosenFields) {
  Reply token = CreateTypedToken(nullptr, {{"env", "prod"}});
  Reply registered = RegisterTyped(token.token_value.value_or(""), "gw-1");
  ASSERT_EQ(registered.http_status, 201) << registered.body;
  std::string id = registered.json["id"].get<std::string>();
  const std::vector<gwdb_label> labels = {{"team", "blue"}};

  Reply renamed = Typed([&](gwdb_response** out) {
    gwdb_gateway_changes update;
    gwdb_gateway_changes_init(&update);
    update.name = "gw-renamed";
    update.labels = labels.data();
    update.label_count = labels.size();
    return gwdb_gateway_update(db_, kTeam, id.c_str(), &update, out);
  });
  ExpectNoContent(renamed);
  Reply after = Request(db_, "GET", GatewayPath(id));
  EXPECT_EQ(after.json["name"], "gw-renamed");
  EXPECT_EQ(after.json["labels"], (Json{{"team", "blue"}}));
  EXPECT_EQ(after.json["description"], "typed gateway");
  EXPECT_EQ(after.json["refuse_connections"], false);

  Reply cleared = Typed([&](gwdb_response** out) {
    gwdb_gateway_changes update;
    gwdb_gateway_changes_init(&update);
    update.name = "gw-renamed";
    update.set_description = 1;
    update.description = nullptr;
    update.set_refuse_connections = 1;
    update.refuse_connections = 1;
    return gwdb_gateway_update(db_, kTeam, id.c_str(), &update, out);
  });
  ExpectNoContent(cleared);
  Reply final_state = Request(db_, "GET", GatewayPath(id));
  EXPECT_TRUE(final_state.json["description"].is_null());
  EXPECT_EQ(final_state.json["refuse_connections"], true);
  EXPECT_EQ(final_state.json["labels"], Json::object());
  EXPECT_EQ(final_state.json["created_at"], registered.json["created_at"]);

  Reply invalid = Typed([&](gwdb_response** out) {
    gwdb_gateway_changes update;
    gwdb_gateway_changes_init(&update);
    update.name = "bad name";
    return gwdb_gateway_update(db_, kTeam, id.c_str(), &update, out);
  });
  ExpectError(invalid, 400, "invalid_request", {"name"});
  EXPECT_EQ(Request(db_, "GET", GatewayPath(id)).body, final_state.body);
}

TEST_F(TypedApi, StatusReportRoundTrip) {
  Reply token = CreateTypedToken(nullptr, {});
  Reply registered = RegisterTyped(token.token_value.value_or(""), "gw-1");
  ASSERT_EQ(registered.http_status, 201) << registered.body;
  std::string id = registered.json["id"].get<std::string>();
  clock_.Advance(99);

  Reply stored = Typed([&](gwdb_response** out) {
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.online = 7;
    report.active_connections = 12;
    report.total_storage_bytes = 1000;
    report.used_storage_bytes = 1000;
    return gwdb_gateway_report_status(db_, kTeam, id.c_str(), &report, out);
  });
  ExpectNoContent(stored);

  Reply status = Typed([&](gwdb_response** out) {
    return gwdb_gateway_status(db_, kTeam, id.c_str(), out);
  });
  EXPECT_EQ(status.http_status, 200);
  EXPECT_EQ(status.body,
            "{\"active_connections\":12,\"gateway_id\":\"" + id +
                "\",\"status\":\"ONLINE\",\"total_storage_bytes\":1000,"
                "\"updated_at\":\"" +
                FormatTimestamp(kStartTimeUs + 99) +
                "\",\"used_storage_bytes\":1000}");
  EXPECT_EQ(status.body, Request(db_, "GET", GatewayPath(id) + "/status").body);

  Reply deleted = Typed([&](gwdb_response** out) {
    return gwdb_gateway_delete(db_, kTeam, id.c_str(), out);
  });
  ExpectNoContent(deleted);
  Reply status_after_delete = Typed([&](gwdb_response** out) {
    return gwdb_gateway_status(db_, kTeam, id.c_str(), out);
  });
  ExpectError(status_after_delete, 404, "resource_does_not_exist");
}

TEST_F(TypedApi, GatewayListMatchesRoute) {
  Reply token = CreateTypedToken(nullptr, {});
  for (const char* name : {"edge-a", "core-b", "edge-c", "EDGE-d"}) {
    clock_.Advance(10);
    ASSERT_EQ(RegisterTyped(token.token_value.value_or(""), name).http_status,
              201);
  }

  Reply typed = Typed([&](gwdb_response** out) {
    gwdb_list_query query;
    gwdb_list_query_init(&query);
    query.count = 2;
    query.descending = 1;
    query.contains = "edge";
    query.status = "ACTIVE";
    return gwdb_gateway_list(db_, kTeam, &query, out);
  });
  Reply routed =
      Request(db_, "GET",
              "/v1/teams/acme/gateways?count=2&descending=true&contains=edge&"
              "status=ACTIVE");
  EXPECT_EQ(typed.http_status, 200) << typed.body;
  EXPECT_EQ(typed.body, routed.body);
  EXPECT_EQ(typed.Header("Link"), routed.Header("Link"));
  EXPECT_EQ(typed.item_count, 2u);
  ASSERT_TRUE(typed.next_offset.has_value());
  EXPECT_EQ(typed.next_offset, routed.next_offset);
  EXPECT_FALSE(typed.prev_offset.has_value());
  std::vector<std::string> names;
  for (const Json& item : typed.json["list"]) {
    names.push_back(item["name"].get<std::string>());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"EDGE-d", "edge-c"}));
}

TEST(TypedApiDefaults, InitFunctionsSetDefaults) {
  gwdb_options options;
  memset(&options, 0xAB, sizeof(options));
  gwdb_options_init(&options);
  EXPECT_EQ(options.struct_size, sizeof(gwdb_options));
  EXPECT_EQ(options.map_size_max, 16ULL << 30);
  EXPECT_EQ(options.max_readers, 510u);
  EXPECT_EQ(options.read_only, 0);
  EXPECT_EQ(options.tombstone_retention_us, 24LL * 3600 * 1000000);
  EXPECT_EQ(options.status_staleness_us, 5LL * 60 * 1000000);
  EXPECT_EQ(options.clock, nullptr);
  EXPECT_EQ(options.random, nullptr);
  EXPECT_EQ(options.log, nullptr);

  gwdb_list_query query;
  memset(&query, 0xAB, sizeof(query));
  gwdb_list_query_init(&query);
  EXPECT_EQ(query.struct_size, sizeof(gwdb_list_query));
  EXPECT_EQ(query.offset, nullptr);
  EXPECT_EQ(query.count, 100u);
  EXPECT_EQ(query.descending, 0);
  EXPECT_EQ(query.prev, 0);
  EXPECT_EQ(query.contains, nullptr);
  EXPECT_EQ(query.status, nullptr);

  gwdb_token_spec spec;
  memset(&spec, 0xAB, sizeof(spec));
  gwdb_token_spec_init(&spec);
  EXPECT_EQ(spec.struct_size, sizeof(gwdb_token_spec));
  EXPECT_EQ(spec.description, nullptr);
  EXPECT_EQ(spec.labels, nullptr);
  EXPECT_EQ(spec.label_count, 0u);

  gwdb_registration registration;
  memset(&registration, 0xAB, sizeof(registration));
  gwdb_registration_init(&registration);
  EXPECT_EQ(registration.struct_size, sizeof(gwdb_registration));
  EXPECT_EQ(registration.token, nullptr);
  EXPECT_EQ(registration.name, nullptr);
  EXPECT_EQ(registration.description, nullptr);
  EXPECT_EQ(registration.access_address, nullptr);
  EXPECT_EQ(registration.default_address, nullptr);
  EXPECT_EQ(registration.cloud_provider, nullptr);

  gwdb_gateway_changes update;
  memset(&update, 0xAB, sizeof(update));
  gwdb_gateway_changes_init(&update);
  EXPECT_EQ(update.struct_size, sizeof(gwdb_gateway_changes));
  EXPECT_EQ(update.name, nullptr);
  EXPECT_EQ(update.labels, nullptr);
  EXPECT_EQ(update.label_count, 0u);
  EXPECT_EQ(update.set_description, 0);
  EXPECT_EQ(update.set_refuse_connections, 0);

  gwdb_status_report report;
  memset(&report, 0xAB, sizeof(report));
  gwdb_status_report_init(&report);
  EXPECT_EQ(report.struct_size, sizeof(gwdb_status_report));
  EXPECT_EQ(report.online, 0);
  EXPECT_EQ(report.active_connections, 0u);
  EXPECT_EQ(report.total_storage_bytes, 0u);
  EXPECT_EQ(report.used_storage_bytes, 0u);
}

TEST(TypedApiDefaults, VersionMatchesHeader) {
  EXPECT_EQ(gwdb_version_number(), GWDB_VERSION_NUMBER);
  EXPECT_STREQ(gwdb_version(), "1.1.0");
}

TEST(TypedApiDefaults, CodeNames) {
  const std::vector<std::pair<int, std::string>> names = {
      {GWDB_OK, "ok"},
      {GWDB_INVALID_REQUEST, "invalid_request"},
      {GWDB_AUTHENTICATION_ERROR, "authentication_error"},
      {GWDB_RESOURCE_DOES_NOT_EXIST, "resource_does_not_exist"},
      {GWDB_RESOURCE_ALREADY_EXISTS, "resource_already_exists"},
      {GWDB_UNSUPPORTED_METHOD, "unsupported_method"},
      {GWDB_SERVICE_OFFLINE, "service_offline"},
      {GWDB_UNKNOWN_ERROR, "unknown_error"},
      {GWDB_INVALID_ARGUMENT, "invalid_argument"},
      {9, "unrecognized_code"},
      {-1, "unrecognized_code"},
  };
  for (const auto& [code, name] : names) {
    EXPECT_STREQ(gwdb_code_name(code), name.c_str()) << code;
  }
}

struct TeamCounts {
  std::string team;
  uint64_t setup_tokens;
  uint64_t gateways;
  uint64_t tombstones;
};

int CollectTeam(void* context, const gwdb_team_stats* stats) {
  auto* teams = static_cast<std::vector<TeamCounts>*>(context);
  teams->push_back(
      {stats->team, stats->setup_tokens, stats->gateways, stats->tombstones});
  return 0;
}

int StopAfterFirst(void* context, const gwdb_team_stats* stats) {
  CollectTeam(context, stats);
  return 1;
}

TEST_F(TypedApi, StatsCountRecords) {
  SeededTeam beta = SeedTeam(db_, "beta");
  SeedTeam(db_, "alpha");
  ExpectNoContent(
      Request(db_, "DELETE", "/v1/teams/beta/gateways/" + beta.gateway_ids[0]));

  gwdb_store_stats stats;
  memset(&stats, 0, sizeof(stats));
  stats.struct_size = sizeof(stats);
  std::vector<TeamCounts> teams;
  char* error = nullptr;
  ASSERT_EQ(gwdb_stats(db_, &stats, &CollectTeam, &teams, &error), GWDB_OK)
      << (error ? error : "");
  gwdb_string_free(error);

  EXPECT_EQ(stats.teams, 2u);
  EXPECT_EQ(stats.setup_tokens, 4u);
  EXPECT_EQ(stats.gateways, 3u);
  EXPECT_EQ(stats.status_reports, 1u);
  EXPECT_EQ(stats.tombstones, 1u);
  EXPECT_GT(stats.file_bytes, 0u);
  EXPECT_GT(stats.used_bytes, 0u);
  EXPECT_EQ(stats.map_size_max, 16ULL << 30);
  EXPECT_GE(stats.format_version, 1u);
  ASSERT_EQ(teams.size(), 2u);
  EXPECT_EQ(teams[0].team, "alpha");
  EXPECT_EQ(teams[0].setup_tokens, 2u);
  EXPECT_EQ(teams[0].gateways, 2u);
  EXPECT_EQ(teams[0].tombstones, 0u);
  EXPECT_EQ(teams[1].team, "beta");
  EXPECT_EQ(teams[1].setup_tokens, 2u);
  EXPECT_EQ(teams[1].gateways, 1u);
  EXPECT_EQ(teams[1].tombstones, 1u);

  std::vector<TeamCounts> first_only;
  ASSERT_EQ(gwdb_stats(db_, &stats, &StopAfterFirst, &first_only, nullptr),
            GWDB_OK);
  EXPECT_EQ(first_only.size(), 1u);
  ASSERT_EQ(gwdb_stats(db_, &stats, nullptr, nullptr, nullptr), GWDB_OK);
}

struct LogCapture {
  std::mutex mutex;
  std::vector<std::string> messages;
};

void CaptureLog(void* context, gwdb_log_level, const char* message) {
  auto* capture = static_cast<LogCapture*>(context);
  std::lock_guard<std::mutex> lock(capture->mutex);
  capture->messages.push_back(message);
}

TEST_F(TypedApi, LogNeverContainsTokenValues) {
  LogCapture capture;
  gwdb_options options = DefaultOptions();
  options.log = &CaptureLog;
  options.log_context = &capture;
  Reopen(options);

  SeededTeam seeded = SeedTeam(db_, kTeam);
  std::string forged = "gwst_" + std::string(43, 'Z');
  ExpectError(RegisterGateway(db_, forged, "gw"), 401, "authentication_error");
  ExpectError(RegisterGateway(db_, seeded.token_value, "bad name"), 400,
              "invalid_request", {"name"});
  Close();

  std::lock_guard<std::mutex> lock(capture.mutex);
  for (const std::string& message : capture.messages) {
    EXPECT_EQ(message.find(seeded.token_value), std::string::npos) << message;
    EXPECT_EQ(message.find(forged), std::string::npos) << message;
    EXPECT_EQ(message.find("gwst_"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace gwdb_test
