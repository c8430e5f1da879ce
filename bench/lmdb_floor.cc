#include "lmdb_floor.h"

#include <lmdb.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gwdb_bench {
namespace {

constexpr size_t kIdBytes = 16;
constexpr uint16_t kNullLength = 0xFFFF;
constexpr uint8_t kStatusActive = 1;

void Check(int rc, const char* operation) {
  if (rc != MDB_SUCCESS) {
    throw std::runtime_error(std::string("LMDB floor: ") + operation +
                             " failed: " + mdb_strerror(rc));
  }
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a hyphenated UUID into 16 bytes; returns false when malformed.
bool ParseUuid(const std::string& text, uint8_t* out) {
  if (text.size() != 36) return false;
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
      ++i;
      continue;
    }
    int high = HexValue(text[i]);
    int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return false;
    out[byte++] = static_cast<uint8_t>(high << 4 | low);
    i += 2;
  }
  return true;
}

std::string FormatUuid(const uint8_t* bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < kIdBytes; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

// Returns the record key: team NUL | created_at big-endian | id bytes.
std::string MakeKey(const std::string& team, int64_t created_at,
                    const uint8_t* id) {
  std::string key = team;
  key.push_back('\0');
  // Timestamps are positive here, so the big-endian bytes sort in time order.
  uint64_t time = static_cast<uint64_t>(created_at);
  for (int shift = 56; shift >= 0; shift -= 8) {
    key.push_back(static_cast<char>(time >> shift));
  }
  key.append(reinterpret_cast<const char*>(id), kIdBytes);
  return key;
}

void AppendString(std::string& out, const std::string& text, bool nullable) {
  uint16_t length = static_cast<uint16_t>(text.size());
  if (nullable && text.empty()) length = kNullLength;
  out.append(reinterpret_cast<const char*>(&length), sizeof(length));
  out.append(text);
}

// Encodes a record: status, refuse_connections, name (first, so a contains
// filter reads it without decoding the rest), then the optional strings
// and the labels.
std::string EncodeRecord(const Gateway& gateway, const LabelSet& labels) {
  std::string out;
  out.push_back(static_cast<char>(kStatusActive));
  out.push_back(0);
  AppendString(out, gateway.name, false);
  AppendString(out, gateway.description, true);
  AppendString(out, gateway.access_address, true);
  AppendString(out, gateway.default_address, true);
  AppendString(out, gateway.cloud_provider, true);
  out.push_back(static_cast<char>(labels.labels.size()));
  for (const Label& label : labels.labels) {
    AppendString(out, label.first, false);
    AppendString(out, label.second, false);
  }
  return out;
}

std::string_view RecordName(const MDB_val& value) {
  const char* bytes = static_cast<const char*>(value.mv_data);
  uint16_t length;
  std::memcpy(&length, bytes + 2, sizeof(length));
  return std::string_view(bytes + 4, length);
}

// ASCII case-insensitive substring test; `needle` is lower case.
bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  size_t last = haystack.size() - needle.size();
  for (size_t i = 0; i <= last; ++i) {
    size_t j = 0;
    while (j < needle.size()) {
      char c = haystack[i + j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != needle[j]) break;
      ++j;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

std::string FoldCase(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// An LMDB environment with the floor's three databases.
class FloorEnv {
 public:
  explicit FloorEnv(const std::string& directory) : directory_(directory) {
    Check(mdb_env_create(&env_), "mdb_env_create");
    // 8 GiB fits the full data set (about 0.8 GiB) ten times over.
    Check(mdb_env_set_mapsize(env_, size_t{8} << 30), "mdb_env_set_mapsize");
    Check(mdb_env_set_maxdbs(env_, 4), "mdb_env_set_maxdbs");
    Check(mdb_env_set_maxreaders(env_, 126), "mdb_env_set_maxreaders");
    Check(mdb_env_open(env_, directory.c_str(), MDB_NOTLS | MDB_NORDAHEAD,
                       0600),
          "mdb_env_open");

    MDB_txn* txn;
    Check(mdb_txn_begin(env_, nullptr, 0, &txn), "mdb_txn_begin");
    Check(mdb_dbi_open(txn, "records", MDB_CREATE, &records_), "open records");
    Check(mdb_dbi_open(txn, "ids", MDB_CREATE, &ids_), "open ids");
    Check(mdb_dbi_open(txn, "statuses", MDB_CREATE, &statuses_),
          "open statuses");
    Check(mdb_txn_commit(txn), "mdb_txn_commit");
  }
  ~FloorEnv() { mdb_env_close(env_); }
  FloorEnv(const FloorEnv&) = delete;
  FloorEnv& operator=(const FloorEnv&) = delete;

  MDB_env* env() const { return env_; }
  MDB_dbi records() const { return records_; }
  MDB_dbi ids() const { return ids_; }
  MDB_dbi statuses() const { return statuses_; }
  const std::string& directory() const { return directory_; }

  // Stores one gateway and its id index entry inside `txn`.
  void Put(MDB_txn* txn, const std::string& team, int64_t created_at,
           const Gateway& gateway, const LabelSet& labels) const {
    uint8_t id[kIdBytes];
    if (!ParseUuid(gateway.id, id)) {
      throw std::runtime_error("LMDB floor: malformed id " + gateway.id);
    }
    std::string key = MakeKey(team, created_at, id);
    std::string record = EncodeRecord(gateway, labels);

    MDB_val key_val{key.size(), key.data()};
    MDB_val record_val{record.size(), record.data()};
    Check(mdb_put(txn, records_, &key_val, &record_val, 0), "put record");
    MDB_val id_val{kIdBytes, id};
    Check(mdb_put(txn, ids_, &id_val, &key_val, 0), "put id");
  }

 private:
  std::string directory_;
  MDB_env* env_ = nullptr;
  MDB_dbi records_ = 0;
  MDB_dbi ids_ = 0;
  MDB_dbi statuses_ = 0;
};

class FloorPages : public PageEngine {
 public:
  explicit FloorPages(std::unique_ptr<FloorEnv> env) : env_(std::move(env)) {
    Check(mdb_txn_begin(env_->env(), nullptr, MDB_RDONLY, &txn_),
          "mdb_txn_begin");
    Check(mdb_cursor_open(txn_, env_->records(), &cursor_), "cursor open");
    mdb_txn_reset(txn_);
  }
  ~FloorPages() override {
    mdb_cursor_close(cursor_);
    mdb_txn_abort(txn_);
  }

  std::string Name() const override { return "floor"; }

  size_t ServePage(const PageQuery& query) override {
    std::string error;
    size_t bytes = 0;
    Walk(query, &error);
    for (size_t i = 0; i < page_size_; ++i) bytes += page_[i].second.mv_size;
    mdb_txn_reset(txn_);
    return bytes;
  }

  bool ReadPage(const PageQuery& query, PageResult* result,
                std::string* error) override {
    *result = PageResult();
    bool more = Walk(query, error);
    for (size_t i = 0; i < page_size_; ++i) {
      const MDB_val& key = page_[i].first;
      const uint8_t* bytes = static_cast<const uint8_t*>(key.mv_data);
      result->ids.push_back(FormatUuid(bytes + key.mv_size - kIdBytes));
    }
    if (more) result->next_offset = result->ids.back();
    mdb_txn_reset(txn_);
    return error->empty();
  }

  StoreSize Size() override {
    MDB_envinfo info;
    MDB_stat stat;
    mdb_env_info(env_->env(), &info);
    mdb_env_stat(env_->env(), &stat);
    StoreSize size;
    size.file_bytes = DirectoryBytes(env_->directory());
    size.used_bytes = (info.me_last_pgno + 1) * uint64_t{stat.ms_psize};
    return size;
  }

 private:
  // Positions the cursor on the first record the walk visits. Returns the
  // LMDB result of that positioning.
  int Seek(const PageQuery& query, const std::string& prefix, bool backward,
           MDB_val* key, MDB_val* value, std::string* error) {
    MDB_cursor_op step = backward ? MDB_PREV : MDB_NEXT;
    if (!query.offset.empty()) {
      uint8_t id[kIdBytes];
      MDB_val id_val{kIdBytes, id};
      MDB_val position;
      bool found = ParseUuid(query.offset, id) &&
                   mdb_get(txn_, env_->ids(), &id_val, &position) == 0 &&
                   position.mv_size > prefix.size() &&
                   std::memcmp(position.mv_data, prefix.data(),
                               prefix.size()) == 0;
      if (!found) {
        *error = "offset " + query.offset + " is not a gateway of team " +
                 query.team;
        return MDB_NOTFOUND;
      }
      *key = position;
      int rc = mdb_cursor_get(cursor_, key, value, MDB_SET_KEY);
      return rc == 0 ? mdb_cursor_get(cursor_, key, value, step) : rc;
    }
    if (!backward) {
      *key = MDB_val{prefix.size(), const_cast<char*>(prefix.data())};
      return mdb_cursor_get(cursor_, key, value, MDB_SET_RANGE);
    }
    // Just past the team's last key: the team name followed by byte 1.
    std::string end = prefix;
    end.back() = '\x01';
    *key = MDB_val{end.size(), end.data()};
    int rc = mdb_cursor_get(cursor_, key, value, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return mdb_cursor_get(cursor_, key, value, MDB_LAST);
    return rc == 0 ? mdb_cursor_get(cursor_, key, value, MDB_PREV) : rc;
  }

  // Fills page_ with the page's records in list order. Returns whether a
  // matching record follows the page (looked for only without prev).
  bool Walk(const PageQuery& query, std::string* error) {
    Check(mdb_txn_renew(txn_), "mdb_txn_renew");
    Check(mdb_cursor_renew(txn_, cursor_), "mdb_cursor_renew");
    page_size_ = 0;
    WalkPlan plan = PlanWalk(query);
    std::string prefix = query.team;
    prefix.push_back('\0');
    std::string needle = FoldCase(query.contains);

    MDB_val key, value;
    int rc = Seek(query, prefix, plan.backward, &key, &value, error);
    MDB_cursor_op step = plan.backward ? MDB_PREV : MDB_NEXT;
    bool more = false;
    for (; rc == 0; rc = mdb_cursor_get(cursor_, &key, &value, step)) {
      if (key.mv_size <= prefix.size() ||
          std::memcmp(key.mv_data, prefix.data(), prefix.size()) != 0) {
        break;
      }
      const uint8_t* record = static_cast<const uint8_t*>(value.mv_data);
      if (query.active_only && record[0] != kStatusActive) continue;
      if (!needle.empty() && !ContainsFolded(RecordName(value), needle)) {
        continue;
      }
      if (page_size_ == query.count) {
        more = true;
        break;
      }
      page_[page_size_++] = {key, value};
      if (query.prev && page_size_ == query.count) break;
    }
    if (plan.reverse) std::reverse(page_.begin(), page_.begin() + page_size_);
    return more;
  }

  std::unique_ptr<FloorEnv> env_;
  MDB_txn* txn_ = nullptr;
  MDB_cursor* cursor_ = nullptr;
  std::array<std::pair<MDB_val, MDB_val>, 1000> page_;
  size_t page_size_ = 0;
};

class FloorWriter : public Writer {
 public:
  explicit FloorWriter(const FloorEnv& env) : env_(env) {
    labels_.labels.emplace_back(kWriteLabelKey, kWriteLabelValue);
  }

  void Register(const Gateway& gateway) override {
    MDB_txn* txn;
    Check(mdb_txn_begin(env_.env(), nullptr, 0, &txn), "mdb_txn_begin");
    env_.Put(txn, kWriteTeam, NowMicros(), gateway, labels_);
    Check(mdb_txn_commit(txn), "mdb_txn_commit");
  }

  void ReportStatus(const std::string& id,
                    uint64_t active_connections) override {
    uint8_t id_bytes[kIdBytes];
    if (!ParseUuid(id, id_bytes)) {
      throw std::runtime_error("LMDB floor: malformed id " + id);
    }
    MDB_txn* txn;
    Check(mdb_txn_begin(env_.env(), nullptr, 0, &txn), "mdb_txn_begin");
    MDB_val id_val{kIdBytes, id_bytes};
    MDB_val position;
    int rc = mdb_get(txn, env_.ids(), &id_val, &position);
    if (rc != 0) mdb_txn_abort(txn);
    Check(rc, "looking up the gateway of a status report");

    // online flag, three counters and the time, in host byte order.
    std::array<uint64_t, 5> report = {
        1, active_connections, uint64_t{1} << 40, uint64_t{1} << 30,
        static_cast<uint64_t>(NowMicros())};
    MDB_val report_val{sizeof(report), report.data()};
    Check(mdb_put(txn, env_.statuses(), &id_val, &report_val, 0),
          "put status");
    Check(mdb_txn_commit(txn), "mdb_txn_commit");
  }

  void BulkImport(std::span<const Gateway> gateways) override {
    MDB_txn* txn;
    Check(mdb_txn_begin(env_.env(), nullptr, 0, &txn), "mdb_txn_begin");
    int64_t now = NowMicros();
    for (const Gateway& gateway : gateways) {
      env_.Put(txn, kWriteTeam, now, gateway, labels_);
    }
    Check(mdb_txn_commit(txn), "mdb_txn_commit");
  }

 private:
  const FloorEnv& env_;
  LabelSet labels_;
};

class FloorWrites : public WriteEngine {
 public:
  FloorWrites(std::unique_ptr<FloorEnv> env, std::vector<std::string> ids)
      : env_(std::move(env)), seed_ids_(std::move(ids)) {}

  std::string Name() const override { return "floor"; }
  std::unique_ptr<Writer> OpenWriter() override {
    return std::make_unique<FloorWriter>(*env_);
  }
  const std::vector<std::string>& SeedIds() const override {
    return seed_ids_;
  }

 private:
  std::unique_ptr<FloorEnv> env_;
  std::vector<std::string> seed_ids_;
};

}  // namespace

std::unique_ptr<PageEngine> LoadFloor(const Dataset& data,
                                      const std::string& directory) {
  auto env = std::make_unique<FloorEnv>(directory);
  constexpr size_t kBatch = 100000;
  for (size_t start = 0; start < data.gateways.size(); start += kBatch) {
    MDB_txn* txn;
    Check(mdb_txn_begin(env->env(), nullptr, 0, &txn), "mdb_txn_begin");
    size_t end = std::min(data.gateways.size(), start + kBatch);
    for (size_t i = start; i < end; ++i) {
      const Gateway& gateway = data.gateways[i];
      env->Put(txn, data.teams[gateway.team].name, gateway.created_at_us,
               gateway, data.label_sets[gateway.label_set]);
    }
    Check(mdb_txn_commit(txn), "mdb_txn_commit");
  }
  return std::make_unique<FloorPages>(std::move(env));
}

std::unique_ptr<WriteEngine> OpenFloorWrites(const std::string& directory,
                                             std::span<const Gateway> seeds) {
  auto env = std::make_unique<FloorEnv>(directory);
  std::vector<std::string> ids;
  FloorWriter writer(*env);
  for (const Gateway& gateway : seeds) {
    writer.Register(gateway);
    ids.push_back(gateway.id);
  }
  return std::make_unique<FloorWrites>(std::move(env), std::move(ids));
}

}  // namespace gwdb_bench
