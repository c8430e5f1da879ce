// A store whose map_size_max is small fills up: the write that does not fit
// fails with service_offline (503) and changes nothing, and once records
// are deleted the same write succeeds.
#include <gtest/gtest.h>

#include <string>

#include "reliability_support.h"
#include "test_support.h"

namespace {

using gwdb_test::Json;
using gwdb_test::Reply;

constexpr char kTeam[] = "full";
constexpr uint64_t kMapBytes = 1 << 20;

std::string RegistrationBody(const std::string& token,
                             const std::string& name) {
  Json body = {{"token", token},
               {"name", name},
               {"description", std::string(1000, 'd')},
               {"access_address", std::string(200, 'a')}};
  return body.dump();
}

class FullMapTest : public gwdb_test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    gwdb_options options = DefaultOptions();
    options.map_size_max = kMapBytes;
    Reopen(options);
  }

  // Registers gateways until one fails; returns the failed reply and the
  // number registered before it.
  Reply FillUp(const std::string& token, int* registered) {
    for (*registered = 0; *registered < 100000; ++*registered) {
      Reply reply = gwdb_test::Request(
          db_, "POST", "/v1/gateway_registrations",
          RegistrationBody(token, "g" + std::to_string(*registered)));
      if (reply.http_status != 201) return reply;
    }
    return Reply();
  }
};

TEST_F(FullMapTest, WriteBeyondMapFailsAndChangesNothing) {
  Reply token = gwdb_test::CreateToken(db_, kTeam);
  ASSERT_EQ(token.http_status, 201);
  const std::string value = *token.token_value;
  int registered = 0;
  Reply failed = FillUp(value, &registered);
  ASSERT_GT(registered, 10) << "the map filled up too early: " << failed.body;
  gwdb_test::ExpectError(failed, 503, "service_offline");
  EXPECT_EQ(failed.returned_code, GWDB_SERVICE_OFFLINE);
  EXPECT_EQ(failed.code, GWDB_SERVICE_OFFLINE);

  // The same write again fails the same way and leaves the team exactly as
  // it was.
  const std::string before = gwdb_test::SnapshotTeam(db_, kTeam);
  const std::string overflow_body = RegistrationBody(value, "overflow");
  Reply again = gwdb_test::Request(db_, "POST", "/v1/gateway_registrations",
                                   overflow_body);
  gwdb_test::ExpectError(again, 503, "service_offline");
  gwdb_test::ExpectSameSnapshot(before, gwdb_test::SnapshotTeam(db_, kTeam));
  std::vector<std::string> violations;
  EXPECT_EQ(gwdb_reliability::CountViolations(db_, &violations), 0u);

  // Deleting records makes room for the same write. A delete must work on
  // a full store, or a full store could not be emptied through the API.
  std::vector<gwdb_reliability::ListedGateway> gateways;
  std::string error;
  ASSERT_TRUE(gwdb_reliability::WalkGateways(db_, kTeam, 100, false,
                                             &gateways, &error))
      << error;
  ASSERT_EQ(gateways.size(), static_cast<size_t>(registered));
  for (int i = 0; i < 20; ++i) {
    Reply deleted = gwdb_test::Request(
        db_, "DELETE",
        std::string("/v1/teams/") + kTeam + "/gateways/" + gateways[i].id);
    ASSERT_EQ(deleted.http_status, 204)
        << "deleting from a full store: " << deleted.body;
  }
  Reply retried = gwdb_test::Request(db_, "POST", "/v1/gateway_registrations",
                                     overflow_body);
  EXPECT_EQ(retried.http_status, 201) << retried.body;
  EXPECT_EQ(gwdb_reliability::CountViolations(db_, &violations), 0u);
}

TEST_F(FullMapTest, FullStoreStillServesReadsAfterReopen) {
  Reply token = gwdb_test::CreateToken(db_, kTeam);
  ASSERT_EQ(token.http_status, 201);
  int registered = 0;
  Reply failed = FillUp(*token.token_value, &registered);
  ASSERT_EQ(failed.http_status, 503) << failed.body;
  const std::string before = gwdb_test::SnapshotTeam(db_, kTeam);

  gwdb_options options = DefaultOptions();
  options.map_size_max = kMapBytes;
  Reopen(options);
  gwdb_test::ExpectSameSnapshot(before, gwdb_test::SnapshotTeam(db_, kTeam));
  Reply status = gwdb_test::Request(
      db_, "GET", std::string("/v1/teams/") + kTeam + "/gateways?count=1");
  EXPECT_EQ(status.http_status, 200);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
