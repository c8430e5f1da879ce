#include "page_cursor.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace gwdb {

absl::StatusOr<PageCursor> PageCursor::Open(const Txn& txn, MDB_dbi index,
                                            MDB_dbi records,
                                            std::array<uint8_t, 5> prefix,
                                            RecordKind kind) {
  GWDB_ASSIGN_OR_RETURN(Cursor index_cursor, Cursor::Open(txn, index));
  std::optional<Cursor> records_cursor;
  if (records != index) {
    GWDB_ASSIGN_OR_RETURN(Cursor opened, Cursor::Open(txn, records));
    records_cursor.emplace(std::move(opened));
  }
  return PageCursor(std::move(index_cursor), std::move(records_cursor),
                    prefix, kind);
}

bool PageCursor::InList() const {
  return key_.mv_size == kRecordKeySize &&
         std::memcmp(key_.mv_data, prefix_.data(), prefix_.size()) == 0;
}

absl::StatusOr<bool> PageCursor::Seek(const std::optional<RecordKey>& from,
                                      bool forward, bool inclusive) {
  forward_ = forward;
  RecordKey target{};
  if (from) {
    target = *from;
  } else {
    // Before the list's first key, or after its last one.
    std::copy(prefix_.begin(), prefix_.end(), target.begin());
    std::fill(target.begin() + prefix_.size(), target.end(),
              forward ? 0x00 : 0xFF);
    inclusive = true;
  }

  key_ = ToVal(target);
  GWDB_ASSIGN_OR_RETURN(bool found, index_.Move(MDB_SET_RANGE, key_, value_));
  if (forward) {
    if (found && !inclusive &&
        std::memcmp(key_.mv_data, target.data(), target.size()) == 0) {
      GWDB_ASSIGN_OR_RETURN(found, index_.Move(MDB_NEXT, key_, value_));
    }
    return found && InList();
  }

  // Backward: the entry at or after the target is the one to step back
  // from, unless it is the target itself and the seek is inclusive.
  if (!found) {
    GWDB_ASSIGN_OR_RETURN(found, index_.Move(MDB_LAST, key_, value_));
    return found && InList();
  }
  const bool at_target =
      key_.mv_size == target.size() &&
      std::memcmp(key_.mv_data, target.data(), target.size()) == 0;
  if (at_target && inclusive) return InList();
  GWDB_ASSIGN_OR_RETURN(found, index_.Move(MDB_PREV, key_, value_));
  return found && InList();
}

absl::StatusOr<bool> PageCursor::Next() {
  GWDB_ASSIGN_OR_RETURN(
      bool found, index_.Move(forward_ ? MDB_NEXT : MDB_PREV, key_, value_));
  return found && InList();
}

absl::StatusOr<RecordBuffer> PageCursor::Load() {
  const auto* key_bytes = static_cast<const uint8_t*>(key_.mv_data);
  const PayloadType type = kind_ == RecordKind::kGateway
                               ? PayloadType::kGateway
                               : PayloadType::kSetupToken;
  // Names the record for error messages; built only when one is needed.
  const auto what = [&] {
    const char* noun =
        kind_ == RecordKind::kGateway ? "gateway " : "gateway setup token ";
    return absl::StrCat(noun, FormatUuid(RecordKeyId(key_bytes)));
  };
  const auto open = [&](absl::string_view key,
                        MDB_val value) -> absl::StatusOr<RecordBuffer> {
    absl::StatusOr<RecordBuffer> record =
        OpenValue(key, FromVal(value), type, "record");
    if (record.ok()) return record;
    return absl::Status(record.status().code(),
                        absl::StrCat(what(), ": ", record.status().message()));
  };
  if (!records_) return open(AsView(key_bytes, key_.mv_size), value_);

  // A status or names index entry: the record lives under the same time and
  // id with the kind in the tag byte. Walking the status index and
  // the records in step, the record is usually the next one, so try a
  // single step before a full seek.
  RecordKey record_key;
  std::memcpy(record_key.data(), key_bytes, record_key.size());
  record_key[4] = static_cast<uint8_t>(kind_);
  MDB_val key, value;
  GWDB_ASSIGN_OR_RETURN(bool found,
                        records_->Move(forward_ ? MDB_NEXT : MDB_PREV, key,
                                       value));
  const bool in_step = found && key.mv_size == record_key.size() &&
                       std::memcmp(key.mv_data, record_key.data(),
                                   record_key.size()) == 0;
  if (!in_step) {
    key = ToVal(record_key);
    GWDB_ASSIGN_OR_RETURN(found, records_->Move(MDB_SET_KEY, key, value));
    if (!found) {
      return absl::DataLossError(absl::StrCat(
          "an index points at a missing record for ", what()));
    }
  }
  return open(AsView(record_key.data(), record_key.size()), value);
}

}  // namespace gwdb
