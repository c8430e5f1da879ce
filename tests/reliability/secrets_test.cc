// Setup-token values are secrets: they appear only in the create response
// and the token route. This suite collects every other output (response
// bodies, messages, headers, log messages, stats, and the gatewaydb
// command's output) and searches it for the value. Data files must be
// readable by their owner only.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <mutex>
#include <string>
#include <vector>

#include "reliability_support.h"
#include "test_support.h"

namespace {

using gwdb_test::Json;
using gwdb_test::Reply;

constexpr char kTeam[] = "secret";
std::string g_cli_path;

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gwdb_options options;
    gwdb_options_init(&options);
    options.log = &SecretsTest::Log;
    options.log_context = this;
    db_ = gwdb_test::OpenStore(dir_.Child("store"), options);
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override { gwdb_close(db_); }

  static void Log(void* context, gwdb_log_level, const char* message) {
    auto* test = static_cast<SecretsTest*>(context);
    std::lock_guard<std::mutex> lock(test->log_mutex_);
    test->log_ += std::string(message) + "\n";
  }

  // Serves a request and keeps everything it returned in outputs_.
  Reply Serve(const std::string& method, const std::string& target,
              const std::string& body = "") {
    Reply reply = gwdb_test::Request(db_, method, target, body);
    Keep(method + " " + target, reply);
    return reply;
  }

  void Keep(const std::string& what, const Reply& reply) {
    std::string text = reply.body + "\n" + reply.message + "\n";
    for (const auto& [name, value] : reply.headers) {
      text += name + ": " + value + "\n";
    }
    if (reply.token_value) text += *reply.token_value;
    outputs_.emplace_back(what, text);
  }

  void KeepCommand(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = {g_cli_path, "--db", dir_.Child("store")};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    gwdb_reliability::ProcessResult result =
        gwdb_reliability::RunProcess(argv, 30000);
    EXPECT_EQ(result.signal, 0) << arguments[0];
    outputs_.emplace_back("gatewaydb " + arguments[0], result.output);
  }

  void ExpectNoOutputContains(const std::string& secret) {
    ASSERT_GT(secret.size(), 20u);
    // The random part alone must not show either, say in another encoding
    // of the prefix.
    const std::string random_part = secret.substr(secret.size() - 20);
    for (const auto& [what, text] : outputs_) {
      EXPECT_EQ(text.find(random_part), std::string::npos)
          << what << " shows the token value: " << text;
    }
    std::lock_guard<std::mutex> lock(log_mutex_);
    EXPECT_EQ(log_.find(random_part), std::string::npos)
        << "a log message shows the token value: " << log_;
  }

  std::string TokensPath() const {
    return std::string("/v1/teams/") + kTeam + "/gateway_setup_tokens";
  }
  std::string GatewaysPath() const {
    return std::string("/v1/teams/") + kTeam + "/gateways";
  }

  gwdb_test::TempDir dir_;
  gwdb_db* db_ = nullptr;
  std::mutex log_mutex_;
  std::string log_;
  std::vector<std::pair<std::string, std::string>> outputs_;
};

