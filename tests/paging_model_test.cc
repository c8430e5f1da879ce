// Paging of both lists checked against a simple in-memory model. The suites
// run random sequences of creates, deletes, renames and lists with fixed
// seeds and a clock that often repeats a microsecond. They also walk whole
// lists along next and prev links while records come and go, and check
// tombstone expiry.
//
// The model's rules: the order is (created_at, id) ascending, reversed by
// descending. Without an offset a page holds the first `count` matching
// items, or with prev the last `count`. With an offset it holds the first
// `count` matching items strictly after the offset's position, or with prev
// the last `count` strictly before it, always in list order. A deleted
// record keeps its position while its tombstone lasts. `next` is the page's
// last id when a matching item follows it, `prev` the page's first id when
// one precedes it; an empty page has neither.
#include <stdio.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

enum class Kind { kTokens, kGateways };

struct ModelRecord {
  std::string created_at;
  std::string id;
  // Gateway name, or setup-token description (absent when null).
  std::optional<std::string> text;
  bool live = true;
};

struct Query {
  std::optional<std::string> offset;
  // 0 leaves count out, so the default of 100 applies.
  uint32_t count = 0;
  bool descending = false;
  bool prev = false;
  std::string contains;
  bool status_active = false;
};

struct Page {
  std::vector<std::string> ids;
  std::optional<std::string> next;
  std::optional<std::string> prev;
};

bool ContainsIgnoringCase(const std::string& text, const std::string& part) {
  auto lower = [](std::string value) {
    for (char& c : value) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return value;
  };
  return lower(text).find(lower(part)) != std::string::npos;
}

class PagingModel {
 public:
  void Add(const std::string& id, const std::string& created_at,
           std::optional<std::string> text) {
    ModelRecord record{created_at, id, std::move(text), true};
    auto at = std::lower_bound(records_.begin(), records_.end(), record,
                               [](const ModelRecord& a, const ModelRecord& b) {
                                 return std::tie(a.created_at, a.id) <
                                        std::tie(b.created_at, b.id);
                               });
    records_.insert(at, record);
  }

  void Remove(const std::string& id) { Find(id)->live = false; }

  void Rename(const std::string& id, const std::string& text) {
    Find(id)->text = text;
  }

  std::vector<std::string> Ids(bool live) const {
    std::vector<std::string> ids;
    for (const ModelRecord& record : records_) {
      if (record.live == live) ids.push_back(record.id);
    }
    return ids;
  }

  size_t size() const { return records_.size(); }

  // The position of `id` in ascending order.
  size_t PositionOf(const std::string& id) const {
    for (size_t i = 0; i < records_.size(); ++i) {
      if (records_[i].id == id) return i;
    }
    ADD_FAILURE() << "id not in the model: " << id;
    return 0;
  }

  bool Matches(const ModelRecord& record, const Query& query) const {
    if (!record.live) return false;
    if (query.contains.empty()) return true;
    return record.text.has_value() &&
           ContainsIgnoringCase(*record.text, query.contains);
  }

  std::set<std::string> MatchingIds(const Query& query) const {
    std::set<std::string> ids;
    for (const ModelRecord& record : records_) {
      if (Matches(record, query)) ids.insert(record.id);
    }
    return ids;
  }

  Page List(const Query& query) const {
    std::vector<const ModelRecord*> order;
    for (const ModelRecord& record : records_) order.push_back(&record);
    if (query.descending) std::reverse(order.begin(), order.end());
    const size_t count = query.count == 0 ? 100 : query.count;
    const long size = static_cast<long>(order.size());

    long start = query.prev ? size : -1;
    if (query.offset) {
      for (long i = 0; i < size; ++i) {
        if (order[i]->id == *query.offset) start = i;
      }
    }
    std::vector<long> positions;
    if (!query.prev) {
      for (long i = start + 1; i < size && positions.size() < count; ++i) {
        if (Matches(*order[i], query)) positions.push_back(i);
      }
    } else {
      for (long i = start - 1; i >= 0 && positions.size() < count; --i) {
        if (Matches(*order[i], query)) positions.push_back(i);
      }
      std::reverse(positions.begin(), positions.end());
    }

    Page page;
    if (positions.empty()) return page;
    for (long i : positions) page.ids.push_back(order[i]->id);
    for (long i = positions.back() + 1; i < size; ++i) {
      if (Matches(*order[i], query)) {
        page.next = order[positions.back()]->id;
        break;
      }
    }
    for (long i = positions.front() - 1; i >= 0; --i) {
      if (Matches(*order[i], query)) {
        page.prev = order[positions.front()]->id;
        break;
      }
    }
    return page;
  }

