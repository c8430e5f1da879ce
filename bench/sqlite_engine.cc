#include "sqlite_engine.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gwdb_bench {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE gateways (
  id TEXT NOT NULL UNIQUE,
  team TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  access_address TEXT,
  default_address TEXT,
  cloud_provider TEXT,
  labels TEXT NOT NULL,
  refuse_connections INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL);
CREATE INDEX gateways_by_team ON gateways (team, created_at, id);
CREATE INDEX gateways_by_team_status
  ON gateways (team, status, created_at, id);
CREATE TABLE gateway_statuses (
  gateway_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  active_connections INTEGER NOT NULL,
  total_storage_bytes INTEGER NOT NULL,
  used_storage_bytes INTEGER NOT NULL,
  updated_at INTEGER NOT NULL) WITHOUT ROWID;
)sql";

constexpr char kInsertGateway[] =
    "INSERT INTO gateways (id, team, created_at, name, description, "
    "access_address, default_address, cloud_provider, labels, status) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'ACTIVE')";

constexpr char kUpsertStatus[] =
    "INSERT INTO gateway_statuses (gateway_id, status, active_connections, "
    "total_storage_bytes, used_storage_bytes, updated_at) "
    "SELECT ?1, 'ONLINE', ?2, ?3, ?4, ?5 "
    "WHERE EXISTS (SELECT 1 FROM gateways WHERE id = ?1 AND team = ?6) "
    "ON CONFLICT (gateway_id) DO UPDATE SET status = excluded.status, "
    "active_connections = excluded.active_connections, "
    "total_storage_bytes = excluded.total_storage_bytes, "
    "used_storage_bytes = excluded.used_storage_bytes, "
    "updated_at = excluded.updated_at";

constexpr char kFindOffset[] =
    "SELECT created_at FROM gateways WHERE id = ?1 AND team = ?2";

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
  }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

[[noreturn]] void Fail(sqlite3* db, const std::string& operation) {
  throw std::runtime_error("SQLite: " + operation + " failed: " +
                           (db ? sqlite3_errmsg(db) : "out of memory"));
}

void Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) !=
      SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw std::runtime_error("SQLite: statement failed: " + sql + ": " +
                             text);
  }
}

// Opens `path` with the settings a careful user would choose: WAL, a 64 MiB
// page cache, reads through mmap, and `synchronous` as given.
Connection Open(const std::string& path, const char* synchronous) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
              SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) Fail(raw, "opening " + path);

  sqlite3_busy_timeout(db.get(), 60000);
  Exec(db.get(), "PRAGMA journal_mode = WAL");
  Exec(db.get(), std::string("PRAGMA synchronous = ") + synchronous);
  Exec(db.get(), "PRAGMA cache_size = -65536");
  Exec(db.get(), "PRAGMA mmap_size = 17179869184");
  return db;
}

Statement Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw,
                         nullptr) != SQLITE_OK) {
    Fail(db, "preparing " + sql);
  }
  return Statement(raw);
}

void BindText(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(),
                    static_cast<int>(text.size()), SQLITE_STATIC);
}

// Binds `text`, or NULL when it is empty.
void BindOptional(sqlite3_stmt* statement, int index,
                  const std::string& text) {
  if (text.empty()) {
    sqlite3_bind_null(statement, index);
  } else {
    BindText(statement, index, text);
  }
}

