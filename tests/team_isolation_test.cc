// No route reveals, counts, changes or pages by another team's records.
// Teams with names that share prefixes sit side by side in one store.
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const std::vector<std::string> kTeams = {"acme",   "acme2", "acm",
                                         "acme.x", "ACME",  "acme-"};

std::string TokensOf(const std::string& team) {
  return "/v1/teams/" + team + "/gateway_setup_tokens";
}

std::string GatewaysOf(const std::string& team) {
  return "/v1/teams/" + team + "/gateways";
}

class TeamIsolation : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const std::string& team : kTeams) {
      clock_.Advance(100);
      seeded_.push_back(SeedTeam(db_, team));
    }
    ASSERT_FALSE(HasFailure());
    for (const std::string& team : kTeams) {
      snapshots_.push_back(SnapshotTeam(db_, team));
    }
  }

  void ExpectAllTeamsUnchanged() {
    for (size_t i = 0; i < kTeams.size(); ++i) {
      SCOPED_TRACE("team " + kTeams[i]);
      ExpectSameSnapshot(snapshots_[i], SnapshotTeam(db_, kTeams[i]));
    }
  }

  std::vector<SeededTeam> seeded_;
  std::vector<std::string> snapshots_;
};

TEST_F(TeamIsolation, ListsHoldOnlyOwnRecords) {
  for (const SeededTeam& team : seeded_) {
    SCOPED_TRACE(team.team);
    Reply tokens = Request(db_, "GET", TokensOf(team.team) + "?count=1000");
    std::vector<std::string> token_ids = tokens.ListIds();
    EXPECT_EQ(std::set<std::string>(token_ids.begin(), token_ids.end()),
              (std::set<std::string>{team.token_id, team.second_token_id}));
    Reply gateways = Request(db_, "GET", GatewaysOf(team.team) + "?count=1000");
    std::vector<std::string> gateway_ids = gateways.ListIds();
    EXPECT_EQ(std::set<std::string>(gateway_ids.begin(), gateway_ids.end()),
              std::set<std::string>(team.gateway_ids.begin(),
                                    team.gateway_ids.end()));
    for (const char* filter : {"?contains=gw", "?status=ACTIVE",
                               "?descending=true&prev=true&count=1000"}) {
      Reply filtered = Request(db_, "GET", GatewaysOf(team.team) + filter);
      for (const std::string& id : filtered.ListIds()) {
        EXPECT_TRUE(std::set<std::string>(team.gateway_ids.begin(),
                                          team.gateway_ids.end())
                        .count(id))
            << filter << " returned " << id;
      }
    }
  }
}

TEST_F(TeamIsolation, OtherTeamRecordsAreNotFound) {
  for (const SeededTeam& owner : seeded_) {
    for (const SeededTeam& caller : seeded_) {
      if (owner.team == caller.team) continue;
      SCOPED_TRACE(caller.team + " asks for " + owner.team + "'s records");
      const std::string tokens = TokensOf(caller.team);
      const std::string gateways = GatewaysOf(caller.team);
      for (const std::string& id : {owner.token_id, owner.second_token_id}) {
        ExpectError(Request(db_, "GET", tokens + "/" + id), 404,
                    "resource_does_not_exist");
        ExpectError(Request(db_, "GET", tokens + "/" + id + "/token"), 404,
                    "resource_does_not_exist");
        ExpectError(Request(db_, "DELETE", tokens + "/" + id), 404,
                    "resource_does_not_exist");
      }
      for (const std::string& id : owner.gateway_ids) {
        ExpectError(Request(db_, "GET", gateways + "/" + id), 404,
                    "resource_does_not_exist");
        ExpectError(Request(db_, "PUT", gateways + "/" + id,
                            R"({"name":"stolen","labels":{}})"),
                    404, "resource_does_not_exist");
        ExpectError(Request(db_, "DELETE", gateways + "/" + id), 404,
                    "resource_does_not_exist");
        ExpectError(Request(db_, "GET", gateways + "/" + id + "/status"), 404,
                    "resource_does_not_exist");
        ExpectError(
            Request(db_, "PUT", gateways + "/" + id + "/status",
                    R"({"status":"OFFLINE","active_connections":0,)"
                    R"("total_storage_bytes":0,"used_storage_bytes":0})"),
            404, "resource_does_not_exist");
      }
    }
  }
  ExpectAllTeamsUnchanged();
}

