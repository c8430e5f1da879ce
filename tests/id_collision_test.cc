// A create whose new id collides with an existing record returns 409 and
// changes nothing; a failing random source returns 500 and changes nothing.
// Both are forced through an injected random source.
#include <string>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";

class IdCollision : public StoreTest {};

TEST_F(IdCollision, RepeatedTokenIdIsConflict) {
  random_.Repeat(true);
  Reply first = CreateToken(db_, kTeam, R"({"description":"first"})");
  ASSERT_EQ(first.http_status, 201) << first.body;
  std::string before = SnapshotTeam(db_, kTeam);

  Reply second = CreateToken(db_, kTeam, R"({"description":"second"})");

  ExpectError(second, 409, "resource_already_exists");
  EXPECT_EQ(second.returned_code, GWDB_RESOURCE_ALREADY_EXISTS);
  EXPECT_FALSE(second.token_value.has_value());
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  Reply list = Request(db_, "GET", "/v1/teams/acme/gateway_setup_tokens");
  EXPECT_EQ(list.item_count, 1u);
}

TEST_F(IdCollision, RepeatedTokenIdThroughTypedCall) {
  random_.Repeat(true);
  ASSERT_EQ(CreateToken(db_, kTeam).http_status, 201);
  std::string before = SnapshotTeam(db_, kTeam);

  Reply second = Typed([&](gwdb_response** out) {
    gwdb_token_spec spec;
    gwdb_token_spec_init(&spec);
    return gwdb_token_create(db_, kTeam, &spec, out);
  });

  ExpectError(second, 409, "resource_already_exists");
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
}

TEST_F(IdCollision, RepeatedGatewayIdIsConflict) {
  Reply token = CreateToken(db_, kTeam);
  ASSERT_TRUE(token.token_value.has_value());
  random_.Repeat(true);
  Reply first = RegisterGateway(db_, *token.token_value, "gw-first");
  ASSERT_EQ(first.http_status, 201) << first.body;
  std::string before = SnapshotTeam(db_, kTeam);

  Reply second = RegisterGateway(db_, *token.token_value, "gw-second");

  ExpectError(second, 409, "resource_already_exists");
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  Reply got =
      Request(db_, "GET",
              "/v1/teams/acme/gateways/" + first.json["id"].get<std::string>());
  EXPECT_EQ(got.json["name"], "gw-first");

  random_.Repeat(false);
  Reply third = RegisterGateway(db_, *token.token_value, "gw-third");
  EXPECT_EQ(third.http_status, 201) << third.body;
}

TEST_F(IdCollision, RandomFailureChangesNothing) {
  Reply token = CreateToken(db_, kTeam);
  ASSERT_TRUE(token.token_value.has_value());
  std::string before = SnapshotTeam(db_, kTeam);
  random_.Fail(true);

  ExpectError(CreateToken(db_, kTeam), 500, "unknown_error");
  ExpectError(RegisterGateway(db_, *token.token_value, "gw"), 500,
              "unknown_error");

  random_.Fail(false);
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
}

}  // namespace
}  // namespace gwdb_test
