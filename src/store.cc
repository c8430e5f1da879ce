#include "store.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "errors.h"
#include "page_audit.h"
#include "status_macros.h"
#include "token_secret.h"
#include "time_format.h"

namespace gwdb {
namespace {

constexpr absl::string_view kFormatVersionKey = "format_version";
constexpr absl::string_view kNextTeamIdKey = "next_team_id";
// Writes committed in one LMDB transaction at most, which keeps a batch
// well inside LMDB's limit on dirty pages per transaction.
constexpr size_t kMaxWritesPerTxn = 2048;
// Bytes of map kept back beyond map_size_max for deletes, at least.
constexpr uint64_t kMinDeleteReserve = uint64_t{1} << 20;
// Pages a write that uses space must leave free below map_size_max: room
// for one ordinary write's copied pages.
constexpr uint64_t kRoomHeadroomPages = 32;
// Expired tombstones removed per write, so that purging never makes one
// write slow.
constexpr int kTombstonesPurgedPerWrite = 16;

absl::Status MakeDirectory(const std::string& path, bool read_only) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return absl::OkStatus();
    return absl::InternalError(
        absl::StrCat("cannot open store ", Quote(path, path.size()),
                     ": the path exists and is not a directory"));
  }
  if (read_only) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open store ", Quote(path, path.size()),
        " read-only: the directory does not exist"));
  }
  if (mkdir(path.c_str(), 0700) != 0) {
    return absl::InternalError(absl::StrCat("cannot create directory ",
                                            Quote(path, path.size()), ": ",
                                            std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

Store::Store(MDB_env* env, StoreOptions options, OpenRegistration registration)
    : env_(env),
      options_(std::move(options)),
      owner_pid_(getpid()),
      registration_(std::move(registration)) {}

Store::~Store() { mdb_env_close(env_); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                                   StoreOptions options) {
  GWDB_RETURN_IF_ERROR(MakeDirectory(path, options.read_only));
  GWDB_ASSIGN_OR_RETURN(OpenRegistration registration,
                        OpenRegistration::Register(path));
  // A truncated data file makes LMDB fault on first access, so its meta
  // pages and size are checked before LMDB maps it.
  // TODO: offer an open option that runs the full AuditDataFile here; a
  // damaged branch page can still crash a reader that skips gwdb_check.
  const std::string data_path = path + "/data.mdb";
  struct stat data_info;
  if (stat(data_path.c_str(), &data_info) == 0) {
    GWDB_RETURN_IF_ERROR(CheckDataFileBounds(data_path));
  }

  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc != 0) return LmdbError(rc, "creating the LMDB environment");
  std::unique_ptr<Store> store(
      new Store(env, std::move(options), std::move(registration)));
  // LMDB sizes the map in whole pages, so map_size_max is rounded up to
  // one, as the header promises and as gwdb_stats then reports it.
  const uint64_t page_size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  uint64_t& map_size_max = store->options_.map_size_max;
  if (map_size_max % page_size != 0 &&
      map_size_max <= UINT64_MAX - page_size) {
    map_size_max += page_size - map_size_max % page_size;
  }
  const StoreOptions& opts = store->options_;

  // The map is larger than map_size_max by a reserve that only deletes may
  // use, so that a full store can still be emptied.
  const uint64_t reserve =
      std::max<uint64_t>(kMinDeleteReserve, opts.map_size_max / 32);
  rc = mdb_env_set_maxdbs(env, 16);
  if (rc == 0) rc = mdb_env_set_mapsize(env, opts.map_size_max + reserve);
  if (rc == 0) rc = mdb_env_set_maxreaders(env, opts.max_readers);
  if (rc != 0) return LmdbError(rc, "configuring the LMDB environment");

  const unsigned flags = MDB_NOTLS | (opts.read_only ? MDB_RDONLY : 0) |
                         (opts.no_sync ? MDB_NOSYNC : 0);
  rc = mdb_env_open(env, path.c_str(), flags, 0600);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot open store ", Quote(path, path.size()),
                                            ": ", mdb_strerror(rc)));
  }
  // Reclaim reader slots left behind by processes that died.
  int dead_readers = 0;
  mdb_reader_check(env, &dead_readers);

  absl::Status initialized = store->InitializeDatabases();
  if (!initialized.ok()) {
    return absl::Status(initialized.code(),
                        absl::StrCat("cannot open store ", Quote(path, path.size()), ": ",
                                     initialized.message()));
  }
  return store;
}

