// The store: one LMDB environment per directory, holding gateway setup
// tokens, gateways and status reports of many teams. See
// docs/storage-format.md for the sub-databases and key layouts.
//
// Thread-safety: a Store may be used from any number of threads at once.
// Reads use their own read transaction per call (never outliving it);
// writes are serialized by LMDB's writer lock.
#ifndef GATEWAYDB_SRC_STORE_H_
#define GATEWAYDB_SRC_STORE_H_

#include <lmdb.h>
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "key_codec.h"
#include "lmdb_txn.h"
#include "open_registry.h"
#include "record_codec.h"
#include "record_types.h"

namespace gwdb {

// On-disk format written by this library; stores of a newer format are
// rejected at open.
inline constexpr uint32_t kFormatVersion = 1;

struct StoreOptions {
  uint64_t map_size_max = uint64_t{16} << 30;
  uint32_t max_readers = 510;
  bool read_only = false;
  // Commit without syncing (MDB_NOSYNC); Sync() makes writes durable.
  bool no_sync = false;
  int64_t tombstone_retention_us = int64_t{24} * 3600 * 1000000;
  int64_t status_staleness_us = int64_t{5} * 60 * 1000000;
  // Microseconds since the Unix epoch; empty means the system clock.
  std::function<int64_t()> clock;
  // Fills the buffer with random bytes, returning false on failure; empty
  // means getrandom.
  std::function<bool(uint8_t*, size_t)> random;
  // Receives log lines (level as in gwdb_log_level); empty means silent.
  std::function<void(int, const std::string&)> log;
};

// One page of a list, items in list order.
struct Page {
  std::vector<RecordBuffer> items;
  bool has_next = false;
  bool has_prev = false;
};

struct CreatedToken {
  RecordBuffer record;
  std::string secret;
};

// Counts for one team, reported by Store::Stats.
struct TeamCounts {
  std::string team;
  uint64_t setup_tokens = 0;
  uint64_t gateways = 0;
  uint64_t tombstones = 0;
};

struct StoreCounts {
  uint64_t teams = 0;
  uint64_t setup_tokens = 0;
  uint64_t gateways = 0;
  uint64_t status_reports = 0;
  uint64_t tombstones = 0;
  uint64_t file_bytes = 0;
  uint64_t used_bytes = 0;
  uint64_t map_size_max = 0;
  uint32_t format_version = 0;
};

// Handles of the named sub-databases.
struct Databases {
  MDB_dbi meta = 0;
  MDB_dbi teams = 0;
  MDB_dbi records = 0;
  MDB_dbi ids = 0;
  MDB_dbi status_index = 0;
  MDB_dbi gateway_names = 0;
  MDB_dbi tombstones = 0;
  MDB_dbi tombstone_expiry = 0;
  MDB_dbi token_values = 0;
  MDB_dbi status_reports = 0;
};

class Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                                     StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Setup tokens.
  absl::StatusOr<CreatedToken> CreateToken(absl::string_view team,
                                           const TokenSpec& spec);
  absl::StatusOr<RecordBuffer> GetToken(absl::string_view team,
                                        const Uuid& id);
  absl::Status DeleteToken(absl::string_view team, const Uuid& id);
  absl::StatusOr<Page> ListTokens(absl::string_view team,
                                  const ListQuery& query);

  // Gateways.
  absl::StatusOr<RecordBuffer> RegisterGateway(
      const RegistrationInput& registration);
  // Registers many gateways with as few durable commits as possible; each
  // registration succeeds or fails on its own. Results are in input order.
  std::vector<absl::StatusOr<RecordBuffer>> RegisterGateways(
      absl::Span<const RegistrationInput> registrations);
  absl::StatusOr<RecordBuffer> GetGateway(absl::string_view team,
                                          const Uuid& id);
  absl::Status UpdateGateway(absl::string_view team, const Uuid& id,
                             const GatewayUpdateInput& update);
  absl::Status DeleteGateway(absl::string_view team, const Uuid& id);
  absl::StatusOr<Page> ListGateways(absl::string_view team,
                                    const ListQuery& query);

  // Status reports. GetStatusReport returns nullopt for a gateway that
  // never reported, and NotFound when the gateway does not exist.
  absl::Status ReportStatus(absl::string_view team, const Uuid& id,
                            const StatusReportInput& report);
  absl::StatusOr<std::optional<RecordBuffer>> GetStatusReport(
      absl::string_view team, const Uuid& id);