 private:
  ModelRecord* Find(const std::string& id) {
    for (ModelRecord& record : records_) {
      if (record.id == id) return &record;
    }
    ADD_FAILURE() << "id not in the model: " << id;
    static ModelRecord missing;
    return &missing;
  }

  std::vector<ModelRecord> records_;  // sorted by (created_at, id)
};

std::string StringOr(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) ||
      !object[key].is_string()) {
    return "";
  }
  return object[key].get<std::string>();
}

std::string ToUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string ListPath(const std::string& team, Kind kind) {
  return "/v1/teams/" + team +
         (kind == Kind::kTokens ? "/gateway_setup_tokens" : "/gateways");
}

// The Link URL the engine must produce for a page of `query`.
std::string LinkUrl(const std::string& path, const Query& query,
                    const std::string& offset, bool prev_link) {
  std::string url = path + "?offset=" + offset + "&count=" +
                    std::to_string(query.count == 0 ? 100 : query.count);
  if (query.descending) url += "&descending=true";
  if (prev_link) url += "&prev=true";
  if (!query.contains.empty()) url += "&contains=" + query.contains;
  if (query.status_active) url += "&status=ACTIVE";
  return url;
}

std::optional<std::string> ExpectedLink(const std::string& path,
                                        const Query& query, const Page& page) {
  std::vector<std::string> links;
  if (page.next) {
    links.push_back("<" + LinkUrl(path, query, *page.next, false) +
                    ">; rel=\"next\"");
  }
  if (page.prev) {
    links.push_back("<" + LinkUrl(path, query, *page.prev, true) +
                    ">; rel=\"prev\"");
  }
  if (links.empty()) return std::nullopt;
  std::string header = links[0];
  if (links.size() == 2) header += ", " + links[1];
  return header;
}

std::string DescribeQuery(const Query& query) {
  std::string text = "offset=" + query.offset.value_or("(none)") +
                     " count=" + std::to_string(query.count) +
                     " descending=" + (query.descending ? "1" : "0") +
                     " prev=" + (query.prev ? "1" : "0") + " contains=\"" +
                     query.contains + "\"" +
                     (query.status_active ? " status=ACTIVE" : "");
  return text;
}

// Pages compared with the model, so that a suite can check it did real work.
size_t pages_checked = 0;

const std::vector<std::string> kNameParts = {"alpha", "Beta", "GAMMA",
                                             "delta", "ab",   "x.y"};
const std::vector<std::string> kContainsValues = {
    "", "", "a", "AL", "beta", "Ga", "ab", "-", "zz", "ALPHA-BETA", "x.Y"};

// One team of one kind, driven by a seeded generator, with the model that
// mirrors it.
class Sequence {
 public:
  Sequence(gwdb_db* db, uint64_t seed, Kind kind)
      : db_(db),
        random_(seed),
        kind_(kind),
        team_("seq-" + std::to_string(seed)),
        path_(ListPath(team_, kind)) {
    Reply token = CreateToken(db_, team_, "{}");
    EXPECT_EQ(token.http_status, 201) << token.body;
    helper_token_id_ = StringOr(token.json, "id");
    if (kind_ == Kind::kGateways) {
      token_value_ = token.token_value.value_or("");
    } else {
      // The helper token is a record of the list under test, so the model
      // must know it. Its description is null.
      model_.Add(helper_token_id_, StringOr(token.json, "created_at"),
                 std::nullopt);
      std::string value = token.token_value.value_or("");
      Reply gateway = RegisterGateway(db_, value, "other-kind");
      EXPECT_EQ(gateway.http_status, 201) << gateway.body;
      other_kind_id_ = StringOr(gateway.json, "id");
      return;
    }
    other_kind_id_ = helper_token_id_;
  }

  Kind kind() const { return kind_; }
  // Points the sequence at a reopened handle of the same store.
  void set_db(gwdb_db* db) { db_ = db; }
  const PagingModel& model() const { return model_; }
  std::mt19937_64& random() { return random_; }

