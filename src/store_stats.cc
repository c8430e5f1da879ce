// Store::Stats: record counts per team and file figures, in one read
// transaction. Walks every key once, so its cost grows with the store.
#include <sys/stat.h>

#include <map>

#include "absl/container/flat_hash_map.h"
#include "status_macros.h"
#include "store.h"

namespace gwdb {
namespace {

// Calls `visit` with every key of `dbi`.
absl::Status ForEachKey(const Txn& txn, MDB_dbi dbi,
                        const std::function<void(absl::string_view)>& visit) {
  GWDB_ASSIGN_OR_RETURN(Cursor cursor, Cursor::Open(txn, dbi));
  MDB_val key, value;
  GWDB_ASSIGN_OR_RETURN(bool found, cursor.Move(MDB_FIRST, key, value));
  while (found) {
    visit(FromVal(key));
    GWDB_ASSIGN_OR_RETURN(found, cursor.Move(MDB_NEXT, key, value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Store::Stats(
    StoreCounts& counts,
    const std::function<bool(const TeamCounts&)>& per_team) {
  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());

  std::map<std::string, TeamId> names;
  absl::flat_hash_map<TeamId, TeamCounts> teams;
  GWDB_ASSIGN_OR_RETURN(Cursor cursor, Cursor::Open(txn, dbs_.teams));
  MDB_val key, value;
  GWDB_ASSIGN_OR_RETURN(bool found, cursor.Move(MDB_FIRST, key, value));
  while (found) {
    if (value.mv_size == 4) {
      const TeamId id = GetU32(static_cast<const uint8_t*>(value.mv_data));
      names.emplace(std::string(FromVal(key)), id);
      teams[id].team = std::string(FromVal(key));
    }
    GWDB_ASSIGN_OR_RETURN(found, cursor.Move(MDB_NEXT, key, value));
  }

  GWDB_RETURN_IF_ERROR(ForEachKey(txn, dbs_.records, [&](absl::string_view k) {
    if (k.size() != kRecordKeySize) return;
    const auto* bytes = reinterpret_cast<const uint8_t*>(k.data());
    TeamCounts& team = teams[GetU32(bytes)];
    if (bytes[4] == static_cast<uint8_t>(RecordKind::kGateway)) {
      ++team.gateways;
      ++counts.gateways;
    } else {
      ++team.setup_tokens;
      ++counts.setup_tokens;
    }
  }));
  GWDB_RETURN_IF_ERROR(
      ForEachKey(txn, dbs_.tombstones, [&](absl::string_view k) {
        if (k.size() != kIdKeySize) return;
        ++teams[GetU32(reinterpret_cast<const uint8_t*>(k.data()))]
              .tombstones;
        ++counts.tombstones;
      }));
  MDB_stat reports;
  mdb_stat(txn.get(), dbs_.status_reports, &reports);
  counts.status_reports = reports.ms_entries;
  counts.teams = names.size();

  MDB_envinfo info;
  mdb_env_info(env_, &info);
  MDB_stat env_stat;
  mdb_env_stat(env_, &env_stat);
  counts.used_bytes = (info.me_last_pgno + 1) * uint64_t{env_stat.ms_psize};
  counts.map_size_max = options_.map_size_max;
  const char* path = nullptr;
  mdb_env_get_path(env_, &path);
  struct stat file;
  if (path != nullptr &&
      stat((std::string(path) + "/data.mdb").c_str(), &file) == 0) {
    counts.file_bytes = static_cast<uint64_t>(file.st_size);
  }
  counts.format_version = kFormatVersion;

  if (!per_team) return absl::OkStatus();
  for (const auto& [name, id] : names) {
    if (!per_team(teams[id])) break;
  }
  return absl::OkStatus();
}

}  // namespace gwdb