void StepDone(sqlite3* db, sqlite3_stmt* statement, const char* operation) {
  int rc = sqlite3_step(statement);
  sqlite3_reset(statement);
  if (rc != SQLITE_DONE) Fail(db, operation);
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string LabelsJson(const LabelSet& set) {
  nlohmann::json labels = nlohmann::json::object();
  for (const Label& label : set.labels) labels[label.first] = label.second;
  return labels.dump();
}

void InsertGateway(sqlite3* db, sqlite3_stmt* insert, const Gateway& gateway,
                   const std::string& team, int64_t created_at,
                   const std::string& labels_json) {
  BindText(insert, 1, gateway.id);
  BindText(insert, 2, team);
  sqlite3_bind_int64(insert, 3, created_at);
  BindText(insert, 4, gateway.name);
  BindOptional(insert, 5, gateway.description);
  BindOptional(insert, 6, gateway.access_address);
  BindOptional(insert, 7, gateway.default_address);
  BindOptional(insert, 8, gateway.cloud_provider);
  BindText(insert, 9, labels_json);
  StepDone(db, insert, "inserting a gateway");
}

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteColumnOrNull(JsonWriter& writer, sqlite3_stmt* statement,
                       int column) {
  if (sqlite3_column_type(statement, column) == SQLITE_NULL) {
    writer.Null();
    return;
  }
  const char* text =
      reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  writer.String(text, static_cast<rapidjson::SizeType>(
                          sqlite3_column_bytes(statement, column)));
}

void WriteColumn(JsonWriter& writer, sqlite3_stmt* statement, int column) {
  const char* text =
      reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  writer.String(text, static_cast<rapidjson::SizeType>(
                          sqlite3_column_bytes(statement, column)));
}

std::string ColumnText(sqlite3_stmt* statement, int column) {
  const char* text =
      reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return std::string(text, sqlite3_column_bytes(statement, column));
}

// Columns of the page statement, in select order.
enum PageColumn {
  kId, kCreatedAt, kName, kDescription, kAccessAddress, kDefaultAddress,
  kCloudProvider, kLabels, kRefuseConnections, kStatus
};

// Writes the current row as the API's gateway object with RapidJSON's
// streaming writer, the library gatewaydb renders with. The labels column
// already holds a JSON object, so it is copied in as it is.
void WriteRowAsGateway(JsonWriter& writer, sqlite3_stmt* row) {
  writer.StartObject();
  writer.Key("access_address");
  WriteColumnOrNull(writer, row, kAccessAddress);
  writer.Key("cloud_provider");
  WriteColumnOrNull(writer, row, kCloudProvider);
  writer.Key("created_at");
  const std::string created_at =
      FormatTimestamp(sqlite3_column_int64(row, kCreatedAt));
  writer.String(created_at.c_str(),
                static_cast<rapidjson::SizeType>(created_at.size()));
  writer.Key("default_address");
  WriteColumnOrNull(writer, row, kDefaultAddress);
  writer.Key("description");
  WriteColumnOrNull(writer, row, kDescription);
  writer.Key("id");
  WriteColumn(writer, row, kId);
  writer.Key("labels");
  const char* labels =
      reinterpret_cast<const char*>(sqlite3_column_text(row, kLabels));
  writer.RawValue(labels, sqlite3_column_bytes(row, kLabels),
                  rapidjson::kObjectType);
  writer.Key("name");
  WriteColumn(writer, row, kName);
  writer.Key("refuse_connections");
  writer.Bool(sqlite3_column_int(row, kRefuseConnections) != 0);
  writer.Key("status");
  WriteColumn(writer, row, kStatus);
  writer.EndObject();
}

// Escapes LIKE wildcards so `contains` matches literally.
std::string LikePattern(const std::string& contains) {
  std::string pattern = "%";
  for (char c : contains) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

class SqlitePages : public PageEngine {
 public:
  SqlitePages(Connection db, std::string directory)
      : db_(std::move(db)),
        directory_(std::move(directory)),
        find_offset_(Prepare(db_.get(), kFindOffset)) {}

  std::string Name() const override { return "sqlite"; }

  size_t ServePage(const PageQuery& query) override {
    std::string error;
    return RunPage(query, nullptr, &error);
  }

  bool ReadPage(const PageQuery& query, PageResult* result,
                std::string* error) override {
    *result = PageResult();
    RunPage(query, result, error);
    return error->empty();
  }

  StoreSize Size() override {
    StoreSize size;
    size.file_bytes = DirectoryBytes(directory_);
    size.used_bytes = PragmaValue("page_size") *
                      (PragmaValue("page_count") -
                       PragmaValue("freelist_count"));
    return size;
  }

 private:
  static constexpr int kBackward = 1, kAfterOffset = 2, kActive = 4,
                       kContains = 8;

  uint64_t PragmaValue(const char* name) {
    Statement pragma = Prepare(db_.get(), std::string("PRAGMA ") + name);
    uint64_t value = 0;
    if (sqlite3_step(pragma.get()) == SQLITE_ROW) {
      value = static_cast<uint64_t>(sqlite3_column_int64(pragma.get(), 0));
    }
    return value;
  }

  // Returns the keyset query for one combination of walk direction, offset
  // and filters, preparing it on first use.
  sqlite3_stmt* PageStatement(int shape) {
    Statement& slot = pages_[shape];
    if (slot) return slot.get();

    std::string sql =
        "SELECT id, created_at, name, description, access_address, "
        "default_address, cloud_provider, labels, refuse_connections, status "
        "FROM gateways WHERE team = ?1";
    if (shape & kActive) sql += " AND status = 'ACTIVE'";
    if (shape & kAfterOffset) {
      sql += (shape & kBackward) ? " AND (created_at, id) < (?2, ?3)"
                                 : " AND (created_at, id) > (?2, ?3)";
    }
    if (shape & kContains) sql += " AND name LIKE ?4 ESCAPE '\\'";
    sql += (shape & kBackward) ? " ORDER BY created_at DESC, id DESC"
                               : " ORDER BY created_at, id";
    sql += " LIMIT ?5";
    slot = Prepare(db_.get(), sql);
    return slot.get();
  }

  // Looks up the offset's created_at; returns false when the id is not a
  // gateway of the team.
  bool FindOffset(const PageQuery& query, int64_t* created_at) {
    sqlite3_stmt* find = find_offset_.get();
    BindText(find, 1, query.offset);
    BindText(find, 2, query.team);
    bool found = sqlite3_step(find) == SQLITE_ROW;
    if (found) *created_at = sqlite3_column_int64(find, 0);
    sqlite3_reset(find);
    return found;
  }

  // Serves the page: keyset query plus JSON rendering. Fills `result` when
  // it is not null and returns the body's size.
  size_t RunPage(const PageQuery& query, PageResult* result,
                 std::string* error) {
    WalkPlan plan = PlanWalk(query);
    int shape = (plan.backward ? kBackward : 0) |
                (query.offset.empty() ? 0 : kAfterOffset) |
                (query.active_only ? kActive : 0) |
                (query.contains.empty() ? 0 : kContains);
    int64_t offset_created_at = 0;
    if (!query.offset.empty() && !FindOffset(query, &offset_created_at)) {
      *error = "offset " + query.offset + " is not a gateway of team " +
               query.team;
      return 0;
    }

    sqlite3_stmt* page = PageStatement(shape);
    BindText(page, 1, query.team);
    if (shape & kAfterOffset) {
      sqlite3_bind_int64(page, 2, offset_created_at);
      BindText(page, 3, query.offset);
    }
    std::string pattern;
    if (shape & kContains) {
      pattern = LikePattern(query.contains);
      BindText(page, 4, pattern);
    }
    // One extra row shows whether a next page exists.
    sqlite3_bind_int(page, 5, static_cast<int>(query.count) + (query.prev ? 0 : 1));

    // Rows come in walk order; a backward walk is rendered in reverse, so
    // each row is rendered on its own first.
    std::vector<std::string> items;
    std::vector<std::string> ids;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(page)) == SQLITE_ROW) {
      if (items.size() == query.count) {
        more = true;
        break;
      }
      rapidjson::StringBuffer item;
      JsonWriter item_writer(item);
      WriteRowAsGateway(item_writer, page);
      items.emplace_back(item.GetString(), item.GetSize());
      ids.push_back(ColumnText(page, kId));
    }
    sqlite3_reset(page);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      *error = sqlite3_errmsg(db_.get());
      return 0;
    }

    if (plan.reverse) {
      std::reverse(items.begin(), items.end());
      std::reverse(ids.begin(), ids.end());
    }
    rapidjson::StringBuffer body;
    JsonWriter writer(body);
    writer.StartObject();
    writer.Key("list");
    writer.StartArray();
    for (const std::string& item : items) {
      writer.RawValue(item.data(), item.size(), rapidjson::kObjectType);
    }
    writer.EndArray();
    writer.EndObject();
    std::string text(body.GetString(), body.GetSize());
    if (result) {
      result->ids = std::move(ids);
      if (more) result->next_offset = result->ids.back();
      result->body = text;
    }
    return text.size();
  }

  Connection db_;
  std::string directory_;
  Statement find_offset_;
  std::array<Statement, 16> pages_;
};