TEST_F(SecretsTest, DataFilesAreOwnerOnly) {
  struct stat info;
  ASSERT_EQ(stat(dir_.Child("store").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u) << "store directory";
  for (const char* file : {"data.mdb", "lock.mdb"}) {
    ASSERT_EQ(stat((dir_.Child("store") + "/" + file).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << file;
  }
}

TEST_F(SecretsTest, DataFilesAreOwnerOnlyUnderPermissiveUmask) {
  const mode_t old_mask = umask(0);
  gwdb_test::TempDir other;
  gwdb_db* db = gwdb_test::OpenStore(other.Child("store"), [] {
    gwdb_options options;
    gwdb_options_init(&options);
    return options;
  }());
  umask(old_mask);
  ASSERT_NE(db, nullptr);
  gwdb_close(db);
  struct stat info;
  for (const char* file : {"data.mdb", "lock.mdb"}) {
    ASSERT_EQ(stat((other.Child("store") + "/" + file).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << file;
  }
}

TEST_F(SecretsTest, TokenValueAbsentFromOtherOutputs) {
  Reply created = gwdb_test::CreateToken(
      db_, kTeam,
      R"({"description":"lab","details":{"labels":{"env":"prod"}}})");
  ASSERT_EQ(created.http_status, 201);
  ASSERT_TRUE(created.token_value.has_value());
  const std::string secret = *created.token_value;
  const std::string id = created.json["id"];
  EXPECT_EQ(created.body.find(secret), std::string::npos)
      << "the create body shows the value: " << created.body;

  Reply registered = gwdb_test::RegisterGateway(db_, secret, "gw1");
  Keep("registration", registered);
  ASSERT_EQ(registered.http_status, 201);
  const std::string gateway = registered.json["id"];

  Serve("GET", TokensPath());
  Serve("GET", TokensPath() + "?count=1&contains=lab");
  Serve("GET", TokensPath() + "/" + id);
  Serve("GET", GatewaysPath());
  Serve("GET", GatewaysPath() + "/" + gateway);
  Serve("PUT", GatewaysPath() + "/" + gateway + "/status",
        R"({"status":"ONLINE","active_connections":1,)"
        R"("total_storage_bytes":2,"used_storage_bytes":1})");
  Serve("GET", GatewaysPath() + "/" + gateway + "/status");

  // Registrations that fail for other reasons than the token.
  const std::string bad_requests[] = {
      Json{{"token", secret}, {"name", "bad name!"}}.dump(),
      Json{{"token", secret}, {"name", "gw2"}, {"description", 5}}.dump(),
      Json{{"token", secret}, {"name", std::string(300, 'n')}}.dump(),
      Json{{"token", secret}, {"name", "gw3"}, {"access_address", "\x01"}}
          .dump(),
      Json{{"token", secret + "x"}, {"name", "gw4"}}.dump(),
      Json{{"token", secret.substr(0, secret.size() - 1)}, {"name", "gw5"}}
          .dump(),
      "{\"token\":\"" + secret + "\",\"name\":\"gw6\"",
      "{\"token\":\"" + secret + "\",\"token\":\"" + secret + "\"}",
      Json{{"token", Json::array({secret})}, {"name", "gw7"}}.dump(),
  };
  for (const std::string& body : bad_requests) {
    Reply reply = Serve("POST", "/v1/gateway_registrations", body);
    EXPECT_NE(reply.http_status, 201) << body;
  }

  // A wrong token route method and a deleted token.
  Serve("POST", TokensPath() + "/" + id + "/token");
  Serve("DELETE", TokensPath() + "/" + id);
  Serve("GET", TokensPath() + "/" + id + "/token");
  Serve("POST", "/v1/gateway_registrations",
        Json{{"token", secret}, {"name", "late"}}.dump());

  gwdb_store_stats stats;
  stats.struct_size = sizeof stats;
  char* error = nullptr;
  ASSERT_EQ(gwdb_stats(db_, &stats, nullptr, nullptr, &error), GWDB_OK);
  std::vector<std::string> violations;
  gwdb_reliability::CountViolations(db_, &violations);
  for (const std::string& violation : violations) {
    outputs_.emplace_back("check", violation);
  }

  KeepCommand({"stats"});
  KeepCommand({"check"});
  KeepCommand({"request", "GET", TokensPath()});
  KeepCommand({"request", "GET", GatewaysPath()});
  KeepCommand({"request", "POST", "/v1/gateway_registrations",
               Json{{"token", secret}, {"name", "bad name"}}.dump()});
  ExpectNoOutputContains(secret);
}

TEST_F(SecretsTest, TokenValueInWrongPlaceIsNotEchoed) {
  Reply created = gwdb_test::CreateToken(db_, kTeam);
  ASSERT_TRUE(created.token_value.has_value());
  const std::string secret = *created.token_value;

  // A client that puts the value where an id or a query value belongs
  // gets an error that does not repeat the value.
  Serve("GET", TokensPath() + "/" + secret);
  Serve("GET", TokensPath() + "/" + secret + "/token");
  Serve("DELETE", TokensPath() + "/" + secret);
  Serve("GET", GatewaysPath() + "/" + secret);
  Serve("GET", GatewaysPath() + "?offset=" + secret);
  Serve("GET", TokensPath() + "?offset=" + secret);
  Serve("GET", "/v1/teams/" + secret + "/gateways");
  ExpectNoOutputContains(secret);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_cli_path = argv[1];
  return RUN_ALL_TESTS();
}