absl::Status Store::InitializeDatabases() {
  const bool read_only = options_.read_only;
  GWDB_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(env_, !read_only));

  MDB_dbi main_dbi;
  int rc = mdb_dbi_open(txn.get(), nullptr, 0, &main_dbi);
  if (rc != 0) return LmdbError(rc, "opening the main database");
  MDB_dbi meta;
  rc = mdb_dbi_open(txn.get(), "meta", 0, &meta);
  if (rc == MDB_NOTFOUND) {
    MDB_stat stat;
    mdb_stat(txn.get(), main_dbi, &stat);
    if (stat.ms_entries != 0) {
      return absl::InternalError(
          "the LMDB file is not a gatewaydb store (no meta database)");
    }
    if (read_only) {
      return absl::UnavailableError("the store is empty and read-only");
    }
  } else if (rc != 0) {
    return LmdbError(rc, "opening the meta database");
  }

  const unsigned create = read_only ? 0 : MDB_CREATE;
  const std::pair<const char*, MDB_dbi*> named[] = {
      {"meta", &dbs_.meta},
      {"teams", &dbs_.teams},
      {"records", &dbs_.records},
      {"ids", &dbs_.ids},
      {"status_index", &dbs_.status_index},
      {"gateway_names", &dbs_.gateway_names},
      {"tombstones", &dbs_.tombstones},
      {"tombstone_expiry", &dbs_.tombstone_expiry},
      {"token_values", &dbs_.token_values},
      {"status_reports", &dbs_.status_reports}};
  for (const auto& [name, dbi] : named) {
    rc = mdb_dbi_open(txn.get(), name, create, dbi);
    if (rc != 0) {
      return LmdbError(rc, absl::StrCat("opening database ", name));
    }
  }

  GWDB_ASSIGN_OR_RETURN(auto version,
                        txn.Get(dbs_.meta, ToVal(kFormatVersionKey)));
  if (!version) {
    if (read_only) {
      return absl::InternalError("the store has no format version");
    }
    uint8_t encoded[4];
    PutU32(encoded, kFormatVersion);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.meta, ToVal(kFormatVersionKey),
                                 MDB_val{4, encoded}));
  } else {
    const uint32_t stored =
        version->size() == 4
            ? GetU32(reinterpret_cast<const uint8_t*>(version->data()))
            : 0;
    if (stored == 0 || stored > kFormatVersion) {
      return absl::InternalError(absl::StrCat(
          "the store has on-disk format version ", stored,
          ", but this library reads only versions 1 to ", kFormatVersion,
          "; open it with a newer gatewaydb"));
    }
  }
  return txn.Commit();
}

absl::Status Store::Sync() {
  GWDB_RETURN_IF_ERROR(CheckProcess());
  if (options_.read_only) return absl::OkStatus();
  int rc = mdb_env_sync(env_, 1);
  if (rc != 0) return LmdbError(rc, "flushing the store to disk");
  return absl::OkStatus();
}

int64_t Store::Now() const {
  return options_.clock ? options_.clock() : SystemClockMicros();
}

void Store::Log(int level, const std::string& message) const {
  if (options_.log) options_.log(level, message);
}

absl::Status Store::CheckProcess() const {
  if (getpid() == owner_pid_) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "this store handle was opened by the parent process; open the store "
      "again after fork()");
}

absl::StatusOr<Txn> Store::BeginRead() const {
  GWDB_RETURN_IF_ERROR(CheckProcess());
  return Txn::Begin(env_, false);
}

absl::Status Store::Write(const WriteChange& change, WriteRoom room) {
  return WriteAll({change}, room).front();
}