class SqliteWriter : public Writer {
 public:
  explicit SqliteWriter(const std::string& path)
      : db_(Open(path, "FULL")),
        insert_(Prepare(db_.get(), kInsertGateway)),
        upsert_status_(Prepare(db_.get(), kUpsertStatus)),
        labels_json_(LabelsJson(
            {{{kWriteLabelKey, kWriteLabelValue}}})) {}

  void Register(const Gateway& gateway) override {
    InsertGateway(db_.get(), insert_.get(), gateway, kWriteTeam, NowMicros(),
                  labels_json_);
  }

  void ReportStatus(const std::string& id,
                    uint64_t active_connections) override {
    sqlite3_stmt* upsert = upsert_status_.get();
    BindText(upsert, 1, id);
    sqlite3_bind_int64(upsert, 2, static_cast<int64_t>(active_connections));
    sqlite3_bind_int64(upsert, 3, int64_t{1} << 40);
    sqlite3_bind_int64(upsert, 4, int64_t{1} << 30);
    sqlite3_bind_int64(upsert, 5, NowMicros());
    sqlite3_bind_text(upsert, 6, kWriteTeam, -1, SQLITE_STATIC);
    StepDone(db_.get(), upsert, "storing a status report");
  }

  void BulkImport(std::span<const Gateway> gateways) override {
    Exec(db_.get(), "BEGIN IMMEDIATE");
    int64_t now = NowMicros();
    for (const Gateway& gateway : gateways) {
      InsertGateway(db_.get(), insert_.get(), gateway, kWriteTeam, now,
                    labels_json_);
    }
    Exec(db_.get(), "COMMIT");
  }