  size_t Pick(size_t size) { return static_cast<size_t>(random_() % size); }
  bool Chance(int percent) {
    return static_cast<int>(random_() % 100) < percent;
  }

  std::string RandomName() {
    std::string name = kNameParts[Pick(kNameParts.size())];
    if (Chance(60)) name += "-" + kNameParts[Pick(kNameParts.size())];
    if (Chance(30)) name += std::to_string(Pick(100));
    return name;
  }

  std::optional<std::string> RandomDescription() {
    if (Chance(20)) return std::nullopt;
    std::string text = RandomName();
    if (Chance(30)) text += " " + RandomName();
    return text;
  }

  void Create() {
    Reply reply;
    std::optional<std::string> text;
    if (kind_ == Kind::kTokens) {
      text = RandomDescription();
      Json body = Json::object();
      if (text) body["description"] = *text;
      reply = CreateToken(db_, team_, body.dump());
    } else {
      text = RandomName();
      reply = RegisterGateway(db_, token_value_, *text);
    }
    ASSERT_EQ(reply.http_status, 201) << reply.body;
    model_.Add(StringOr(reply.json, "id"), StringOr(reply.json, "created_at"),
               text);
  }

  // Deletes a live record (or `id`) and returns its id.
  std::optional<std::string> Delete(std::optional<std::string> id = {}) {
    std::vector<std::string> live = model_.Ids(true);
    if (kind_ == Kind::kTokens) {
      live.erase(std::remove(live.begin(), live.end(), helper_token_id_),
                 live.end());
    }
    if (!id) {
      if (live.empty()) return std::nullopt;
      id = live[Pick(live.size())];
    }
    if (std::find(live.begin(), live.end(), *id) == live.end()) {
      return std::nullopt;
    }
    Reply reply = Request(db_, "DELETE", path_ + "/" + *id);
    EXPECT_EQ(reply.http_status, 204) << reply.body;
    model_.Remove(*id);
    return id;
  }

  void Rename() {
    std::vector<std::string> live = model_.Ids(true);
    if (kind_ != Kind::kGateways || live.empty()) return;
    std::string id = live[Pick(live.size())];
    std::string name = RandomName();
    Json body = {{"name", name}, {"labels", Json::object()}};
    Reply reply = Request(db_, "PUT", path_ + "/" + id, body.dump());
    EXPECT_EQ(reply.http_status, 204) << reply.body;
    model_.Rename(id, name);
  }

  Query RandomQuery() {
    Query query;
    const uint32_t counts[] = {0, 1, 1, 2, 2, 3, 5, 7, 1000};
    query.count = counts[Pick(std::size(counts))];
    query.descending = Chance(50);
    query.prev = Chance(40);
    query.contains = kContainsValues[Pick(kContainsValues.size())];
    query.status_active = kind_ == Kind::kGateways && Chance(30);
    std::vector<std::string> live = model_.Ids(true);
    std::vector<std::string> deleted = model_.Ids(false);
    int roll = static_cast<int>(Pick(100));
    if (roll < 35 && !live.empty()) {
      query.offset = live[Pick(live.size())];
    } else if (roll < 60 && !deleted.empty()) {
      query.offset = deleted[Pick(deleted.size())];
    }
    return query;
  }

  // Lists through gwdb_request or the typed call, chosen at random.
  Reply List(const Query& query) {
    bool upper_offset = Chance(10);
    std::optional<std::string> offset = query.offset;
    if (offset && upper_offset) offset = ToUpper(*offset);
    if (Chance(50)) return ListTyped(query, offset);

    std::vector<std::string> parameters;
    if (offset) parameters.push_back("offset=" + *offset);
    if (query.count != 0) {
      parameters.push_back("count=" + std::to_string(query.count));
    }
    if (query.descending) {
      parameters.push_back("descending=true");
    } else if (Chance(20)) {
      parameters.push_back("descending=false");
    }
    if (query.prev) {
      parameters.push_back("prev=true");
    } else if (Chance(20)) {
      parameters.push_back("prev=false");
    }
    if (!query.contains.empty() || Chance(10)) {
      parameters.push_back("contains=" + query.contains);
    }
    if (query.status_active) parameters.push_back("status=ACTIVE");
    std::shuffle(parameters.begin(), parameters.end(), random_);
    std::string target = path_;
    for (size_t i = 0; i < parameters.size(); ++i) {
      target += (i == 0 ? "?" : "&") + parameters[i];
    }
    return Request(db_, "GET", target);
  }