absl::Status Store::CheckRoom() const {
  MDB_envinfo info;
  MDB_stat stat;
  mdb_env_info(env_, &info);
  mdb_env_stat(env_, &stat);
  const uint64_t page_size = stat.ms_psize;
  const uint64_t headroom = kRoomHeadroomPages * page_size;
  const uint64_t high_water = (info.me_last_pgno + 1) * page_size;
  if (high_water + headroom <= options_.map_size_max) return absl::OkStatus();

  // Near the limit: count the pages LMDB has freed for reuse. Each entry
  // of its free-page database (handle 0) is a list whose first word is
  // the number of pages in it, as lmdb's own mdb_stat -f reads it.
  GWDB_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(env_, false));
  GWDB_ASSIGN_OR_RETURN(Cursor cursor, Cursor::Open(txn, 0));
  uint64_t free_pages = 0;
  MDB_val key, value;
  GWDB_ASSIGN_OR_RETURN(bool found, cursor.Move(MDB_FIRST, key, value));
  while (found) {
    if (value.mv_size >= sizeof(size_t)) {
      size_t count;
      std::memcpy(&count, value.mv_data, sizeof count);
      free_pages += count;
    }
    GWDB_ASSIGN_OR_RETURN(found, cursor.Move(MDB_NEXT, key, value));
  }
  const uint64_t in_use = high_water - std::min(high_water,
                                                free_pages * page_size);
  if (in_use + headroom <= options_.map_size_max) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      "the store is full: ", in_use, " of its map_size_max of ",
      options_.map_size_max,
      " bytes are in use; delete records or reopen it with a larger "
      "map_size_max"));
}

std::vector<absl::Status> Store::WriteAll(
    const std::vector<WriteChange>& changes, WriteRoom room) {
  std::vector<absl::Status> results(changes.size());
  absl::Status usable = CheckProcess();
  if (usable.ok() && options_.read_only) {
    usable = absl::UnavailableError(
        "the store is open read-only and cannot take writes");
  }
  if (usable.ok() && room == WriteRoom::kUsesSpace) usable = CheckRoom();
  if (!usable.ok() || changes.empty()) {
    for (absl::Status& result : results) result = usable;
    return results;
  }

  // Group commit: the first writer to find no batch running becomes the
  // leader and commits everything queued so far, so concurrent writers
  // share disk syncs. Each call still returns only after its own writes
  // are durable. A leader takes the whole queue at once, so all of this
  // call's writes are taken by the same leader.
  std::vector<PendingWrite> pending(changes.size());
  std::unique_lock<std::mutex> lock(write_mutex_);
  for (size_t i = 0; i < changes.size(); ++i) {
    pending[i].change = &changes[i];
    write_queue_.push_back(&pending[i]);
  }
  write_done_.wait(lock,
                   [&] { return pending.front().done || !batch_running_; });
  if (!pending.front().done) {
    batch_running_ = true;
    std::vector<PendingWrite*> batch;
    batch.swap(write_queue_);
    lock.unlock();

    for (size_t start = 0; start < batch.size(); start += kMaxWritesPerTxn) {
      const size_t end = std::min(batch.size(), start + kMaxWritesPerTxn);
      CommitBatch({batch.begin() + start, batch.begin() + end});
    }

    lock.lock();
    for (PendingWrite* write : batch) write->done = true;
    batch_running_ = false;
    lock.unlock();
    write_done_.notify_all();
  }
  for (size_t i = 0; i < changes.size(); ++i) {
    results[i] = std::move(pending[i].result);
  }
  return results;
}

void Store::CommitBatch(const std::vector<PendingWrite*>& batch) {
  const auto fail_all = [&](const absl::Status& status) {
    for (PendingWrite* write : batch) write->result = status;
  };
  absl::StatusOr<Txn> txn = Txn::Begin(env_, true);
  if (!txn.ok()) return fail_all(txn.status());

  if (batch.size() == 1) {
    // Alone, the write needs no nested transaction; on failure the whole
    // transaction is dropped.
    batch[0]->result = (*batch[0]->change)(*txn);
    if (!batch[0]->result.ok()) return;
  } else {
    // Each write runs in a nested transaction, so that one failing write
    // leaves no trace while the others in the batch go on.
    for (PendingWrite* write : batch) {
      absl::StatusOr<Txn> nested = Txn::BeginNested(env_, *txn);
      if (!nested.ok()) {
        write->result = nested.status();
        continue;
      }
      write->result = (*write->change)(*nested);
      if (write->result.ok()) write->result = nested->Commit();
    }
  }

  absl::Status purged = PurgeTombstones(*txn);
  if (!purged.ok()) return fail_all(purged);
  absl::Status committed = txn->Commit();
  if (!committed.ok()) {
    Log(0, absl::StrCat("write failed: ", committed.message()));
    fail_all(committed);
  }
}

