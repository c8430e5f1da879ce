// A cursor over one ordered list: the records of one team and kind, or the
// gateways of one team in one lifecycle state. Both indexes share the key
// layout prefix[5] created_at[8] id[16], so LMDB's key order is the list's
// (created_at, id) order and a page is one seek plus a sequential walk.
#ifndef GATEWAYDB_SRC_PAGE_CURSOR_H_
#define GATEWAYDB_SRC_PAGE_CURSOR_H_

#include <array>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "key_codec.h"
#include "lmdb_txn.h"
#include "record_codec.h"

namespace gwdb {

class PageCursor {
 public:
  // `index` is the database walked; `records` the database holding the
  // values (the same one for a plain list). `prefix` selects the list.
  static absl::StatusOr<PageCursor> Open(const Txn& txn, MDB_dbi index,
                                         MDB_dbi records,
                                         std::array<uint8_t, 5> prefix,
                                         RecordKind kind);

  // Positions at the first entry in direction `forward` that lies after
  // `from` (or at it, when `inclusive`); with no `from`, at the first entry
  // of the list in that direction. Returns false when there is none.
  absl::StatusOr<bool> Seek(const std::optional<RecordKey>& from,
                            bool forward, bool inclusive);
  // Moves one entry on in the direction of the last Seek.
  absl::StatusOr<bool> Next();

  // The value of the index entry at the cursor (empty for the status
  // index, the record itself for a plain list).
  absl::string_view IndexValue() const { return FromVal(value_); }

  // Loads and verifies the record at the cursor.
  absl::StatusOr<RecordBuffer> Load();

 private:
  PageCursor(Cursor index, std::optional<Cursor> records,
             std::array<uint8_t, 5> prefix, RecordKind kind)
      : index_(std::move(index)),
        records_(std::move(records)),
        prefix_(prefix),
        kind_(kind) {}

  bool InList() const;

  Cursor index_;
  // Set when the index stores no record values, which live in `records`.
  std::optional<Cursor> records_;
  std::array<uint8_t, 5> prefix_;
  RecordKind kind_;
  bool forward_ = true;
  MDB_val key_{0, nullptr};
  MDB_val value_{0, nullptr};
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_PAGE_CURSOR_H_
