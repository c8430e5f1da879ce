// Store operations on gateways and their status reports.
#include "absl/strings/str_cat.h"
#include "errors.h"
#include "input_checks.h"
#include "status_macros.h"
#include "store.h"
#include "token_secret.h"
#include "validation.h"

namespace gwdb {
namespace {

absl::Status UnknownToken() {
  // The message must not echo the presented value: it is a secret.
  return absl::UnauthenticatedError(
      "the setup token is not valid: it does not exist or was deleted");
}

}  // namespace

absl::StatusOr<RecordBuffer> Store::RegisterGateway(
    const RegistrationInput& registration) {
  std::vector<absl::StatusOr<RecordBuffer>> created =
      RegisterGateways(absl::MakeConstSpan(&registration, 1));
  return std::move(created.front());
}

std::vector<absl::StatusOr<RecordBuffer>> Store::RegisterGateways(
    absl::Span<const RegistrationInput> registrations) {
  const size_t count = registrations.size();
  std::vector<absl::StatusOr<RecordBuffer>> results(count);
  std::vector<RecordBuffer> created(count);
  std::vector<WriteChange> changes;
  std::vector<size_t> change_index;
  changes.reserve(count);

  // Validate and draw ids first; only valid registrations get a write.
  for (size_t i = 0; i < count; ++i) {
    FieldErrors errors;
    CheckRegistration(registrations[i], errors);
    absl::StatusOr<Uuid> id =
        errors.empty() ? NewId() : absl::StatusOr<Uuid>(InvalidFields(errors));
    if (!id.ok()) {
      results[i] = id.status();
      continue;
    }
    changes.push_back([this, &registration = registrations[i], id = *id,
                       created_at = Now(), &out = created[i]](Txn& txn) {
      return ApplyRegistration(txn, registration, id, created_at, out);
    });
    change_index.push_back(i);
  }

  std::vector<absl::Status> statuses = WriteAll(changes);
  for (size_t k = 0; k < statuses.size(); ++k) {
    const size_t i = change_index[k];
    if (statuses[k].ok()) {
      results[i] = std::move(created[i]);
    } else {
      results[i] = statuses[k];
    }
  }
  return results;
}

absl::Status Store::ApplyRegistration(Txn& txn,
                                      const RegistrationInput& registration,
                                      const Uuid& id, int64_t created_at,
                                      RecordBuffer& created) {
  {
    const auto lookup_key = TokenValueKey(registration.token);
    GWDB_ASSIGN_OR_RETURN(auto owner,
                          txn.Get(dbs_.token_values, ToVal(lookup_key)));
    if (!owner || owner->size() != 20) return UnknownToken();
    const auto* owner_bytes = reinterpret_cast<const uint8_t*>(owner->data());
    const TeamId team = GetU32(owner_bytes);
    Uuid token_id;
    std::memcpy(token_id.data(), owner_bytes + 4, token_id.size());

    GWDB_ASSIGN_OR_RETURN(auto token_created,
                          FindCreatedAt(txn, team, RecordKind::kSetupToken,
                                        token_id));
    if (!token_created) return UnknownToken();
    const RecordKey token_key =
        MakeRecordKey(team, static_cast<uint8_t>(RecordKind::kSetupToken),
                      *token_created, token_id);
    GWDB_ASSIGN_OR_RETURN(auto token_value,
                          txn.Get(dbs_.records, ToVal(token_key)));
    if (!token_value) return UnknownToken();
    GWDB_ASSIGN_OR_RETURN(
        RecordBuffer token,
        OpenValue(AsView(token_key.data(), token_key.size()), *token_value,
                  PayloadType::kSetupToken,
                  absl::StrCat("gateway setup token ",
                               FormatUuid(token_id))));
    if (!ConstantTimeEquals(View(AsToken(token)->secret()),
                            registration.token)) {
      return UnknownToken();
    }
    GWDB_RETURN_IF_ERROR(CheckIdUnused(txn, team, RecordKind::kGateway, id));

    GatewayFields fields;
    fields.id = id;
    fields.created_at = created_at;
    fields.name = registration.name;
    fields.description = registration.description;
    fields.labels = DecodeLabels(AsToken(token)->labels());
    fields.access_address = registration.access_address;
    fields.default_address = registration.default_address;
    fields.cloud_provider = registration.cloud_provider;
    fields.token_id = token_id;

    const RecordKey key = MakeRecordKey(
        team, static_cast<uint8_t>(RecordKind::kGateway), created_at, id);
    const std::string value =
        EncodeGateway(AsView(key.data(), key.size()), fields);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.records, ToVal(key), ToVal(value)));
    uint8_t created_bytes[8];
    PutTime(created_bytes, created_at);
    const IdKey id_key = MakeIdKey(team, RecordKind::kGateway, id);
    GWDB_RETURN_IF_ERROR(
        txn.Put(dbs_.ids, ToVal(id_key), MDB_val{8, created_bytes}));
    const RecordKey status_key = MakeRecordKey(
        team, static_cast<uint8_t>(fields.lifecycle), created_at, id);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.status_index, ToVal(status_key),
                                 MDB_val{0, nullptr}));
    const std::string name_entry = NameIndexValue(fields);
    GWDB_RETURN_IF_ERROR(
        txn.Put(dbs_.gateway_names, ToVal(key), ToVal(name_entry)));
    created.assign(value.begin() + 8, value.end());
    return absl::OkStatus();
  }
}