  Reply ListTyped(const Query& query,
                  const std::optional<std::string>& offset) {
    gwdb_list_query typed;
    gwdb_list_query_init(&typed);
    typed.offset = offset ? offset->c_str() : nullptr;
    typed.count = query.count;
    typed.descending = query.descending ? 1 + static_cast<int>(Pick(3)) : 0;
    typed.prev = query.prev ? 1 : 0;
    typed.contains =
        query.contains.empty() && Chance(50) ? nullptr : query.contains.c_str();
    typed.status = query.status_active ? "ACTIVE" : nullptr;
    gwdb_response* response = nullptr;
    int code = kind_ == Kind::kTokens
                   ? gwdb_token_list(db_, team_.c_str(), &typed, &response)
                   : gwdb_gateway_list(db_, team_.c_str(), &typed, &response);
    return Capture(code, response);
  }

  // Lists with `query` and compares the page with the model. Returns the
  // engine's page.
  Page CheckList(const Query& query) {
    SCOPED_TRACE(team_ + " " + DescribeQuery(query));
    ++pages_checked;
    Page expected = model_.List(query);
    Reply reply = List(query);
    Page got;
    EXPECT_EQ(reply.http_status, 200) << reply.body;
    if (reply.http_status != 200) return got;
    got.ids = reply.ListIds();
    got.next = reply.next_offset;
    got.prev = reply.prev_offset;
    EXPECT_EQ(got.ids, expected.ids);
    EXPECT_EQ(got.next, expected.next);
    EXPECT_EQ(got.prev, expected.prev);
    EXPECT_EQ(reply.item_count, expected.ids.size());
    EXPECT_EQ(reply.Header("Link"), ExpectedLink(path_, query, expected));
    return got;
  }

  // An offset that is no record of this list must be rejected.
  void CheckBadOffset() {
    Query query = RandomQuery();
    std::string absent = "00000000-0000-4000-8000-" +
                         std::to_string(100000000000 + Pick(899999999999));
    query.offset = Chance(50) ? absent : other_kind_id_;
    SCOPED_TRACE(team_ + " " + DescribeQuery(query));
    Reply reply = List(query);
    ExpectError(reply, 400, "invalid_request", {"offset"});
  }

  // Runs every combination of offset, count, direction and filters.
  void CheckEveryQuery() {
    std::vector<std::optional<std::string>> offsets = {std::nullopt};
    for (const std::string& id : model_.Ids(true)) offsets.push_back(id);
    for (const std::string& id : model_.Ids(false)) offsets.push_back(id);
    for (const auto& offset : offsets) {
      for (uint32_t count : {1u, 2u, 3u, 0u}) {
        for (int flags = 0; flags < 4; ++flags) {
          for (const std::string contains : {"", "a", "BETA", "zz"}) {
            for (bool status : {false, true}) {
              if (status && kind_ == Kind::kTokens) continue;
              Query query;
              query.offset = offset;
              query.count = count;
              query.descending = (flags & 1) != 0;
              query.prev = (flags & 2) != 0;
              query.contains = contains;
              query.status_active = status;
              CheckList(query);
              if (::testing::Test::HasFailure()) return;
            }
          }
        }
      }
    }
  }

  // Applies one random create, delete or rename.
  std::optional<std::string> RandomChange() {
    int roll = static_cast<int>(Pick(100));
    if (roll < 55) {
      Create();
      return std::nullopt;
    }
    if (roll < 85) return Delete();
    Rename();
    return std::nullopt;
  }

