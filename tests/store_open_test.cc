// Opening, closing and reopening stores: persistence, file modes, open
// errors, read-only stores and a stored record that fails verification.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";

struct OpenResult {
  int code = -1;
  gwdb_db* db = nullptr;
  std::string error;
  bool has_error = false;
};

OpenResult TryOpen(const std::string& path, const gwdb_options* options) {
  OpenResult result;
  char* error = nullptr;
  result.db = reinterpret_cast<gwdb_db*>(0x1);
  result.code = gwdb_open(path.c_str(), options, &result.db, &error);
  if (error != nullptr) {
    result.error = error;
    result.has_error = true;
  }
  gwdb_string_free(error);
  return result;
}

bool PathExists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class StoreOpen : public StoreTest {};

// LMDB forbids two open environments of one store in a process, because
// closing either releases the other's file locks.
TEST_F(StoreOpen, SecondOpenInProcessFails) {
  const std::string path = dir_.Child("twice");
  OpenResult first = TryOpen(path, nullptr);
  ASSERT_EQ(first.code, GWDB_OK) << first.error;

  for (const std::string& same : {path, path + "/.", path + "/../twice"}) {
    SCOPED_TRACE(same);
    OpenResult second = TryOpen(same, nullptr);
    EXPECT_EQ(second.code, GWDB_INVALID_ARGUMENT);
    EXPECT_EQ(second.db, nullptr);
    EXPECT_NE(second.error.find("already has it open"), std::string::npos)
        << second.error;
  }

  gwdb_close(first.db);
  OpenResult reopened = TryOpen(path, nullptr);
  EXPECT_EQ(reopened.code, GWDB_OK) << reopened.error;
  gwdb_close(reopened.db);
}

TEST_F(StoreOpen, FailedOpenDoesNotBlockNextOpen) {
  const std::string path = dir_.Child("garbage");
  ASSERT_EQ(mkdir(path.c_str(), 0700), 0);
  WriteFile(path + "/data.mdb", std::string(100, 'x'));
  EXPECT_NE(TryOpen(path, nullptr).code, GWDB_OK);

  ASSERT_EQ(unlink((path + "/data.mdb").c_str()), 0);
  OpenResult result = TryOpen(path, nullptr);
  EXPECT_EQ(result.code, GWDB_OK) << result.error;
  gwdb_close(result.db);
}