absl::Status Store::FillRandom(uint8_t* buffer, size_t size) const {
  if (options_.random) {
    if (options_.random(buffer, size)) return absl::OkStatus();
    return absl::InternalError("the random source failed");
  }
  size_t filled = 0;
  while (filled < size) {
    ssize_t got = getrandom(buffer + filled, size - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::InternalError(absl::StrCat("getrandom failed: ",
                                              std::strerror(errno)));
    }
    filled += static_cast<size_t>(got);
  }
  return absl::OkStatus();
}

absl::StatusOr<Uuid> Store::NewId() const {
  std::array<uint8_t, 16> bytes;
  GWDB_RETURN_IF_ERROR(FillRandom(bytes.data(), bytes.size()));
  return UuidFromRandomBytes(bytes);
}

absl::StatusOr<std::optional<TeamId>> Store::FindTeam(
    const Txn& txn, absl::string_view team) const {
  GWDB_ASSIGN_OR_RETURN(auto value, txn.Get(dbs_.teams, ToVal(team)));
  if (!value) return std::nullopt;
  if (value->size() != 4) {
    return absl::DataLossError(
        absl::StrCat("stored team entry ", Quote(team), " is corrupt"));
  }
  return GetU32(reinterpret_cast<const uint8_t*>(value->data()));
}

absl::StatusOr<TeamId> Store::FindOrCreateTeam(Txn& txn,
                                               absl::string_view team) {
  GWDB_ASSIGN_OR_RETURN(auto existing, FindTeam(txn, team));
  if (existing) return *existing;

  GWDB_ASSIGN_OR_RETURN(auto next, txn.Get(dbs_.meta, ToVal(kNextTeamIdKey)));
  TeamId id = 1;
  if (next && next->size() == 4) {
    id = GetU32(reinterpret_cast<const uint8_t*>(next->data()));
  }
  if (id == UINT32_MAX) {
    return absl::UnavailableError("the store cannot hold more teams");
  }
  uint8_t encoded[4];
  PutU32(encoded, id);
  GWDB_RETURN_IF_ERROR(txn.Put(dbs_.teams, ToVal(team), MDB_val{4, encoded}));
  PutU32(encoded, id + 1);
  GWDB_RETURN_IF_ERROR(
      txn.Put(dbs_.meta, ToVal(kNextTeamIdKey), MDB_val{4, encoded}));
  return id;
}

absl::StatusOr<std::optional<int64_t>> Store::FindCreatedAt(
    const Txn& txn, TeamId team, RecordKind kind, const Uuid& id) const {
  const IdKey key = MakeIdKey(team, kind, id);
  GWDB_ASSIGN_OR_RETURN(auto value, txn.Get(dbs_.ids, ToVal(key)));
  if (!value) return std::nullopt;
  if (value->size() != 8) {
    return absl::DataLossError(absl::StrCat("stored id entry of ",
                                            FormatUuid(id), " is corrupt"));
  }
  return GetTime(reinterpret_cast<const uint8_t*>(value->data()));
}

absl::StatusOr<RecordBuffer> Store::ReadRecord(const Txn& txn,
                                               absl::string_view team_name,
                                               RecordKind kind,
                                               const Uuid& id) const {
  const char* noun =
      kind == RecordKind::kGateway ? "gateway" : "gateway setup token";
  const absl::Status not_found = absl::NotFoundError(absl::StrCat(
      noun, " ", FormatUuid(id), " does not exist in team ",
      Quote(team_name)));

  GWDB_ASSIGN_OR_RETURN(auto team, FindTeam(txn, team_name));
  if (!team) return not_found;
  GWDB_ASSIGN_OR_RETURN(auto created_at, FindCreatedAt(txn, *team, kind, id));
  if (!created_at) return not_found;

  const RecordKey key =
      MakeRecordKey(*team, static_cast<uint8_t>(kind), *created_at, id);
  GWDB_ASSIGN_OR_RETURN(auto value, txn.Get(dbs_.records, ToVal(key)));
  const std::string what = absl::StrCat(noun, " ", FormatUuid(id));
  if (!value) {
    return absl::DataLossError(
        absl::StrCat("the id index points at a missing record for ", what));
  }
  return OpenValue(AsView(key.data(), key.size()), *value,
                   kind == RecordKind::kGateway ? PayloadType::kGateway
                                                : PayloadType::kSetupToken,
                   what);
}

