// Store::Check: verifies every record and every index entry against each
// other in one read transaction, reporting each violation found.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "errors.h"
#include "page_audit.h"
#include "status_macros.h"
#include "store.h"
#include "token_secret.h"

namespace gwdb {
namespace {

std::string Hex(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out.push_back(kDigits[(static_cast<unsigned char>(c) >> 4) & 0xF]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 0xF]);
  }
  return out;
}

// Calls `visit` with every entry of `dbi`; stops early when it returns
// false.
absl::Status ForEach(
    const Txn& txn, MDB_dbi dbi,
    const std::function<void(absl::string_view, absl::string_view)>& visit) {
  GWDB_ASSIGN_OR_RETURN(Cursor cursor, Cursor::Open(txn, dbi));
  MDB_val key, value;
  GWDB_ASSIGN_OR_RETURN(bool found, cursor.Move(MDB_FIRST, key, value));
  while (found) {
    visit(FromVal(key), FromVal(value));
    GWDB_ASSIGN_OR_RETURN(found, cursor.Move(MDB_NEXT, key, value));
  }
  return absl::OkStatus();
}

const uint8_t* Bytes(absl::string_view view) {
  return reinterpret_cast<const uint8_t*>(view.data());
}

}  // namespace

absl::Status Store::Check(
    const std::function<void(const std::string&)>& report,
    uint64_t& violations) {
  violations = 0;
  const auto violation = [&](std::string message) {
    ++violations;
    report(message);
  };

  // LMDB trusts its pages, and a damaged one can crash it or return wrong
  // results, so the file's structure is audited before any tree is walked.
  const char* directory = nullptr;
  mdb_env_get_path(env_, &directory);
  if (directory != nullptr) {
    GWDB_ASSIGN_OR_RETURN(
        PageAuditReport audit,
        AuditDataFile(std::string(directory) + "/data.mdb"));
    for (std::string& message : audit.violations) {
      violation("page structure: " + message);
    }
    if (violations > 0) return absl::OkStatus();
  }

  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());

  absl::flat_hash_set<TeamId> team_ids;
  GWDB_RETURN_IF_ERROR(ForEach(txn, dbs_.teams, [&](auto key, auto value) {
    if (value.size() != 4 || !team_ids.insert(GetU32(Bytes(value))).second) {
      violation(absl::StrCat("teams: entry ", Quote(key),
                             " has a malformed or duplicate team id"));
    }
  }));

  // Records: checksum, structure, and the indexes that must point at them.
  GWDB_RETURN_IF_ERROR(ForEach(txn, dbs_.records, [&](auto key, auto value) {
    const std::string where = absl::StrCat("records: key ", Hex(key));
    if (key.size() != kRecordKeySize) {
      return violation(absl::StrCat(where, " has the wrong size"));
    }
    const uint8_t* k = Bytes(key);
    const TeamId team = GetU32(k);
    const auto kind = static_cast<RecordKind>(k[4]);
    if (kind != RecordKind::kGateway && kind != RecordKind::kSetupToken) {
      return violation(absl::StrCat(where, " has an unknown kind"));
    }
    if (!team_ids.contains(team)) {
      violation(absl::StrCat(where, " belongs to no known team"));
    }
    const Uuid id = RecordKeyId(k);
    const int64_t created_at = RecordKeyTime(k);
    absl::StatusOr<RecordBuffer> record = OpenValue(
        key, value,
        kind == RecordKind::kGateway ? PayloadType::kGateway
                                     : PayloadType::kSetupToken,
        FormatUuid(id));
    if (!record.ok()) {
      return violation(absl::StrCat(where, ": ", record.status().message()));
    }

    const IdKey id_key = MakeIdKey(team, kind, id);
    auto indexed = txn.Get(dbs_.ids, ToVal(id_key));
    if (!indexed.ok() || !*indexed || (*indexed)->size() != 8 ||
        GetTime(Bytes(**indexed)) != created_at) {
      violation(absl::StrCat(where, ": the id index does not point at it"));
    }
    if (kind == RecordKind::kGateway) {
      const fb::Gateway* gateway = AsGateway(*record);
      if (DecodeId(gateway->id()) != id ||
          gateway->created_at_us() != created_at) {
        violation(absl::StrCat(where, ": id or created_at differ from key"));
      }
      const RecordKey status_key = MakeRecordKey(
          team, static_cast<uint8_t>(gateway->lifecycle()), created_at, id);
      auto status = txn.Get(dbs_.status_index, ToVal(status_key));
      if (!status.ok() || !*status) {
        violation(absl::StrCat(where, ": missing from the status index"));
      }
      auto name = txn.Get(dbs_.gateway_names, ToVal(std::string(key)));
      if (!name.ok() || !*name ||
          **name != NameIndexValue(DecodeGateway(*gateway))) {
        violation(absl::StrCat(where, ": names index entry is wrong"));
      }
    } else {
      const fb::SetupToken* token = AsToken(*record);
      if (DecodeId(token->id()) != id ||
          token->created_at_us() != created_at) {
        violation(absl::StrCat(where, ": id or created_at differ from key"));
      }
      const auto lookup = TokenValueKey(View(token->secret()));
      auto owner = txn.Get(dbs_.token_values, ToVal(lookup));
      if (!owner.ok() || !*owner || (*owner)->size() != 20 ||
          GetU32(Bytes(**owner)) != team ||
          std::memcmp((*owner)->data() + 4, id.data(), 16) != 0) {
        violation(absl::StrCat(where, ": token-value lookup is wrong"));
      }
    }
  }));

  // Every index entry must point at a record.
  const auto record_exists = [&](TeamId team, uint8_t kind,
                                 int64_t created_at, const Uuid& id) {
    const RecordKey key = MakeRecordKey(team, kind, created_at, id);
    auto found = txn.Get(dbs_.records, ToVal(key));
    return found.ok() && found->has_value();
  };
  GWDB_RETURN_IF_ERROR(ForEach(txn, dbs_.ids, [&](auto key, auto value) {
    if (key.size() != kIdKeySize || value.size() != 8) {
      return violation(absl::StrCat("ids: malformed entry ", Hex(key)));
    }
    Uuid id;
    std::memcpy(id.data(), key.data() + 5, 16);
    if (!record_exists(GetU32(Bytes(key)), Bytes(key)[4],
                       GetTime(Bytes(value)), id)) {
      violation(absl::StrCat("ids: ", FormatUuid(id),
                             " points at a missing record"));
    }
    auto dead = txn.Get(dbs_.tombstones, ToVal(key));
    if (dead.ok() && *dead) {
      violation(absl::StrCat("ids: ", FormatUuid(id),
                             " is both live and deleted"));
    }
  }));
  GWDB_RETURN_IF_ERROR(
      ForEach(txn, dbs_.status_index, [&](auto key, auto value) {
        if (key.size() != kRecordKeySize || !value.empty()) {
          return violation(
              absl::StrCat("status_index: malformed entry ", Hex(key)));
        }
        const uint8_t* k = Bytes(key);
        if (!record_exists(GetU32(k),
                           static_cast<uint8_t>(RecordKind::kGateway),
                           RecordKeyTime(k), RecordKeyId(k))) {
          violation(absl::StrCat("status_index: ",
                                 FormatUuid(RecordKeyId(k)),
                                 " points at a missing gateway"));
        }
      }));
  GWDB_RETURN_IF_ERROR(
      ForEach(txn, dbs_.gateway_names, [&](auto key, auto) {
        if (key.size() != kRecordKeySize ||
            !record_exists(GetU32(Bytes(key)), Bytes(key)[4],
                           RecordKeyTime(Bytes(key)),
                           RecordKeyId(Bytes(key)))) {
          violation(absl::StrCat("gateway_names: entry ", Hex(key),
                                 " points at a missing gateway"));
        }
      }));
  GWDB_RETURN_IF_ERROR(
      ForEach(txn, dbs_.status_reports, [&](auto key, auto value) {
        if (key.size() != kReportKeySize) {
          return violation(
              absl::StrCat("status_reports: malformed key ", Hex(key)));
        }
        Uuid id;
        std::memcpy(id.data(), key.data() + 4, 16);
        auto report = OpenValue(key, value, PayloadType::kStatusReport,
                                absl::StrCat("status report of ",
                                             FormatUuid(id)));
        if (!report.ok()) {
          violation(absl::StrCat("status_reports: ",
                                 report.status().message()));
        }
        const IdKey id_key =
            MakeIdKey(GetU32(Bytes(key)), RecordKind::kGateway, id);
        auto live = txn.Get(dbs_.ids, ToVal(id_key));
        if (!live.ok() || !*live) {
          violation(absl::StrCat("status_reports: gateway ", FormatUuid(id),
                                 " does not exist"));
        }
      }));
  GWDB_RETURN_IF_ERROR(
      ForEach(txn, dbs_.tombstones, [&](auto key, auto value) {
        if (key.size() != kIdKeySize || value.size() != 16) {
          return violation(
              absl::StrCat("tombstones: malformed entry ", Hex(key)));
        }
        Uuid id;
        std::memcpy(id.data(), key.data() + 5, 16);
        const ExpiryKey expiry =
            MakeExpiryKey(GetTime(Bytes(value) + 8), GetU32(Bytes(key)),
                          static_cast<RecordKind>(Bytes(key)[4]), id);
        auto found = txn.Get(dbs_.tombstone_expiry, ToVal(expiry));
        if (!found.ok() || !*found) {
          violation(absl::StrCat("tombstones: ", FormatUuid(id),
                                 " has no expiry entry"));
        }
      }));
  return absl::OkStatus();
}

absl::Status Store::CompactCopy(const std::string& destination) {
  GWDB_RETURN_IF_ERROR(CheckProcess());
  if (mkdir(destination.c_str(), 0700) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create the destination directory ",
                     Quote(destination), ": ", std::strerror(errno),
                     " (it must not exist yet)"));
  }
  // Open the file ourselves so that it gets mode 0600 like the original.
  const std::string file = destination + "/data.mdb";
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot create ", Quote(file),
                                            ": ", std::strerror(errno)));
  }
  int rc = mdb_env_copyfd2(env_, fd, MDB_CP_COMPACT);
  if (rc == 0 && fsync(fd) != 0) rc = errno;
  close(fd);
  if (rc != 0) return LmdbError(rc, "writing the compacted copy");
  return absl::OkStatus();
}

}  // namespace gwdb