  // Walks the whole list from one end along next links (or prev links when
  // `backwards`), changing records between pages, and checks that every
  // record that matched for the whole walk appears exactly once, in order.
  void Walk(bool backwards) {
    Query query = RandomQuery();
    query.offset.reset();
    query.prev = backwards;
    if (query.count == 1000 || query.count == 0) query.count = 2;
    SCOPED_TRACE(std::string("walk ") + (backwards ? "backwards " : "") +
                 DescribeQuery(query));
    std::set<std::string> matching_at_start = model_.MatchingIds(query);
    std::set<std::string> changed_during;
    std::vector<std::vector<std::string>> pages;

    for (int step = 0;; ++step) {
      ASSERT_LT(step, 5000) << "walk did not end";
      Page page = CheckList(query);
      if (::testing::Test::HasFailure()) return;
      pages.push_back(page.ids);
      std::optional<std::string> link = backwards ? page.prev : page.next;
      if (!link) break;

      int changes = static_cast<int>(Pick(4));
      for (int i = 0; i < changes; ++i) {
        std::optional<std::string> deleted =
            Chance(30) ? Delete(*link) : RandomChange();
        if (deleted) changed_during.insert(*deleted);
      }
      // Renamed gateways may stop or start matching, so they do not count
      // as records that matched for the whole walk.
      for (const std::string& id : matching_at_start) {
        if (!model_.MatchingIds(query).count(id)) changed_during.insert(id);
      }
      query.offset = *link;
    }

    if (backwards) std::reverse(pages.begin(), pages.end());
    std::vector<std::string> walked;
    for (const auto& page : pages) {
      walked.insert(walked.end(), page.begin(), page.end());
    }
    std::map<std::string, int> seen;
    for (const std::string& id : walked) ++seen[id];
    for (const auto& [id, times] : seen) {
      EXPECT_EQ(times, 1) << "walk returned " << id << " " << times << " times";
    }
    for (const std::string& id : matching_at_start) {
      if (changed_during.count(id)) continue;
      EXPECT_EQ(seen.count(id), 1u) << "walk missed " << id;
    }
    for (size_t i = 1; i < walked.size(); ++i) {
      size_t before = model_.PositionOf(walked[i - 1]);
      size_t after = model_.PositionOf(walked[i]);
      EXPECT_TRUE(query.descending ? before > after : before < after)
          << walked[i - 1] << " then " << walked[i];
    }
  }

 private:
  gwdb_db* db_;
  std::mt19937_64 random_;
  Kind kind_;
  std::string team_;
  std::string path_;
  std::string token_value_;
  std::string helper_token_id_;
  std::string other_kind_id_;
  PagingModel model_;
};

int EnvironmentInt(const char* name, int fallback) {
  const char* value = getenv(name);
  if (value == nullptr || value[0] == '\0') return fallback;
  return atoi(value);
}

// Paging does not depend on durability, so these stores skip the flush to
// disk after each write. That keeps thousands of writes within seconds.
class PagingModelTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    gwdb_options options = DefaultOptions();
    options.no_sync = 1;
    Reopen(options);
  }
};

// Many short sequences, each in its own team, alternating the two kinds.
TEST_F(PagingModelTest, RandomSequencesMatchModel) {
  const int sequences = EnvironmentInt("GWDB_PAGING_SEQUENCES", 4000);
  clock_.RepeatOften(/*seed=*/7, /*repeat_percent=*/70);
  pages_checked = 0;
  for (int seed = 1; seed <= sequences; ++seed) {
    Kind kind = seed % 2 == 0 ? Kind::kTokens : Kind::kGateways;
    Sequence sequence(db_, static_cast<uint64_t>(seed), kind);
    int operations = 4 + static_cast<int>(sequence.Pick(12));
    for (int i = 0; i < operations; ++i) {
      int roll = static_cast<int>(sequence.Pick(100));
      if (roll < 45) {
        sequence.RandomChange();
      } else if (roll < 93) {
        sequence.CheckList(sequence.RandomQuery());
      } else {
        sequence.CheckBadOffset();
      }
      ASSERT_FALSE(HasFailure()) << "sequence seed " << seed;
    }
    if (seed % 10 == 0) {
      sequence.CheckEveryQuery();
      ASSERT_FALSE(HasFailure()) << "sequence seed " << seed;
    }
  }
  printf("compared %zu pages with the model\n", pages_checked);
  EXPECT_GT(pages_checked, static_cast<size_t>(sequences));
}

