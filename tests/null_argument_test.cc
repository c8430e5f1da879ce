// Calls that break the header's rules (NULL handles, strings or
// out-parameters, structs with an unknown struct_size) return
// GWDB_INVALID_ARGUMENT, describe the mistake in the response when they can,
// and change nothing.
#include <cstring>
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";

// An invalid-argument reply: code 8, HTTP 500 with an unknown_error body.
void ExpectInvalidArgument(const Reply& reply) {
  EXPECT_EQ(reply.returned_code, GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(reply.code, GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(reply.http_status, 500) << reply.body;
  ASSERT_TRUE(reply.body_is_json) << reply.body;
  EXPECT_EQ(KeysOf(reply.json), (std::vector<std::string>{"code", "message"}));
  EXPECT_EQ(reply.json["code"], "unknown_error");
  EXPECT_FALSE(reply.message.empty());
}

class NullArguments : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seeded_ = SeedTeam(db_, kTeam);
    before_ = SnapshotTeam(db_, kTeam);
  }

  void TearDown() override {
    ExpectSameSnapshot(before_, SnapshotTeam(db_, kTeam));
    StoreTest::TearDown();
  }

  SeededTeam seeded_;
  std::string before_;
};

TEST_F(NullArguments, RequestRejectsNulls) {
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_request(nullptr, "GET", "/v1/teams/acme/gateways", nullptr, 0,
                        out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_request(db_, nullptr, "/v1/teams/acme/gateways", nullptr, 0,
                        out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_request(db_, "GET", nullptr, nullptr, 0, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_request(db_, "POST", "/v1/teams/acme/gateway_setup_tokens",
                        nullptr, 5, out);
  }));
  EXPECT_EQ(
      gwdb_request(db_, "GET", "/v1/teams/acme/gateways", nullptr, 0, nullptr),
      GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(gwdb_request(db_, "POST", "/v1/teams/acme/gateway_setup_tokens",
                         "{}", 2, nullptr),
            GWDB_INVALID_ARGUMENT);
}

TEST_F(NullArguments, TokenCallsRejectNulls) {
  const char* id = seeded_.token_id.c_str();
  gwdb_token_spec spec;
  gwdb_token_spec_init(&spec);
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_token_create(nullptr, kTeam, &spec, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_token_create(db_, nullptr, &spec, out);
  }));
  EXPECT_EQ(gwdb_token_create(db_, kTeam, &spec, nullptr),
            GWDB_INVALID_ARGUMENT);
  using IdCall = int (*)(gwdb_db*, const char*, const char*, gwdb_response**);
  for (IdCall call :
       {&gwdb_token_get, &gwdb_token_delete, &gwdb_token_value,
        &gwdb_gateway_get, &gwdb_gateway_delete, &gwdb_gateway_status}) {
    ExpectInvalidArgument(Typed(
        [&](gwdb_response** out) { return call(nullptr, kTeam, id, out); }));
    ExpectInvalidArgument(Typed(
        [&](gwdb_response** out) { return call(db_, nullptr, id, out); }));
    ExpectInvalidArgument(Typed(
        [&](gwdb_response** out) { return call(db_, kTeam, nullptr, out); }));
    EXPECT_EQ(call(db_, kTeam, id, nullptr), GWDB_INVALID_ARGUMENT);
  }
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_token_list(nullptr, kTeam, nullptr, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_gateway_list(db_, nullptr, nullptr, out);
  }));
}

TEST_F(NullArguments, LabelsWithNullsAreRejected) {
  const std::vector<gwdb_label> null_key = {{nullptr, "v"}};
  const std::vector<gwdb_label> null_value = {{"k", nullptr}};
  for (const auto* labels : {&null_key, &null_value}) {
    ExpectInvalidArgument(Typed([&](gwdb_response** out) {
      gwdb_token_spec spec;
      gwdb_token_spec_init(&spec);
      spec.labels = labels->data();
      spec.label_count = labels->size();
      return gwdb_token_create(db_, kTeam, &spec, out);
    }));
  }
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_token_spec spec;
    gwdb_token_spec_init(&spec);
    spec.labels = nullptr;
    spec.label_count = 3;
    return gwdb_token_create(db_, kTeam, &spec, out);
  }));
}

