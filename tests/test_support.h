// Helpers shared by the engine test suites: temporary store directories, an
// injectable clock and random source, and a captured copy of a response.
// Every helper goes through the public C header only.
#ifndef GATEWAYDB_TESTS_TEST_SUPPORT_H_
#define GATEWAYDB_TESTS_TEST_SUPPORT_H_

#include <gatewaydb/gatewaydb.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace gwdb_test {

using Json = nlohmann::ordered_json;

// 2026-12-04T16:20:59.123456Z in microseconds since the Unix epoch.
inline constexpr int64_t kStartTimeUs = 1796401259123456;

// A fresh directory made with mkdtemp under $TMPDIR (default /tmp), removed
// with everything in it when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory that does not exist yet.
  std::string Child(const std::string& name) const;

 private:
  std::string path_;
};

// A thread-safe clock for gwdb_options.clock. By default every reading
// returns the same time until Set or Advance moves it. In repeating mode
// each reading keeps the previous value with the given probability and
// otherwise moves forward by 1 to 3 microseconds, so that many records share
// one created_at.
class TestClock {
 public:
  explicit TestClock(int64_t start_us = kStartTimeUs) : now_us_(start_us) {}

  void Set(int64_t now_us);
  void Advance(int64_t delta_us);
  void RepeatOften(uint64_t seed, int repeat_percent);
  int64_t Peek();
  int64_t Read();

  static int64_t ReadCallback(void* context);

 private:
  std::mutex mutex_;
  int64_t now_us_;
  int repeat_percent_ = -1;
  std::mt19937_64 generator_;
};

// A thread-safe random source for gwdb_options.random: a seeded generator,
// or, while Repeat is on, the same bytes for every request so that the next
// record id collides with the previous one. While Fail is on, every request
// reports failure.
class TestRandom {
 public:
  explicit TestRandom(uint64_t seed = 1) : generator_(seed) {}

  void Repeat(bool repeat);
  void Fail(bool fail);
  static int FillCallback(void* context, uint8_t* buffer, size_t size);

 private:
  std::mutex mutex_;
  bool repeat_ = false;
  bool fail_ = false;
  std::mt19937_64 generator_;
};

// Everything read from one gwdb_response, copied so the response can be
// freed at once.
struct Reply {
  int returned_code = -1;
  int code = -1;
  int http_status = 0;
  std::string body;
  std::string message;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> next_offset;
  std::optional<std::string> prev_offset;
  std::optional<std::string> token_value;
  size_t item_count = 0;
  // The parsed body, or null when the body is empty or not JSON.
  Json json;
  bool body_is_json = false;

  // The value of the first header with exactly this name.
  std::optional<std::string> Header(const std::string& name) const;
  // The ids of the items of a list body, in page order.
  std::vector<std::string> ListIds() const;
};

// Copies and frees `response`. `returned_code` is what the call returned.
Reply Capture(int returned_code, gwdb_response* response);

// Runs one typed call that stores its response through `response_out` and
// captures the result.
Reply Typed(const std::function<int(gwdb_response** response_out)>& call);

Reply Request(gwdb_db* db, const std::string& method, const std::string& target,
              const std::string& body = "");

// Creates a setup token in `team` through the request route.
Reply CreateToken(gwdb_db* db, const std::string& team,
                  const std::string& body = "{}");
// Registers a gateway named `name` with setup token value `token`.
Reply RegisterGateway(gwdb_db* db, const std::string& token,
                      const std::string& name);

// A store with everything in `team`: a token with labels, two gateways
// registered with it (one with a status report), and a second token.
struct SeededTeam {
  std::string team;
  std::string token_id;
  std::string token_value;
  std::string second_token_id;
  std::vector<std::string> gateway_ids;
};
SeededTeam SeedTeam(gwdb_db* db, const std::string& team);

// A text image of every record of `team`: all list pages of both kinds,
// every record read by id, and every gateway's status report. Two equal
// snapshots mean that nothing of the team changed.
std::string SnapshotTeam(gwdb_db* db, const std::string& team);

// Checks that two snapshots are equal, reporting the first line that
// differs instead of both images.
void ExpectSameSnapshot(const std::string& before, const std::string& after);

// Formats microseconds since the epoch as 2026-12-04T16:20:59.123456Z.
std::string FormatTimestamp(int64_t time_us);

// The member `key` of `object`, or null when `object` is no object or lacks
// the key. Unlike operator[] on a const value, it is safe on any input.
const Json& Field(const Json& object, const std::string& key);

bool IsLowerCaseUuid(const std::string& text);
bool IsTimestamp(const std::string& text);
std::vector<std::string> KeysOf(const Json& object);

// Checks an error reply: HTTP status, code, the error body's keys and
// types, and the sorted list of errors[].path. An empty `paths` means that
// the body must have no "errors" array.
void ExpectError(const Reply& reply, int http_status, const std::string& code,
                 std::vector<std::string> paths = {});

// Checks a 204 reply: no body and no headers at all.
void ExpectNoContent(const Reply& reply);

// Opens a store in `path` with `options`, failing the test on error.
gwdb_db* OpenStore(const std::string& path, const gwdb_options& options);

// A fixture with a fresh store that uses an injected clock and a seeded
// random source.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Options with the fixture's clock and random source; tests may change
  // fields before calling Reopen.
  gwdb_options DefaultOptions();
  void Reopen(const gwdb_options& options);
  void Close();

  TempDir dir_;
  TestClock clock_;
  TestRandom random_;
  gwdb_db* db_ = nullptr;
};

}  // namespace gwdb_test

#endif  // GATEWAYDB_TESTS_TEST_SUPPORT_H_
