#include "lmdb_txn.h"

#include <cerrno>

#include "absl/strings/str_cat.h"

namespace gwdb {

absl::Status LmdbError(int rc, absl::string_view what) {
  std::string message = absl::StrCat(what, " failed: ", mdb_strerror(rc));
  if (rc == MDB_MAP_FULL) {
    return absl::UnavailableError(absl::StrCat(
        message, "; the store reached its maximum size (map_size_max)"));
  }
  if (rc == EACCES) {
    return absl::UnavailableError(
        absl::StrCat(message, "; the store is read-only"));
  }
  return absl::InternalError(message);
}

absl::StatusOr<Txn> Txn::Begin(MDB_env* env, bool write) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn);
  if (rc == MDB_READERS_FULL) {
    // Slots may be held by processes that died; free them and retry once.
    int freed = 0;
    mdb_reader_check(env, &freed);
    if (freed > 0) rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  }
  if (rc != 0) {
    return LmdbError(rc, write ? "starting a write transaction"
                               : "starting a read transaction");
  }
  return Txn(txn);
}

absl::StatusOr<Txn> Txn::BeginNested(MDB_env* env, const Txn& parent) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, parent.get(), 0, &txn);
  if (rc != 0) return LmdbError(rc, "starting a nested transaction");
  return Txn(txn);
}

Txn::~Txn() {
  if (txn_ != nullptr) mdb_txn_abort(txn_);
}

absl::Status Txn::Commit() {
  MDB_txn* txn = txn_;
  txn_ = nullptr;
  int rc = mdb_txn_commit(txn);
  if (rc != 0) return LmdbError(rc, "committing a transaction");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::string_view>> Txn::Get(MDB_dbi dbi,
                                                         MDB_val key) const {
  MDB_val value;
  int rc = mdb_get(txn_, dbi, &key, &value);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  if (rc != 0) return LmdbError(rc, "reading a key");
  return FromVal(value);
}

absl::Status Txn::Put(MDB_dbi dbi, MDB_val key, MDB_val value,
                      unsigned flags) {
  int rc = mdb_put(txn_, dbi, &key, &value, flags);
  if (rc != 0) return LmdbError(rc, "writing a key");
  return absl::OkStatus();
}

absl::StatusOr<bool> Txn::Delete(MDB_dbi dbi, MDB_val key) {
  int rc = mdb_del(txn_, dbi, &key, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return LmdbError(rc, "deleting a key");
  return true;
}

absl::StatusOr<Cursor> Cursor::Open(const Txn& txn, MDB_dbi dbi) {
  MDB_cursor* cursor = nullptr;
  int rc = mdb_cursor_open(txn.get(), dbi, &cursor);
  if (rc != 0) return LmdbError(rc, "opening a cursor");
  return Cursor(cursor);
}

Cursor::~Cursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

absl::StatusOr<bool> Cursor::Move(MDB_cursor_op op, MDB_val& key,
                                  MDB_val& value) {
  int rc = mdb_cursor_get(cursor_, &key, &value, op);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return LmdbError(rc, "moving a cursor");
  return true;
}

}  // namespace gwdb