  absl::Status Stats(StoreCounts& counts,
                     const std::function<bool(const TeamCounts&)>& per_team);

  // Verifies every record (checksum, structure, key agreement) and every
  // index entry against the records, calling `report` once per violation.
  absl::Status Check(const std::function<void(const std::string&)>& report,
                     uint64_t& violations);

  // Writes a compacted copy of the store into `destination`, a directory
  // that must not exist yet. Runs in a read transaction: writers go on.
  absl::Status CompactCopy(const std::string& destination);

  // Flushes all committed writes to disk.
  absl::Status Sync();

  int64_t Now() const;
  const StoreOptions& options() const { return options_; }
  void Log(int level, const std::string& message) const;

 private:
  Store(MDB_env* env, StoreOptions options, OpenRegistration registration);

  // Rejects use from a child process after fork().
  absl::Status CheckProcess() const;
  absl::Status InitializeDatabases();
  absl::StatusOr<Txn> BeginRead() const;
  // Runs `change` in one write transaction, purges expired tombstones and
  // commits; nothing is written when any step fails.
  using WriteChange = std::function<absl::Status(Txn&)>;
  // Whether a write may use the space kept back for deletes. Deletes need
  // new pages too (LMDB copies each page it changes), so a store filled to
  // map_size_max keeps a reserve that only deletes may use.
  enum class WriteRoom { kUsesSpace, kFreesSpace };
  absl::Status Write(const WriteChange& change,
                     WriteRoom room = WriteRoom::kUsesSpace);
  // Runs every change as its own all-or-nothing write, committing them in
  // as few durable transactions as possible, and returns their results.
  std::vector<absl::Status> WriteAll(const std::vector<WriteChange>& changes,
                                     WriteRoom room = WriteRoom::kUsesSpace);
  // Returns service_offline when the pages in use (the file's high-water
  // mark less LMDB's free pages) leave no room below map_size_max.
  absl::Status CheckRoom() const;
  absl::Status ApplyRegistration(Txn& txn,
                                 const RegistrationInput& registration,
                                 const Uuid& id, int64_t created_at,
                                 RecordBuffer& created);

  // One write waiting for its batch to commit.
  struct PendingWrite {
    const std::function<absl::Status(Txn&)>* change = nullptr;
    absl::Status result;
    bool done = false;
  };
  // Runs every write of `batch` in one LMDB transaction and commits it,
  // storing each write's result.
  void CommitBatch(const std::vector<PendingWrite*>& batch);
  absl::Status FillRandom(uint8_t* buffer, size_t size) const;
  absl::StatusOr<Uuid> NewId() const;

  // Team lookups. FindTeam returns nullopt for a team with no records.
  absl::StatusOr<std::optional<TeamId>> FindTeam(const Txn& txn,
                                                 absl::string_view team) const;
  absl::StatusOr<TeamId> FindOrCreateTeam(Txn& txn, absl::string_view team);

  // Record access by id within one team and kind.
  absl::StatusOr<std::optional<int64_t>> FindCreatedAt(const Txn& txn,
                                                       TeamId team,
                                                       RecordKind kind,
                                                       const Uuid& id) const;
  absl::StatusOr<RecordBuffer> ReadRecord(const Txn& txn,
                                          absl::string_view team_name,
                                          RecordKind kind,
                                          const Uuid& id) const;
  absl::Status CheckIdUnused(const Txn& txn, TeamId team, RecordKind kind,
                             const Uuid& id) const;
  absl::Status DeleteRecord(Txn& txn, absl::string_view team_name,
                            RecordKind kind, const Uuid& id);
  absl::Status AddTombstone(Txn& txn, TeamId team, RecordKind kind,
                            const Uuid& id, int64_t created_at);
  absl::Status PurgeTombstones(Txn& txn);
  absl::StatusOr<Page> List(absl::string_view team, RecordKind kind,
                            const ListQuery& query);

  MDB_env* env_;
  Databases dbs_;
  StoreOptions options_;
  pid_t owner_pid_;
  // Released after the destructor closes env_, so the directory counts as
  // open until LMDB has let go of it.
  OpenRegistration registration_;

  std::mutex write_mutex_;
  std::condition_variable write_done_;
  std::vector<PendingWrite*> write_queue_;
  bool batch_running_ = false;
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_STORE_H_
