// Thin RAII wrappers over LMDB transactions and cursors, turning LMDB
// result codes into absl::Status.
#ifndef GATEWAYDB_SRC_LMDB_TXN_H_
#define GATEWAYDB_SRC_LMDB_TXN_H_

#include <lmdb.h>

#include <array>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gwdb {

// Maps an LMDB result code to a status: MDB_MAP_FULL and EACCES become
// service_offline, everything else unknown_error. `what` names the step.
absl::Status LmdbError(int rc, absl::string_view what);

inline MDB_val ToVal(absl::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

inline MDB_val ToVal(const std::string& bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

template <size_t N>
MDB_val ToVal(const std::array<uint8_t, N>& key) {
  return MDB_val{N, const_cast<uint8_t*>(key.data())};
}

inline absl::string_view FromVal(const MDB_val& val) {
  return {static_cast<const char*>(val.mv_data), val.mv_size};
}

// A transaction that aborts on destruction unless committed.
class Txn {
 public:
  static absl::StatusOr<Txn> Begin(MDB_env* env, bool write);
  // Starts a write transaction nested in `parent`; committing it merges its
  // changes into the parent, aborting it drops them.
  static absl::StatusOr<Txn> BeginNested(MDB_env* env, const Txn& parent);
  Txn(Txn&& other) noexcept : txn_(other.txn_) { other.txn_ = nullptr; }
  Txn& operator=(Txn&&) = delete;
  ~Txn();

  MDB_txn* get() const { return txn_; }
  absl::Status Commit();

  // Reads `key`; nullopt when absent. The view points into the map and is
  // valid until the transaction ends or writes to that database.
  absl::StatusOr<std::optional<absl::string_view>> Get(MDB_dbi dbi,
                                                      MDB_val key) const;
  absl::Status Put(MDB_dbi dbi, MDB_val key, MDB_val value,
                   unsigned flags = 0);
  // Deletes `key`; returns false when it was absent.
  absl::StatusOr<bool> Delete(MDB_dbi dbi, MDB_val key);

 private:
  explicit Txn(MDB_txn* txn) : txn_(txn) {}
  MDB_txn* txn_;
};

// A cursor closed on destruction. Must not outlive its transaction.
class Cursor {
 public:
  static absl::StatusOr<Cursor> Open(const Txn& txn, MDB_dbi dbi);
  Cursor(Cursor&& other) noexcept : cursor_(other.cursor_) {
    other.cursor_ = nullptr;
  }
  Cursor& operator=(Cursor&&) = delete;
  ~Cursor();

  // Positions the cursor; returns false at MDB_NOTFOUND. key/value receive
  // the entry there.
  absl::StatusOr<bool> Move(MDB_cursor_op op, MDB_val& key, MDB_val& value);
  MDB_cursor* get() const { return cursor_; }

 private:
  explicit Cursor(MDB_cursor* cursor) : cursor_(cursor) {}
  MDB_cursor* cursor_;
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_LMDB_TXN_H_