// Full walks over larger teams where most records share a microsecond.
TEST_F(PagingModelTest, WalksSeeEveryStableRecordOnce) {
  const int walks = EnvironmentInt("GWDB_PAGING_WALKS", 400);
  clock_.RepeatOften(/*seed=*/11, /*repeat_percent=*/85);
  pages_checked = 0;
  for (int seed = 1; seed <= walks; ++seed) {
    Kind kind = seed % 2 == 0 ? Kind::kTokens : Kind::kGateways;
    Sequence sequence(db_, static_cast<uint64_t>(5000 + seed), kind);
    int records = 10 + static_cast<int>(sequence.Pick(30));
    for (int i = 0; i < records; ++i) sequence.Create();
    for (int i = 0; i < 4; ++i) sequence.Delete();
    sequence.Walk(/*backwards=*/seed % 3 == 0);
    ASSERT_FALSE(HasFailure()) << "walk seed " << seed;
  }
  printf("compared %zu pages with the model\n", pages_checked);
}

// All records in one microsecond: the order falls back to the id alone.
TEST_F(PagingModelTest, SameMicrosecondOrdersById) {
  for (Kind kind : {Kind::kTokens, Kind::kGateways}) {
    Sequence sequence(db_, kind == Kind::kTokens ? 9001 : 9002, kind);
    for (int i = 0; i < 40; ++i) sequence.Create();
    for (int i = 0; i < 5; ++i) sequence.Delete();
    sequence.CheckEveryQuery();
    ASSERT_FALSE(HasFailure());
  }
}

// More records than the default page size of 100.
TEST_F(PagingModelTest, DefaultCountIsOneHundred) {
  clock_.RepeatOften(/*seed=*/3, /*repeat_percent=*/50);
  Sequence sequence(db_, 9100, Kind::kGateways);
  for (int i = 0; i < 230; ++i) sequence.Create();
  for (bool descending : {false, true}) {
    for (bool prev : {false, true}) {
      Query query;
      query.descending = descending;
      query.prev = prev;
      Page page = sequence.CheckList(query);
      EXPECT_EQ(page.ids.size(), 100u);
      query.offset = prev ? page.prev : page.next;
      Page second = sequence.CheckList(query);
      EXPECT_EQ(second.ids.size(), 100u);
      query.offset = prev ? second.prev : second.next;
      Page third = sequence.CheckList(query);
      EXPECT_EQ(third.ids.size(), 30u);
    }
  }
  Query full;
  full.count = 1000;
  EXPECT_EQ(sequence.CheckList(full).ids.size(), 230u);
}

class TombstoneRetention : public StoreTest {
 protected:
  static constexpr int64_t kRetentionUs = 1000;

  void SetUp() override {
    StoreTest::SetUp();
    gwdb_options options = DefaultOptions();
    options.tombstone_retention_us = kRetentionUs;
    Reopen(options);
  }
};

TEST_F(TombstoneRetention, DeletedOffsetExpires) {
  for (Kind kind : {Kind::kTokens, Kind::kGateways}) {
    SCOPED_TRACE(kind == Kind::kTokens ? "tokens" : "gateways");
    Sequence sequence(db_, kind == Kind::kTokens ? 1 : 2, kind);
    for (int i = 0; i < 5; ++i) {
      clock_.Advance(10);
      sequence.Create();
    }
    std::vector<std::string> live = sequence.model().Ids(true);
    std::string victim = live[live.size() / 2];
    ASSERT_EQ(sequence.Delete(victim), victim);

    Query query;
    query.offset = victim;
    query.count = 2;
    clock_.Advance(kRetentionUs / 2);
    sequence.CheckList(query);
    query.prev = true;
    sequence.CheckList(query);

    clock_.Advance(kRetentionUs);
    Reply reply = sequence.List(query);
    ExpectError(reply, 400, "invalid_request", {"offset"});
    query.prev = false;
    query.offset.reset();
    sequence.CheckList(query);
  }
}

TEST_F(TombstoneRetention, DeletedOffsetSurvivesReopen) {
  Sequence sequence(db_, 3, Kind::kGateways);
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(10);
    sequence.Create();
  }
  std::string victim = sequence.model().Ids(true)[1];
  ASSERT_EQ(sequence.Delete(victim), victim);

  gwdb_options options = DefaultOptions();
  options.tombstone_retention_us = kRetentionUs;
  Reopen(options);
  sequence.set_db(db_);
  clock_.Advance(kRetentionUs / 2);
  Query query;
  query.offset = victim;
  sequence.CheckList(query);
}

}  // namespace
}  // namespace gwdb_test