 private:
  Connection db_;
  Statement insert_;
  Statement upsert_status_;
  std::string labels_json_;
};

class SqliteWrites : public WriteEngine {
 public:
  SqliteWrites(std::string path, std::vector<std::string> seed_ids)
      : path_(std::move(path)), seed_ids_(std::move(seed_ids)) {}

  std::string Name() const override { return "sqlite"; }
  std::unique_ptr<Writer> OpenWriter() override {
    return std::make_unique<SqliteWriter>(path_);
  }
  const std::vector<std::string>& SeedIds() const override {
    return seed_ids_;
  }

 private:
  std::string path_;
  std::vector<std::string> seed_ids_;
};

}  // namespace

std::unique_ptr<PageEngine> LoadSqlite(const Dataset& data,
                                       const std::string& directory) {
  std::string path = directory + "/gateways.sqlite";
  Connection db = Open(path, "OFF");
  Exec(db.get(), kSchema);

  std::vector<std::string> labels_json;
  for (const LabelSet& set : data.label_sets) {
    labels_json.push_back(LabelsJson(set));
  }
  Statement insert = Prepare(db.get(), kInsertGateway);
  constexpr size_t kBatch = 100000;
  for (size_t start = 0; start < data.gateways.size(); start += kBatch) {
    Exec(db.get(), "BEGIN");
    size_t end = std::min(data.gateways.size(), start + kBatch);
    for (size_t i = start; i < end; ++i) {
      const Gateway& gateway = data.gateways[i];
      InsertGateway(db.get(), insert.get(), gateway,
                    data.teams[gateway.team].name, gateway.created_at_us,
                    labels_json[gateway.label_set]);
    }
    Exec(db.get(), "COMMIT");
  }
  insert.reset();

  // A careful user gives the planner statistics and folds the WAL back.
  Exec(db.get(), "ANALYZE");
  Exec(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
  Exec(db.get(), "PRAGMA synchronous = NORMAL");
  return std::make_unique<SqlitePages>(std::move(db), directory);
}

std::unique_ptr<WriteEngine> OpenSqliteWrites(
    const std::string& directory, std::span<const Gateway> seeds) {
  std::string path = directory + "/writes.sqlite";
  std::vector<std::string> seed_ids;
  {
    Connection db = Open(path, "FULL");
    Exec(db.get(), kSchema);
  }
  SqliteWriter writer(path);
  for (const Gateway& gateway : seeds) {
    writer.Register(gateway);
    seed_ids.push_back(gateway.id);
  }
  return std::make_unique<SqliteWrites>(path, std::move(seed_ids));
}

}  // namespace gwdb_bench