TEST_F(NullArguments, StructSizeIsChecked) {
  const char* gateway = seeded_.gateway_ids[0].c_str();
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_token_spec spec;
    gwdb_token_spec_init(&spec);
    spec.struct_size = 0;
    return gwdb_token_create(db_, kTeam, &spec, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_list_query query;
    gwdb_list_query_init(&query);
    query.struct_size = 3;
    return gwdb_gateway_list(db_, kTeam, &query, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_registration registration;
    gwdb_registration_init(&registration);
    registration.struct_size = 0;
    registration.token = seeded_.token_value.c_str();
    registration.name = "gw";
    return gwdb_gateway_register(db_, &registration, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_gateway_changes update;
    gwdb_gateway_changes_init(&update);
    update.struct_size = 1;
    update.name = "gw";
    return gwdb_gateway_update(db_, kTeam, gateway, &update, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.struct_size = 0;
    return gwdb_gateway_report_status(db_, kTeam, gateway, &report, out);
  }));
}

TEST_F(NullArguments, StructPointersAreRequired) {
  const char* gateway = seeded_.gateway_ids[0].c_str();
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_gateway_register(db_, nullptr, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_gateway_update(db_, kTeam, gateway, nullptr, out);
  }));
  ExpectInvalidArgument(Typed([&](gwdb_response** out) {
    return gwdb_gateway_report_status(db_, kTeam, gateway, nullptr, out);
  }));
  gwdb_registration registration;
  gwdb_registration_init(&registration);
  registration.token = seeded_.token_value.c_str();
  registration.name = "gw";
  EXPECT_EQ(gwdb_gateway_register(nullptr, &registration, nullptr),
            GWDB_INVALID_ARGUMENT);
}

TEST_F(NullArguments, StatsRejectsNulls) {
  gwdb_store_stats stats;
  memset(&stats, 0, sizeof(stats));
  stats.struct_size = sizeof(stats);
  EXPECT_EQ(gwdb_stats(nullptr, &stats, nullptr, nullptr, nullptr),
            GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(gwdb_stats(db_, nullptr, nullptr, nullptr, nullptr),
            GWDB_INVALID_ARGUMENT);
  stats.struct_size = 0;
  char* error = nullptr;
  EXPECT_EQ(gwdb_stats(db_, &stats, nullptr, nullptr, &error),
            GWDB_INVALID_ARGUMENT);
  gwdb_string_free(error);
}

TEST_F(NullArguments, ResponseAccessorsRejectNulls) {
  gwdb_response* response = nullptr;
  ASSERT_EQ(gwdb_request(db_, "GET", "/v1/teams/acme/gateways", nullptr, 0,
                         &response),
            GWDB_OK);
  const char* name = nullptr;
  const char* value = nullptr;
  EXPECT_EQ(gwdb_response_header(response, 0, nullptr, &value),
            GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(gwdb_response_header(response, 0, &name, nullptr),
            GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(gwdb_response_header(nullptr, 0, &name, &value),
            GWDB_INVALID_ARGUMENT);
  size_t length = 99;
  EXPECT_NE(gwdb_response_body(response, nullptr), nullptr);
  gwdb_response_body(response, &length);
  EXPECT_GT(length, 0u);
  gwdb_response_free(response);
}

TEST(NullArgumentsWithoutStore, ReleaseFunctionsIgnoreNull) {
  gwdb_response_free(nullptr);
  gwdb_close(nullptr);
  gwdb_string_free(nullptr);
  gwdb_options_init(nullptr);
  gwdb_list_query_init(nullptr);
  gwdb_token_spec_init(nullptr);
  gwdb_registration_init(nullptr);
  gwdb_gateway_changes_init(nullptr);
  gwdb_status_report_init(nullptr);
  SUCCEED();
}

}  // namespace
}  // namespace gwdb_test