absl::StatusOr<RecordBuffer> Store::GetGateway(absl::string_view team,
                                               const Uuid& id) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());
  return ReadRecord(txn, team, RecordKind::kGateway, id);
}

absl::Status Store::UpdateGateway(absl::string_view team, const Uuid& id,
                                  const GatewayUpdateInput& update) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  FieldErrors errors;
  CheckGatewayUpdate(update, errors);
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));

  return Write([&](Txn& txn) -> absl::Status {
    GWDB_ASSIGN_OR_RETURN(RecordBuffer record,
                          ReadRecord(txn, team, RecordKind::kGateway, id));
    GatewayFields fields = DecodeGateway(*AsGateway(record));
    fields.name = update.name;
    fields.labels = update.labels;
    if (update.description) fields.description = *update.description;
    if (update.refuse_connections) {
      fields.refuse_connections = *update.refuse_connections;
    }

    GWDB_ASSIGN_OR_RETURN(auto team_id, FindTeam(txn, team));
    const RecordKey key =
        MakeRecordKey(*team_id, static_cast<uint8_t>(RecordKind::kGateway),
                      fields.created_at, id);
    const std::string value =
        EncodeGateway(AsView(key.data(), key.size()), fields);
    GWDB_RETURN_IF_ERROR(txn.Put(dbs_.records, ToVal(key), ToVal(value)));
    const std::string name_entry = NameIndexValue(fields);
    return txn.Put(dbs_.gateway_names, ToVal(key), ToVal(name_entry));
  });
}

absl::Status Store::DeleteGateway(absl::string_view team, const Uuid& id) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  return Write(
      [&](Txn& txn) {
        return DeleteRecord(txn, team, RecordKind::kGateway, id);
      },
      WriteRoom::kFreesSpace);
}

absl::StatusOr<Page> Store::ListGateways(absl::string_view team,
                                         const ListQuery& query) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  return List(team, RecordKind::kGateway, query);
}

absl::Status Store::ReportStatus(absl::string_view team, const Uuid& id,
                                 const StatusReportInput& report) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  FieldErrors errors;
  CheckStatusReport(report, errors);
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  const int64_t updated_at = Now();

  return Write([&](Txn& txn) -> absl::Status {
    GWDB_RETURN_IF_ERROR(
        ReadRecord(txn, team, RecordKind::kGateway, id).status());
    GWDB_ASSIGN_OR_RETURN(auto team_id, FindTeam(txn, team));
    const ReportKey key = MakeReportKey(*team_id, id);
    const std::string value = EncodeStatusReport(
        AsView(key.data(), key.size()), report, updated_at);
    return txn.Put(dbs_.status_reports, ToVal(key), ToVal(value));
  });
}

absl::StatusOr<std::optional<RecordBuffer>> Store::GetStatusReport(
    absl::string_view team, const Uuid& id) {
  GWDB_RETURN_IF_ERROR(CheckTeamName(team));
  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());
  GWDB_RETURN_IF_ERROR(
      ReadRecord(txn, team, RecordKind::kGateway, id).status());

  GWDB_ASSIGN_OR_RETURN(auto team_id, FindTeam(txn, team));
  const ReportKey key = MakeReportKey(*team_id, id);
  GWDB_ASSIGN_OR_RETURN(auto value, txn.Get(dbs_.status_reports, ToVal(key)));
  if (!value) return std::nullopt;
  GWDB_ASSIGN_OR_RETURN(
      RecordBuffer report,
      OpenValue(AsView(key.data(), key.size()), *value,
                PayloadType::kStatusReport,
                absl::StrCat("status report of gateway ", FormatUuid(id))));
  return report;
}

}  // namespace gwdb