// Handles do not work after fork(), so a child may open the store that
// its parent has open.
TEST_F(StoreOpen, ChildAfterForkMayOpen) {
  const std::string path = dir_.Child("forked");
  OpenResult parent = TryOpen(path, nullptr);
  ASSERT_EQ(parent.code, GWDB_OK) << parent.error;

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    gwdb_db* db = nullptr;
    const int code = gwdb_open(path.c_str(), nullptr, &db, nullptr);
    if (code == GWDB_OK) gwdb_close(db);
    _exit(code == GWDB_OK ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The child's open and close left the parent's mark alone.
  EXPECT_EQ(TryOpen(path, nullptr).code, GWDB_INVALID_ARGUMENT);
  gwdb_close(parent.db);
}

TEST_F(StoreOpen, MapSizeRoundsUpToPage) {
  const long page_size = sysconf(_SC_PAGESIZE);
  ASSERT_GT(page_size, 1);
  gwdb_options options = DefaultOptions();
  options.map_size_max = 256 * 1024 + 10;
  OpenResult result = TryOpen(dir_.Child("rounded"), &options);
  ASSERT_EQ(result.code, GWDB_OK) << result.error;

  gwdb_store_stats stats;
  memset(&stats, 0, sizeof(stats));
  stats.struct_size = sizeof(stats);
  ASSERT_EQ(gwdb_stats(result.db, &stats, nullptr, nullptr, nullptr),
            GWDB_OK);
  EXPECT_EQ(stats.map_size_max % page_size, 0u);
  EXPECT_GE(stats.map_size_max, 256u * 1024 + 10);
  EXPECT_LT(stats.map_size_max, 256u * 1024 + 10 + page_size);
  gwdb_close(result.db);
}

TEST_F(StoreOpen, ReopenKeepsEverything) {
  SeededTeam acme = SeedTeam(db_, kTeam);
  SeedTeam(db_, "other");
  ExpectNoContent(
      Request(db_, "DELETE", "/v1/teams/acme/gateways/" + acme.gateway_ids[1]));
  std::string acme_before = SnapshotTeam(db_, kTeam);
  std::string other_before = SnapshotTeam(db_, "other");

  Reopen(DefaultOptions());

  ExpectSameSnapshot(acme_before, SnapshotTeam(db_, kTeam));
  ExpectSameSnapshot(other_before, SnapshotTeam(db_, "other"));
  Reply by_tombstone = Request(
      db_, "GET", "/v1/teams/acme/gateways?offset=" + acme.gateway_ids[1]);
  EXPECT_EQ(by_tombstone.http_status, 200) << by_tombstone.body;
  Reply registered = RegisterGateway(db_, acme.token_value, "gw-after");
  EXPECT_EQ(registered.http_status, 201) << registered.body;
}

TEST_F(StoreOpen, ReopenWithSystemClockAndRandom) {
  Close();
  std::string path = dir_.Child("plain");
  gwdb_options options;
  gwdb_options_init(&options);
  gwdb_db* db = OpenStore(path, options);
  ASSERT_NE(db, nullptr);
  Reply token = CreateToken(db, kTeam);
  ASSERT_EQ(token.http_status, 201) << token.body;
  EXPECT_TRUE(IsTimestamp(token.json["created_at"].get<std::string>()));
  std::string before = SnapshotTeam(db, kTeam);
  gwdb_close(db);

  db = nullptr;
  char* error = nullptr;
  ASSERT_EQ(gwdb_open(path.c_str(), nullptr, &db, &error), GWDB_OK)
      << (error ? error : "");
  ExpectSameSnapshot(before, SnapshotTeam(db, kTeam));
  gwdb_close(db);
}

TEST_F(StoreOpen, DataFilesArePrivate) {
  Close();
  for (const char* name : {"data.mdb", "lock.mdb"}) {
    struct stat info;
    std::string path = dir_.Child("store") + "/" + name;
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_TRUE(S_ISREG(info.st_mode)) << path;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << path;
  }
}

TEST_F(StoreOpen, FileInsteadOfDirectoryFails) {
  std::string path = dir_.Child("plain-file");
  WriteFile(path, "not a store");
  gwdb_options options;
  gwdb_options_init(&options);

  OpenResult result = TryOpen(path, &options);

  EXPECT_EQ(result.code, GWDB_UNKNOWN_ERROR);
  EXPECT_EQ(result.db, nullptr);
  ASSERT_TRUE(result.has_error);
  EXPECT_NE(result.error.find(path), std::string::npos) << result.error;
  EXPECT_EQ(ReadFile(path), "not a store");
}

TEST_F(StoreOpen, GarbageDataFileFails) {
  std::string path = dir_.Child("garbage");
  ASSERT_EQ(mkdir(path.c_str(), 0700), 0);
  WriteFile(path + "/data.mdb", std::string(16384, '\x5a'));

  OpenResult result = TryOpen(path, nullptr);

  EXPECT_EQ(result.code, GWDB_UNKNOWN_ERROR);
  EXPECT_EQ(result.db, nullptr);
  EXPECT_TRUE(result.has_error);
  EXPECT_NE(result.error.find(path), std::string::npos) << result.error;
}

TEST_F(StoreOpen, ReadOnlyMissingStoreFails) {
  std::string path = dir_.Child("missing");
  gwdb_options options;
  gwdb_options_init(&options);
  options.read_only = 1;

  OpenResult result = TryOpen(path, &options);

  EXPECT_EQ(result.code, GWDB_SERVICE_OFFLINE);
  EXPECT_EQ(result.db, nullptr);
  EXPECT_TRUE(result.has_error);
  EXPECT_NE(result.error.find(path), std::string::npos) << result.error;
  EXPECT_FALSE(PathExists(path));
  EXPECT_EQ(TryOpen(path, &options).code, GWDB_SERVICE_OFFLINE);
}

TEST_F(StoreOpen, OpenRejectsBadArguments) {
  gwdb_options options;
  gwdb_options_init(&options);
  gwdb_db* db = reinterpret_cast<gwdb_db*>(0x1);
  char* error = nullptr;
  EXPECT_EQ(gwdb_open(nullptr, &options, &db, &error), GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(db, nullptr);
  gwdb_string_free(error);
  error = nullptr;
  EXPECT_EQ(gwdb_open(dir_.Child("x").c_str(), &options, nullptr, &error),
            GWDB_INVALID_ARGUMENT);
  gwdb_string_free(error);

  options.struct_size = 0;
  db = reinterpret_cast<gwdb_db*>(0x1);
  EXPECT_EQ(gwdb_open(dir_.Child("y").c_str(), &options, &db, nullptr),
            GWDB_INVALID_ARGUMENT);
  EXPECT_EQ(db, nullptr);
  EXPECT_FALSE(PathExists(dir_.Child("y")));
}

TEST_F(StoreOpen, ReadOnlyStoreServesReadsAndRejectsWrites) {
  SeededTeam seeded = SeedTeam(db_, kTeam);
  std::string before = SnapshotTeam(db_, kTeam);
  gwdb_options options = DefaultOptions();
  options.read_only = 1;
  Reopen(options);

  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  const std::string gateway =
      "/v1/teams/acme/gateways/" + seeded.gateway_ids[0];
  const std::string token =
      "/v1/teams/acme/gateway_setup_tokens/" + seeded.token_id;
  ExpectError(CreateToken(db_, kTeam), 503, "service_offline");
  ExpectError(CreateToken(db_, "new-team"), 503, "service_offline");
  ExpectError(Request(db_, "DELETE", token), 503, "service_offline");
  ExpectError(RegisterGateway(db_, seeded.token_value, "gw-new"), 503,
              "service_offline");
  ExpectError(Request(db_, "PUT", gateway, R"({"name":"gw","labels":{}})"), 503,
              "service_offline");
  ExpectError(Request(db_, "PUT", gateway + "/status",
                      R"({"status":"ONLINE","active_connections":1,)"
                      R"("total_storage_bytes":1,"used_storage_bytes":1})"),
              503, "service_offline");
  ExpectError(Request(db_, "DELETE", gateway), 503, "service_offline");
  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));

  // Validation still comes first on a read-only store.
  ExpectError(Request(db_, "PUT", gateway, R"({"labels":{}})"), 400,
              "invalid_request", {"name"});
}