absl::Status Store::CheckIdUnused(const Txn& txn, TeamId team,
                                  RecordKind kind, const Uuid& id) const {
  const IdKey key = MakeIdKey(team, kind, id);
  GWDB_ASSIGN_OR_RETURN(auto live, txn.Get(dbs_.ids, ToVal(key)));
  GWDB_ASSIGN_OR_RETURN(auto dead, txn.Get(dbs_.tombstones, ToVal(key)));
  if (!live && !dead) return absl::OkStatus();
  return absl::AlreadyExistsError(
      absl::StrCat("a record with id ", FormatUuid(id), " already exists"));
}

absl::Status Store::AddTombstone(Txn& txn, TeamId team, RecordKind kind,
                                 const Uuid& id, int64_t created_at) {
  const int64_t deleted_at = Now();
  uint8_t value[16];
  PutTime(value, created_at);
  PutTime(value + 8, deleted_at);
  const IdKey key = MakeIdKey(team, kind, id);
  GWDB_RETURN_IF_ERROR(
      txn.Put(dbs_.tombstones, ToVal(key), MDB_val{sizeof value, value}));
  const ExpiryKey expiry = MakeExpiryKey(deleted_at, team, kind, id);
  return txn.Put(dbs_.tombstone_expiry, ToVal(expiry), MDB_val{0, nullptr});
}

absl::Status Store::PurgeTombstones(Txn& txn) {
  const int64_t cutoff = Now() - options_.tombstone_retention_us;
  GWDB_ASSIGN_OR_RETURN(Cursor cursor,
                        Cursor::Open(txn, dbs_.tombstone_expiry));
  MDB_val key, value;
  for (int i = 0; i < kTombstonesPurgedPerWrite; ++i) {
    GWDB_ASSIGN_OR_RETURN(bool found, cursor.Move(MDB_FIRST, key, value));
    if (!found || key.mv_size != kExpiryKeySize) break;
    const auto* bytes = static_cast<const uint8_t*>(key.mv_data);
    if (GetTime(bytes) > cutoff) break;

    MDB_val id_key{kIdKeySize, const_cast<uint8_t*>(bytes + 8)};
    GWDB_RETURN_IF_ERROR(txn.Delete(dbs_.tombstones, id_key).status());
    int rc = mdb_cursor_del(cursor.get(), 0);
    if (rc != 0) return LmdbError(rc, "purging a tombstone");
  }
  return absl::OkStatus();
}

absl::Status Store::DeleteRecord(Txn& txn, absl::string_view team_name,
                                 RecordKind kind, const Uuid& id) {
  GWDB_ASSIGN_OR_RETURN(RecordBuffer record,
                        ReadRecord(txn, team_name, kind, id));
  GWDB_ASSIGN_OR_RETURN(auto team, FindTeam(txn, team_name));
  GWDB_ASSIGN_OR_RETURN(auto created_at, FindCreatedAt(txn, *team, kind, id));

  const RecordKey key =
      MakeRecordKey(*team, static_cast<uint8_t>(kind), *created_at, id);
  GWDB_RETURN_IF_ERROR(txn.Delete(dbs_.records, ToVal(key)).status());
  const IdKey id_key = MakeIdKey(*team, kind, id);
  GWDB_RETURN_IF_ERROR(txn.Delete(dbs_.ids, ToVal(id_key)).status());

  if (kind == RecordKind::kGateway) {
    const RecordKey status_key = MakeRecordKey(
        *team, static_cast<uint8_t>(AsGateway(record)->lifecycle()),
        *created_at, id);
    GWDB_RETURN_IF_ERROR(
        txn.Delete(dbs_.status_index, ToVal(status_key)).status());
    GWDB_RETURN_IF_ERROR(txn.Delete(dbs_.gateway_names, ToVal(key)).status());
    const ReportKey report_key = MakeReportKey(*team, id);
    GWDB_RETURN_IF_ERROR(
        txn.Delete(dbs_.status_reports, ToVal(report_key)).status());
  } else {
    const absl::string_view secret = View(AsToken(record)->secret());
    const auto hash = TokenValueKey(secret);
    GWDB_RETURN_IF_ERROR(
        txn.Delete(dbs_.token_values, ToVal(hash)).status());
  }
  return AddTombstone(txn, *team, kind, id, *created_at);
}

}  // namespace gwdb
