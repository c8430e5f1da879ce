#include "test_support.h"

#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <regex>

namespace gwdb_test {

TempDir::TempDir() {
  const char* base = getenv("TMPDIR");
  std::string pattern = (base != nullptr && base[0] != '\0') ? base : "/tmp";
  pattern += "/gwdb-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern << ": "
                  << strerror(errno);
    return;
  }
  path_ = buffer.data();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Child(const std::string& name) const {
  return path_ + "/" + name;
}

void TestClock::Set(int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  now_us_ = now_us;
}

void TestClock::Advance(int64_t delta_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  now_us_ += delta_us;
}

void TestClock::RepeatOften(uint64_t seed, int repeat_percent) {
  std::lock_guard<std::mutex> lock(mutex_);
  generator_.seed(seed);
  repeat_percent_ = repeat_percent;
}

int64_t TestClock::Peek() {
  std::lock_guard<std::mutex> lock(mutex_);
  return now_us_;
}

int64_t TestClock::Read() {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t reading = now_us_;
  if (repeat_percent_ >= 0 &&
      static_cast<int>(generator_() % 100) >= repeat_percent_) {
    now_us_ += 1 + static_cast<int64_t>(generator_() % 3);
  }
  return reading;
}

int64_t TestClock::ReadCallback(void* context) {
  return static_cast<TestClock*>(context)->Read();
}

void TestRandom::Repeat(bool repeat) {
  std::lock_guard<std::mutex> lock(mutex_);
  repeat_ = repeat;
}

void TestRandom::Fail(bool fail) {
  std::lock_guard<std::mutex> lock(mutex_);
  fail_ = fail;
}

int TestRandom::FillCallback(void* context, uint8_t* buffer, size_t size) {
  auto* random = static_cast<TestRandom*>(context);
  std::lock_guard<std::mutex> lock(random->mutex_);
  if (random->fail_) return -1;
  for (size_t i = 0; i < size; ++i) {
    buffer[i] = random->repeat_ ? static_cast<uint8_t>(0xA5 ^ i)
                                : static_cast<uint8_t>(random->generator_());
  }
  return 0;
}

std::optional<std::string> Reply::Header(const std::string& name) const {
  for (const auto& [header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Reply::ListIds() const {
  std::vector<std::string> ids;
  if (!json.is_object() || !json.contains("list") || !json["list"].is_array()) {
    ADD_FAILURE() << "not a list body: " << body;
    return ids;
  }
  for (const Json& item : json["list"]) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
      ADD_FAILURE() << "list item without a string id: " << item.dump();
      continue;
    }
    ids.push_back(item["id"].get<std::string>());
  }
  return ids;
}

static std::optional<std::string> CopyOrNull(const char* text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

Reply Capture(int returned_code, gwdb_response* response) {
  Reply reply;
  reply.returned_code = returned_code;
  if (response == nullptr) {
    ADD_FAILURE() << "the call stored no response (returned " << returned_code
                  << ")";
    return reply;
  }
  reply.code = gwdb_response_code(response);
  reply.http_status = gwdb_response_http_status(response);
  size_t length = 0;
  const char* body = gwdb_response_body(response, &length);
  if (body != nullptr) reply.body.assign(body, length);
  reply.message = gwdb_response_message(response);
  size_t header_count = gwdb_response_header_count(response);
  for (size_t i = 0; i < header_count; ++i) {
    const char* name = nullptr;
    const char* value = nullptr;
    int header_code = gwdb_response_header(response, i, &name, &value);
    EXPECT_EQ(header_code, GWDB_OK) << "header " << i;
    if (header_code != GWDB_OK || name == nullptr || value == nullptr) continue;
    reply.headers.emplace_back(name, value);
  }
  reply.next_offset = CopyOrNull(gwdb_response_next_offset(response));
  reply.prev_offset = CopyOrNull(gwdb_response_prev_offset(response));
  reply.token_value = CopyOrNull(gwdb_response_token_value(response));
  reply.item_count = gwdb_response_item_count(response);
  gwdb_response_free(response);

  EXPECT_EQ(returned_code, reply.code)
      << "the returned code differs from the response's code";
  if (!reply.body.empty()) {
    reply.json = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
    reply.body_is_json = !reply.json.is_discarded();
    if (!reply.body_is_json) reply.json = nullptr;
  }
  return reply;
}

Reply Typed(const std::function<int(gwdb_response** response_out)>& call) {
  gwdb_response* response = nullptr;
  int code = call(&response);
  return Capture(code, response);
}

Reply Request(gwdb_db* db, const std::string& method, const std::string& target,
              const std::string& body) {
  gwdb_response* response = nullptr;
  int code = gwdb_request(db, method.c_str(), target.c_str(),
                          body.empty() ? nullptr : body.data(), body.size(),
                          &response);
  return Capture(code, response);
}

Reply CreateToken(gwdb_db* db, const std::string& team,
                  const std::string& body) {
  return Request(db, "POST", "/v1/teams/" + team + "/gateway_setup_tokens",
                 body);
}

Reply RegisterGateway(gwdb_db* db, const std::string& token,
                      const std::string& name) {
  Json body = {{"token", token}, {"name", name}};
  return Request(db, "POST", "/v1/gateway_registrations", body.dump());
}

static std::string StringField(const Reply& reply, const char* key) {
  if (!reply.json.is_object() || !reply.json.contains(key) ||
      !reply.json[key].is_string()) {
    ADD_FAILURE() << "no string \"" << key << "\" in " << reply.body;
    return "";
  }
  return reply.json[key].get<std::string>();
}

SeededTeam SeedTeam(gwdb_db* db, const std::string& team) {
  SeededTeam seeded;
  seeded.team = team;
  Reply token = CreateToken(db, team,
                            R"({"labels":{"env":"dev","region":"us-west-2"},)"
                            R"("description":"seeded token"})");
  EXPECT_EQ(token.http_status, 201) << token.body;
  seeded.token_id = StringField(token, "id");
  Reply value = Request(db, "GET",
                        "/v1/teams/" + team + "/gateway_setup_tokens/" +
                            seeded.token_id + "/token");
  EXPECT_EQ(value.http_status, 200) << value.body;
  seeded.token_value = StringField(value, "token");

  for (const char* name : {"gw-one", "gw.two"}) {
    Reply gateway = RegisterGateway(db, seeded.token_value, name);
    EXPECT_EQ(gateway.http_status, 201) << gateway.body;
    seeded.gateway_ids.push_back(StringField(gateway, "id"));
  }
  Reply report = Request(
      db, "PUT",
      "/v1/teams/" + team + "/gateways/" + seeded.gateway_ids[0] + "/status",
      R"({"status":"ONLINE","active_connections":2,)"
      R"("total_storage_bytes":4096,"used_storage_bytes":2048})");
  EXPECT_EQ(report.http_status, 204) << report.body;

  Reply second = CreateToken(db, team, "{}");
  EXPECT_EQ(second.http_status, 201) << second.body;
  seeded.second_token_id = StringField(second, "id");
  return seeded;
}

// Appends every page of one list, following next links.
static void AppendAllPages(gwdb_db* db, const std::string& list_path,
                           std::string& image, std::vector<std::string>& ids) {
  std::string target = list_path + "?count=1000";
  for (int page = 0; page < 1000; ++page) {
    Reply reply = Request(db, "GET", target);
    image += "GET " + target + " -> " + std::to_string(reply.http_status) +
             " " + reply.body + "\n";
    if (reply.http_status != 200) return;
    for (const std::string& id : reply.ListIds()) ids.push_back(id);
    if (!reply.next_offset) return;
    target = list_path + "?offset=" + *reply.next_offset + "&count=1000";
  }
  ADD_FAILURE() << "list of " << list_path << " did not end";
}

static void AppendRead(gwdb_db* db, const std::string& target,
                       std::string& image) {
  Reply reply = Request(db, "GET", target);
  image += "GET " + target + " -> " + std::to_string(reply.http_status) + " " +
           reply.body + "\n";
}

std::string SnapshotTeam(gwdb_db* db, const std::string& team) {
  std::string image;
  std::string tokens_path = "/v1/teams/" + team + "/gateway_setup_tokens";
  std::string gateways_path = "/v1/teams/" + team + "/gateways";
  std::vector<std::string> token_ids;
  std::vector<std::string> gateway_ids;
  AppendAllPages(db, tokens_path, image, token_ids);
  AppendAllPages(db, gateways_path, image, gateway_ids);
  for (const std::string& id : token_ids) {
    AppendRead(db, tokens_path + "/" + id, image);
    AppendRead(db, tokens_path + "/" + id + "/token", image);
  }
  for (const std::string& id : gateway_ids) {
    AppendRead(db, gateways_path + "/" + id, image);
    AppendRead(db, gateways_path + "/" + id + "/status", image);
  }
  return image;
}

static std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

void ExpectSameSnapshot(const std::string& before, const std::string& after) {
  if (before == after) return;
  std::vector<std::string> before_lines = SplitLines(before);
  std::vector<std::string> after_lines = SplitLines(after);
  size_t line = 0;
  while (line < before_lines.size() && line < after_lines.size() &&
         before_lines[line] == after_lines[line]) {
    ++line;
  }
  ADD_FAILURE() << "the team changed; first difference at snapshot line "
                << line << "\n  before: "
                << (line < before_lines.size() ? before_lines[line] : "(end)")
                << "\n  after:  "
                << (line < after_lines.size() ? after_lines[line] : "(end)");
}

std::string FormatTimestamp(int64_t time_us) {
  time_t seconds = static_cast<time_t>(time_us / 1000000);
  int64_t micros = time_us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    seconds -= 1;
  }
  struct tm parts;
  gmtime_r(&seconds, &parts);
  char text[64];
  snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
           parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
           parts.tm_min, parts.tm_sec, static_cast<long long>(micros));
  return text;
}

const Json& Field(const Json& object, const std::string& key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

bool IsLowerCaseUuid(const std::string& text) {
  static const std::regex pattern(
      "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  return std::regex_match(text, pattern);
}

bool IsTimestamp(const std::string& text) {
  static const std::regex pattern(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$");
  return std::regex_match(text, pattern);
}

std::vector<std::string> KeysOf(const Json& object) {
  std::vector<std::string> keys;
  if (!object.is_object()) return keys;
  for (auto it = object.begin(); it != object.end(); ++it) {
    keys.push_back(it.key());
  }
  return keys;
}

void ExpectError(const Reply& reply, int http_status, const std::string& code,
                 std::vector<std::string> paths) {
  EXPECT_EQ(reply.http_status, http_status) << reply.body;
  EXPECT_STREQ(gwdb_code_name(reply.code), code.c_str()) << reply.body;
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  ASSERT_TRUE(reply.body_is_json) << "error body is not JSON: " << reply.body;
  ASSERT_TRUE(reply.json.is_object()) << reply.body;
  std::vector<std::string> expected_keys = {"code", "message"};
  if (!paths.empty()) expected_keys.push_back("errors");
  EXPECT_EQ(KeysOf(reply.json), expected_keys) << reply.body;
  ASSERT_TRUE(Field(reply.json, "code").is_string()) << reply.body;
  EXPECT_EQ(Field(reply.json, "code").get<std::string>(), code) << reply.body;
  ASSERT_TRUE(Field(reply.json, "message").is_string()) << reply.body;
  std::string message = Field(reply.json, "message").get<std::string>();
  EXPECT_FALSE(message.empty()) << reply.body;
  EXPECT_EQ(reply.message, message);
  if (paths.empty() || !reply.json.contains("errors")) return;

  const Json& errors = Field(reply.json, "errors");
  ASSERT_TRUE(errors.is_array()) << reply.body;
  std::vector<std::string> got_paths;
  for (const Json& error : errors) {
    EXPECT_EQ(KeysOf(error), (std::vector<std::string>{"path", "message"}))
        << error.dump();
    if (!error.contains("path") || !Field(error, "path").is_string()) continue;
    got_paths.push_back(Field(error, "path").get<std::string>());
    ASSERT_TRUE(error.contains("message")) << error.dump();
    ASSERT_TRUE(Field(error, "message").is_string()) << error.dump();
    EXPECT_FALSE(Field(error, "message").get<std::string>().empty())
        << error.dump();
  }
  std::sort(got_paths.begin(), got_paths.end());
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(got_paths, paths) << reply.body;
}

void ExpectNoContent(const Reply& reply) {
  EXPECT_EQ(reply.http_status, 204) << reply.body;
  EXPECT_EQ(reply.code, GWDB_OK);
  EXPECT_EQ(reply.body, "");
  EXPECT_TRUE(reply.headers.empty())
      << "first header: " << reply.headers.front().first;
}

gwdb_db* OpenStore(const std::string& path, const gwdb_options& options) {
  gwdb_db* db = nullptr;
  char* error = nullptr;
  int code = gwdb_open(path.c_str(), &options, &db, &error);
  EXPECT_EQ(code, GWDB_OK) << (error != nullptr ? error : "(no message)");
  gwdb_string_free(error);
  return db;
}

void StoreTest::SetUp() {
  db_ = OpenStore(dir_.Child("store"), DefaultOptions());
  ASSERT_NE(db_, nullptr);
}

void StoreTest::TearDown() { Close(); }

gwdb_options StoreTest::DefaultOptions() {
  gwdb_options options;
  gwdb_options_init(&options);
  options.clock = &TestClock::ReadCallback;
  options.clock_context = &clock_;
  options.random = &TestRandom::FillCallback;
  options.random_context = &random_;
  return options;
}

void StoreTest::Reopen(const gwdb_options& options) {
  Close();
  db_ = OpenStore(dir_.Child("store"), options);
  ASSERT_NE(db_, nullptr);
}

void StoreTest::Close() {
  gwdb_close(db_);
  db_ = nullptr;
}

}  // namespace gwdb_test