TEST_F(StoreOpen, CorruptRecordIsUnknownError) {
  const std::string marker = "CorruptMeMarker0123456789";
  Reply damaged =
      CreateToken(db_, kTeam, "{\"description\":\"" + marker + "\"}");
  ASSERT_EQ(damaged.http_status, 201) << damaged.body;
  Reply intact = CreateToken(db_, kTeam, R"({"description":"intact"})");
  ASSERT_EQ(intact.http_status, 201) << intact.body;
  std::string damaged_id = damaged.json["id"].get<std::string>();
  std::string intact_id = intact.json["id"].get<std::string>();
  Close();

  std::string data_path = dir_.Child("store") + "/data.mdb";
  std::string bytes = ReadFile(data_path);
  size_t changed = 0;
  for (size_t at = bytes.find(marker); at != std::string::npos;
       at = bytes.find(marker, at + 1)) {
    bytes[at + marker.size() / 2] ^= 0x01;
    ++changed;
  }
  ASSERT_GT(changed, 0u) << "description bytes not found in data.mdb";
  WriteFile(data_path, bytes);
  Reopen(DefaultOptions());

  const std::string tokens = "/v1/teams/acme/gateway_setup_tokens";
  ExpectError(Request(db_, "GET", tokens + "/" + damaged_id), 500,
              "unknown_error");
  ExpectError(Request(db_, "GET", tokens), 500, "unknown_error");
  Reply other = Request(db_, "GET", tokens + "/" + intact_id);
  EXPECT_EQ(other.http_status, 200) << other.body;
  EXPECT_EQ(other.json["description"], "intact");
}

TEST_F(StoreOpen, FullMapIsServiceOffline) {
  gwdb_options options = DefaultOptions();
  options.map_size_max = 256 * 1024;
  Reopen(options);
  const std::string body = "{\"description\":\"" + std::string(1000, 'd') +
                           "\",\"labels\":{\"k\":\"" + std::string(255, 'v') +
                           "\"}}";

  int created = 0;
  Reply failed;
  for (int i = 0; i < 10000; ++i) {
    Reply reply = CreateToken(db_, kTeam, body);
    if (reply.http_status != 201) {
      failed = reply;
      break;
    }
    ++created;
  }

  ASSERT_GT(created, 0);
  ExpectError(failed, 503, "service_offline");
  Reply list =
      Request(db_, "GET", "/v1/teams/acme/gateway_setup_tokens?count=1000");
  EXPECT_EQ(list.http_status, 200) << list.body.substr(0, 200);
  EXPECT_EQ(list.item_count, static_cast<size_t>(created));
  options.map_size_max = 16ULL << 20;
  Reopen(options);
  EXPECT_EQ(CreateToken(db_, kTeam, body).http_status, 201);
}

TEST_F(StoreOpen, NoSyncWritesSurviveSyncAndReopen) {
  gwdb_options options = DefaultOptions();
  options.no_sync = 1;
  Reopen(options);
  SeedTeam(db_, kTeam);
  std::string before = SnapshotTeam(db_, kTeam);

  char* error = nullptr;
  EXPECT_EQ(gwdb_sync(db_, &error), GWDB_OK) << (error ? error : "");
  gwdb_string_free(error);
  Reopen(DefaultOptions());

  ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  EXPECT_EQ(gwdb_sync(db_, nullptr), GWDB_OK);
  EXPECT_EQ(gwdb_sync(nullptr, nullptr), GWDB_INVALID_ARGUMENT);
}

TEST_F(StoreOpen, SharedHandleAcrossThreads) {
  const int kThreads = 4;
  const int kTokensPerThread = 25;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string team = "team-" + std::to_string(t);
      for (int i = 0; i < kTokensPerThread; ++i) {
        gwdb_response* response = nullptr;
        if (gwdb_request(
                db_, "POST",
                ("/v1/teams/" + team + "/gateway_setup_tokens").c_str(), "{}",
                2, &response) != GWDB_OK) {
          ++failures[t];
        }
        gwdb_response_free(response);
        response = nullptr;
        if (gwdb_request(db_, "GET", "/v1/teams/team-0/gateway_setup_tokens",
                         nullptr, 0, &response) != GWDB_OK) {
          ++failures[t];
        }
        gwdb_response_free(response);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    Reply list = Request(db_, "GET",
                         "/v1/teams/team-" + std::to_string(t) +
                             "/gateway_setup_tokens?count=1000");
    EXPECT_EQ(list.item_count, static_cast<size_t>(kTokensPerThread));
  }
}

}  // namespace
}  // namespace gwdb_test