TEST_F(TeamIsolation, OtherTeamIdIsInvalidOffset) {
  for (const SeededTeam& owner : seeded_) {
    for (const SeededTeam& caller : seeded_) {
      if (owner.team == caller.team) continue;
      SCOPED_TRACE(caller.team + " pages from " + owner.team + "'s records");
      for (const char* flags : {"", "&prev=true", "&descending=true"}) {
        ExpectError(Request(db_, "GET",
                            TokensOf(caller.team) +
                                "?offset=" + owner.token_id + flags),
                    400, "invalid_request", {"offset"});
        ExpectError(Request(db_, "GET",
                            GatewaysOf(caller.team) +
                                "?offset=" + owner.gateway_ids[0] + flags),
                    400, "invalid_request", {"offset"});
      }
    }
  }
}

TEST_F(TeamIsolation, OtherTeamTombstoneIsInvalidOffset) {
  const SeededTeam& owner = seeded_[0];
  const SeededTeam& caller = seeded_[1];
  ExpectNoContent(Request(db_, "DELETE",
                          GatewaysOf(owner.team) + "/" + owner.gateway_ids[1]));
  ExpectNoContent(Request(db_, "DELETE",
                          TokensOf(owner.team) + "/" + owner.second_token_id));

  Reply own = Request(
      db_, "GET", GatewaysOf(owner.team) + "?offset=" + owner.gateway_ids[1]);
  EXPECT_EQ(own.http_status, 200) << own.body;
  ExpectError(
      Request(db_, "GET",
              GatewaysOf(caller.team) + "?offset=" + owner.gateway_ids[1]),
      400, "invalid_request", {"offset"});
  ExpectError(
      Request(db_, "GET",
              TokensOf(caller.team) + "?offset=" + owner.second_token_id),
      400, "invalid_request", {"offset"});
}

TEST_F(TeamIsolation, TypedCallsRespectTeams) {
  const SeededTeam& owner = seeded_[0];
  const SeededTeam& caller = seeded_[1];
  const char* team = caller.team.c_str();
  const char* token = owner.token_id.c_str();
  const char* gateway = owner.gateway_ids[0].c_str();

  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_token_get(db_, team, token, out);
              }),
              404, "resource_does_not_exist");
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_token_value(db_, team, token, out);
              }),
              404, "resource_does_not_exist");
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_token_delete(db_, team, token, out);
              }),
              404, "resource_does_not_exist");
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_gateway_get(db_, team, gateway, out);
              }),
              404, "resource_does_not_exist");
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_gateway_status(db_, team, gateway, out);
              }),
              404, "resource_does_not_exist");
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_gateway_delete(db_, team, gateway, out);
              }),
              404, "resource_does_not_exist");
  gwdb_status_report report;
  gwdb_status_report_init(&report);
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_gateway_report_status(db_, team, gateway, &report,
                                                  out);
              }),
              404, "resource_does_not_exist");

  gwdb_list_query query;
  gwdb_list_query_init(&query);
  query.offset = gateway;
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_gateway_list(db_, team, &query, out);
              }),
              400, "invalid_request", {"offset"});
  query.offset = token;
  ExpectError(Typed([&](gwdb_response** out) {
                return gwdb_token_list(db_, team, &query, out);
              }),
              400, "invalid_request", {"offset"});
  ExpectAllTeamsUnchanged();
}

TEST_F(TeamIsolation, RegistrationJoinsTokenTeam) {
  const SeededTeam& owner = seeded_[2];
  Reply reply = RegisterGateway(db_, owner.token_value, "gw-new");
  ASSERT_EQ(reply.http_status, 201) << reply.body;
  std::string id = reply.json["id"].get<std::string>();

  EXPECT_EQ(Request(db_, "GET", GatewaysOf(owner.team) + "/" + id).http_status,
            200);
  for (const SeededTeam& other : seeded_) {
    if (other.team == owner.team) continue;
    EXPECT_EQ(
        Request(db_, "GET", GatewaysOf(other.team) + "/" + id).http_status, 404)
        << other.team;
  }
  snapshots_[2] = SnapshotTeam(db_, owner.team);
  ExpectAllTeamsUnchanged();
}

TEST_F(TeamIsolation, DeletingOneTeamLeavesOthers) {
  const SeededTeam& victim = seeded_[0];
  for (const std::string& id : victim.gateway_ids) {
    ExpectNoContent(Request(db_, "DELETE", GatewaysOf(victim.team) + "/" + id));
  }
  for (const std::string& id : {victim.token_id, victim.second_token_id}) {
    ExpectNoContent(Request(db_, "DELETE", TokensOf(victim.team) + "/" + id));
  }
  EXPECT_EQ(Request(db_, "GET", GatewaysOf(victim.team)).body, "{\"list\":[]}");
  EXPECT_EQ(Request(db_, "GET", TokensOf(victim.team)).body, "{\"list\":[]}");
  ExpectError(RegisterGateway(db_, victim.token_value, "gw"), 401,
              "authentication_error");
  snapshots_[0] = SnapshotTeam(db_, victim.team);
  ExpectAllTeamsUnchanged();
}

}  // namespace
}  // namespace gwdb_test
