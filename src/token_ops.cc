// Store operations on gateway setup tokens.
#include "absl/strings/str_cat.h"
#include "errors.h"
#include "input_checks.h"
#include "status_macros.h"
#include "store.h"
#include "token_secret.h"
#include "validation.h"

namespace gwdb {

absl::StatusOr<CreatedToken> Store::CreateToken(absl::string_view team,
                                                const TokenSpec& spec) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  FieldErrors errors;
  CheckTokenSpec(spec, "labels", errors);
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));

  GWDB_ASSIGN_OR_RETURN(const Uuid id, NewId());
  std::array<uint8_t, kTokenRandomBytes> random;
  GWDB_RETURN_IF_ERROR(FillRandom(random.data(), random.size()));
  CreatedToken created;
  created.secret = FormatTokenValue(random);
  const int64_t created_at = Now();

  GWDB_RETURN_IF_ERROR(Write([&](Txn& txn) -> absl::Status {
    GWDB_ASSIGN_OR_RETURN(TeamId team_id, FindOrCreateTeam(txn, team));
    GWDB_RETURN_IF_ERROR(
        CheckIdUnused(txn, team_id, RecordKind::kSetupToken, id));

    const RecordKey key = MakeRecordKey(
        team_id, static_cast<uint8_t>(RecordKind::kSetupToken), created_at,
        id);
    const std::string value =
        EncodeToken(AsView(key.data(), key.size()), id, created_at, spec,
                    created.secret);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.records, ToVal(key), ToVal(value)));
    uint8_t created_bytes[8];
    PutTime(created_bytes, created_at);
    const IdKey id_key = MakeIdKey(team_id, RecordKind::kSetupToken, id);
    GWDB_RETURN_IF_ERROR(
        txn.Put(dbs_.ids, ToVal(id_key), MDB_val{8, created_bytes}));

    uint8_t owner[20];
    PutU32(owner, team_id);
    std::memcpy(owner + 4, id.data(), id.size());
    const auto lookup_key = TokenValueKey(created.secret);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.token_values, ToVal(lookup_key),
                                 MDB_val{sizeof owner, owner},
                                 MDB_NOOVERWRITE));

    created.record.assign(value.begin() + 8, value.end());
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<RecordBuffer> Store::GetToken(absl::string_view team,
                                             const Uuid& id) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());
  return ReadRecord(txn, team, RecordKind::kSetupToken, id);
}

absl::Status Store::DeleteToken(absl::string_view team, const Uuid& id) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  return Write(
      [&](Txn& txn) {
        return DeleteRecord(txn, team, RecordKind::kSetupToken, id);
      },
      WriteRoom::kFreesSpace);
}

absl::StatusOr<Page> Store::ListTokens(absl::string_view team,
                                       const ListQuery& query) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  if (query.status) {
    return InvalidRequest(
        "status is not a filter of setup tokens",
        {{"status", "status is not a filter of setup tokens"}});
  }
  return List(team, RecordKind::kSetupToken, query);
}

}  // namespace gwdb
