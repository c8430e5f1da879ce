// The C ABI: argument checks, conversion between the C structs and the
// engine's inputs, and a catch-all so that no C++ exception crosses into C.
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "api_service.h"
#include "errors.h"
#include "handles.h"
#include "list_query.h"
#include "page_audit.h"
#include "route_table.h"
#include "validation.h"

namespace gwdb {
namespace {

// Runs `body`, turning any escaping exception into an unknown_error
// response.
template <typename Body>
int Guarded(gwdb_response** out, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Deliver(ErrorResponse(absl::ResourceExhaustedError(
                       "out of memory while serving the call")),
                   out);
  } catch (const std::exception& error) {
    return Deliver(ErrorResponse(absl::InternalError(absl::StrCat(
                       "internal error: ", error.what()))),
                   out);
  } catch (...) {
    return Deliver(
        ErrorResponse(absl::InternalError("internal error")), out);
  }
}

char* CopyString(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

// Converts C labels, sorted by key; NULL keys or values are an error.
bool ConvertLabels(const gwdb_label* labels, size_t count, Labels& out) {
  if (count > 0 && labels == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (labels[i].key == nullptr || labels[i].value == nullptr) return false;
    out.emplace_back(labels[i].key, labels[i].value);
  }
  std::sort(out.begin(), out.end());
  return true;
}

std::optional<std::string> OptionalText(const char* text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

// Builds a ListQuery from the C struct, collecting every fault.
absl::StatusOr<ListQuery> ConvertQuery(const gwdb_list_query* in) {
  ListQuery query;
  if (in == nullptr) return query;
  FieldErrors errors;
  if (in->offset != nullptr) SetOffset(in->offset, query, errors);
  if (in->count != 0) SetCount(in->count, query, errors);
  query.descending = in->descending != 0;
  query.prev = in->prev != 0;
  if (in->contains != nullptr) SetContains(in->contains, query, errors);
  if (in->status != nullptr) SetStatus(in->status, query, errors);
  if (!errors.empty()) return InvalidFields(errors);
  return query;
}

// A struct is usable only at the size this library was built with: a
// smaller one lacks fields, a larger one carries fields this library
// cannot honour.
bool SizeOk(const void* in, size_t struct_size, size_t expected) {
  return in == nullptr || struct_size == expected;
}

constexpr const char* kNullArgument =
    "a required argument (database handle, team, id or response pointer) is "
    "NULL";

}  // namespace
}  // namespace gwdb

using gwdb::Deliver;
using gwdb::DeliverInvalidArgument;
using gwdb::Guarded;

extern "C" {

int gwdb_version_number(void) { return GWDB_VERSION_NUMBER; }

#define GWDB_TEXT(value) #value
#define GWDB_VERSION_TEXT(major, minor, patch) \
  GWDB_TEXT(major) "." GWDB_TEXT(minor) "." GWDB_TEXT(patch)

static_assert(std::string_view(GWDB_PROJECT_VERSION) ==
                  GWDB_VERSION_TEXT(GWDB_VERSION_MAJOR, GWDB_VERSION_MINOR,
                                    GWDB_VERSION_PATCH),
              "the version macros in gatewaydb.h must match project() in "
              "CMakeLists.txt");

const char* gwdb_version(void) {
  return GWDB_VERSION_TEXT(GWDB_VERSION_MAJOR, GWDB_VERSION_MINOR,
                           GWDB_VERSION_PATCH);
}

const char* gwdb_code_name(int code) { return gwdb::ApiCodeName(code); }

void gwdb_options_init(gwdb_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof *options);
  const gwdb::StoreOptions defaults;
  options->struct_size = sizeof *options;
  options->map_size_max = defaults.map_size_max;
  options->max_readers = defaults.max_readers;
  options->tombstone_retention_us = defaults.tombstone_retention_us;
  options->status_staleness_us = defaults.status_staleness_us;
}

int gwdb_open(const char* path, const gwdb_options* options,
              gwdb_db** db_out, char** error_out) {
  if (error_out) *error_out = nullptr;
  if (db_out) *db_out = nullptr;
  const auto fail = [&](int code, const std::string& message) {
    if (error_out) *error_out = gwdb::CopyString(message);
    return code;
  };
  if (path == nullptr || db_out == nullptr) {
    return fail(GWDB_INVALID_ARGUMENT, "path and db_out must not be NULL");
  }
  if (options != nullptr && options->struct_size != sizeof(gwdb_options)) {
    return fail(GWDB_INVALID_ARGUMENT,
                absl::StrCat("gwdb_options.struct_size ",
                             options->struct_size, " is not ",
                             sizeof(gwdb_options),
                             ", the size this library knows; initialize it "
                             "with gwdb_options_init"));
  }
  try {
    gwdb::StoreOptions store_options;
    if (options != nullptr) {
      store_options.map_size_max = options->map_size_max;
      store_options.max_readers = options->max_readers;
      store_options.read_only = options->read_only != 0;
      store_options.no_sync = options->no_sync != 0;
      store_options.tombstone_retention_us = options->tombstone_retention_us;
      store_options.status_staleness_us = options->status_staleness_us;
      if (options->clock != nullptr) {
        store_options.clock = [fn = options->clock,
                               context = options->clock_context] {
          return fn(context);
        };
      }
      if (options->random != nullptr) {
        store_options.random = [fn = options->random,
                                context = options->random_context](
                                   uint8_t* buffer, size_t size) {
          return fn(context, buffer, size) == 0;
        };
      }
      if (options->log != nullptr) {
        store_options.log = [fn = options->log,
                             context = options->log_context](
                                int level, const std::string& message) {
          fn(context, static_cast<gwdb_log_level>(level), message.c_str());
        };
      }
    }
    auto store = gwdb::Store::Open(path, std::move(store_options));
    if (!store.ok()) {
      return fail(gwdb::GwdbCodeOf(store.status()),
                  std::string(store.status().message()));
    }
    *db_out = new gwdb_db{std::move(*store)};
    return GWDB_OK;
  } catch (const std::exception& error) {
    return fail(GWDB_UNKNOWN_ERROR,
                absl::StrCat("opening the store failed: ", error.what()));
  }
}

void gwdb_close(gwdb_db* db) { delete db; }

int gwdb_sync(gwdb_db* db, char** error_out) {
  if (error_out) *error_out = nullptr;
  if (db == nullptr) return GWDB_INVALID_ARGUMENT;
  absl::Status synced = db->store->Sync();
  if (synced.ok()) return GWDB_OK;
  if (error_out) *error_out = gwdb::CopyString(std::string(synced.message()));
  return gwdb::GwdbCodeOf(synced);
}

int gwdb_request(gwdb_db* db, const char* method, const char* target,
                 const char* body, size_t body_length,
                 gwdb_response** response_out) {
  if (db == nullptr || method == nullptr || target == nullptr ||
      (body == nullptr && body_length != 0) || response_out == nullptr) {
    return DeliverInvalidArgument(
        "db, method, target and response_out must not be NULL, and body "
        "may be NULL only with body_length 0",
        response_out);
  }
  return Guarded(response_out, [&] {
    const absl::string_view body_view =
        body == nullptr ? absl::string_view() : absl::string_view(body,
                                                                body_length);
    return Deliver(gwdb::ServeRequest(*db->store, method, target, body_view),
                   response_out);
  });
}

void gwdb_list_query_init(gwdb_list_query* query) {
  if (query == nullptr) return;
  std::memset(query, 0, sizeof *query);
  query->struct_size = sizeof *query;
  query->count = 100;
}

void gwdb_token_spec_init(gwdb_token_spec* spec) {
  if (spec == nullptr) return;
  std::memset(spec, 0, sizeof *spec);
  spec->struct_size = sizeof *spec;
}

void gwdb_registration_init(gwdb_registration* registration) {
  if (registration == nullptr) return;
  std::memset(registration, 0, sizeof *registration);
  registration->struct_size = sizeof *registration;
}

void gwdb_gateway_changes_init(gwdb_gateway_changes* changes) {
  if (changes == nullptr) return;
  std::memset(changes, 0, sizeof *changes);
  changes->struct_size = sizeof *changes;
}

void gwdb_status_report_init(gwdb_status_report* report) {
  if (report == nullptr) return;
  std::memset(report, 0, sizeof *report);
  report->struct_size = sizeof *report;
}

int gwdb_token_create(gwdb_db* db, const char* team,
                      const gwdb_token_spec* spec,
                      gwdb_response** response_out) {
  if (db == nullptr || team == nullptr || response_out == nullptr) {
    return DeliverInvalidArgument(gwdb::kNullArgument, response_out);
  }
  if (!gwdb::SizeOk(spec, spec ? spec->struct_size : 0,
                    sizeof(gwdb_token_spec))) {
    return DeliverInvalidArgument(
        "gwdb_token_spec.struct_size does not match this library; initialize the struct "
        "with gwdb_token_spec_init",
        response_out);
  }
  return Guarded(response_out, [&] {
    gwdb::TokenSpec converted;
    if (spec != nullptr) {
      converted.description = gwdb::OptionalText(spec->description);
      if (!gwdb::ConvertLabels(spec->labels, spec->label_count,
                               converted.labels)) {
        return DeliverInvalidArgument(
            "gwdb_token_spec.labels is NULL or holds a NULL key or value",
            response_out);
      }
    }
    return Deliver(gwdb::CreateToken(*db->store, team, converted),
                   response_out);
  });
}

#define GWDB_ID_CALL(function, service)                                   \
  int function(gwdb_db* db, const char* team, const char* id,            \
               gwdb_response** response_out) {                           \
    if (db == nullptr || team == nullptr || id == nullptr ||             \
        response_out == nullptr) {                                       \
      return DeliverInvalidArgument(gwdb::kNullArgument, response_out);  \
    }                                                                    \
    return Guarded(response_out, [&] {                                   \
      return Deliver(gwdb::service(*db->store, team, id), response_out); \
    });                                                                  \
  }

GWDB_ID_CALL(gwdb_token_get, GetToken)
GWDB_ID_CALL(gwdb_token_delete, DeleteToken)
GWDB_ID_CALL(gwdb_token_value, GetTokenValue)
GWDB_ID_CALL(gwdb_gateway_get, GetGateway)
GWDB_ID_CALL(gwdb_gateway_delete, DeleteGateway)
GWDB_ID_CALL(gwdb_gateway_status, GetStatus)

#undef GWDB_ID_CALL

static int ListCall(gwdb_db* db, const char* team,
                    const gwdb_list_query* query,
                    gwdb_response** response_out, bool gateways) {
  if (db == nullptr || team == nullptr || response_out == nullptr) {
    return DeliverInvalidArgument(gwdb::kNullArgument, response_out);
  }
  if (!gwdb::SizeOk(query, query ? query->struct_size : 0,
                    sizeof(gwdb_list_query))) {
    return DeliverInvalidArgument(
        "gwdb_list_query.struct_size does not match this library; initialize the struct "
        "with gwdb_list_query_init",
        response_out);
  }
  return Guarded(response_out, [&] {
    absl::Status team_ok = gwdb::CheckTeamName(team);
    if (!team_ok.ok()) return Deliver(gwdb::ErrorResponse(team_ok),
                                      response_out);
    absl::StatusOr<gwdb::ListQuery> converted = gwdb::ConvertQuery(query);
    if (!converted.ok()) {
      return Deliver(gwdb::ErrorResponse(converted.status()), response_out);
    }
    // The body is rendered on the first gwdb_response_body call, so a
    // caller that needs only ids, counts and offsets never pays for JSON.
    const auto deferred = gwdb::BodyRendering::kDeferred;
    return Deliver(
        gateways ? gwdb::ListGateways(*db->store, team, *converted, deferred)
                 : gwdb::ListTokens(*db->store, team, *converted, deferred),
        response_out);
  });
}

int gwdb_token_list(gwdb_db* db, const char* team,
                    const gwdb_list_query* query,
                    gwdb_response** response_out) {
  return ListCall(db, team, query, response_out, false);
}

int gwdb_gateway_list(gwdb_db* db, const char* team,
                      const gwdb_list_query* query,
                      gwdb_response** response_out) {
  return ListCall(db, team, query, response_out, true);
}

int gwdb_gateway_register(gwdb_db* db, const gwdb_registration* registration,
                          gwdb_response** response_out) {
  if (db == nullptr || registration == nullptr || response_out == nullptr) {
    return DeliverInvalidArgument(
        "db, registration and response_out must not be NULL", response_out);
  }
  if (registration->struct_size != sizeof(gwdb_registration)) {
    return DeliverInvalidArgument(
        "gwdb_registration.struct_size does not match this library; initialize the struct "
        "with gwdb_registration_init",
        response_out);
  }
  return Guarded(response_out, [&] {
    gwdb::FieldErrors missing;
    if (registration->token == nullptr) {
      missing.push_back({"token", "token is required"});
    }
    if (registration->name == nullptr) {
      missing.push_back({"name", "name is required"});
    }
    if (!missing.empty()) {
      return Deliver(gwdb::ErrorResponse(gwdb::InvalidFields(missing)),
                     response_out);
    }
    gwdb::RegistrationInput input;
    input.token = registration->token;
    input.name = registration->name;
    input.description = gwdb::OptionalText(registration->description);
    input.access_address = gwdb::OptionalText(registration->access_address);
    input.default_address = gwdb::OptionalText(registration->default_address);
    input.cloud_provider = gwdb::OptionalText(registration->cloud_provider);
    return Deliver(gwdb::RegisterGateway(*db->store, input), response_out);
  });
}

int gwdb_gateway_register_batch(gwdb_db* db,
                                const gwdb_registration* registrations,
                                size_t count, gwdb_response** responses_out) {
  if (db == nullptr || (registrations == nullptr && count != 0) ||
      responses_out == nullptr) {
    return GWDB_INVALID_ARGUMENT;
  }
  for (size_t i = 0; i < count; ++i) {
    const gwdb_registration& item = registrations[i];
    if (item.struct_size != sizeof(gwdb_registration) ||
        item.token == nullptr || item.name == nullptr) {
      return GWDB_INVALID_ARGUMENT;
    }
  }
  std::fill(responses_out, responses_out + count, nullptr);
  try {
    std::vector<gwdb::RegistrationInput> inputs(count);
    for (size_t i = 0; i < count; ++i) {
      const gwdb_registration& item = registrations[i];
      inputs[i].token = item.token;
      inputs[i].name = item.name;
      inputs[i].description = gwdb::OptionalText(item.description);
      inputs[i].access_address = gwdb::OptionalText(item.access_address);
      inputs[i].default_address = gwdb::OptionalText(item.default_address);
      inputs[i].cloud_provider = gwdb::OptionalText(item.cloud_provider);
    }
    std::vector<gwdb::Response> responses =
        gwdb::RegisterGateways(*db->store, inputs);
    for (size_t i = 0; i < count; ++i) {
      responses_out[i] = new gwdb_response{std::move(responses[i])};
    }
    return GWDB_OK;
  } catch (const std::exception&) {
    // NOTE: registrations committed before the failure stay; only their
    // responses are lost, so the caller must list to learn which landed.
    for (size_t i = 0; i < count; ++i) {
      gwdb_response_free(responses_out[i]);
      responses_out[i] = nullptr;
    }
    return GWDB_UNKNOWN_ERROR;
  }
}

int gwdb_gateway_update(gwdb_db* db, const char* team, const char* id,
                        const gwdb_gateway_changes* update,
                        gwdb_response** response_out) {
  if (db == nullptr || team == nullptr || id == nullptr ||
      update == nullptr || response_out == nullptr) {
    return DeliverInvalidArgument(gwdb::kNullArgument, response_out);
  }
  if (update->struct_size != sizeof(gwdb_gateway_changes)) {
    return DeliverInvalidArgument(
        "gwdb_gateway_changes.struct_size does not match this library; initialize the "
        "struct with gwdb_gateway_changes_init",
        response_out);
  }
  return Guarded(response_out, [&] {
    gwdb::GatewayUpdateInput input;
    if (update->name == nullptr) {
      return Deliver(gwdb::ErrorResponse(gwdb::InvalidFields(
                         {{"name", "name is required"}})),
                     response_out);
    }
    input.name = update->name;
    if (!gwdb::ConvertLabels(update->labels, update->label_count,
                             input.labels)) {
      return DeliverInvalidArgument(
          "gwdb_gateway_changes.labels is NULL or holds a NULL key or value",
          response_out);
    }
    if (update->set_description) {
      input.description = gwdb::OptionalText(update->description);
    }
    if (update->set_refuse_connections) {
      input.refuse_connections = update->refuse_connections != 0;
    }
    return Deliver(gwdb::UpdateGateway(*db->store, team, id, input),
                   response_out);
  });
}

int gwdb_gateway_report_status(gwdb_db* db, const char* team, const char* id,
                               const gwdb_status_report* report,
                               gwdb_response** response_out) {
  if (db == nullptr || team == nullptr || id == nullptr ||
      report == nullptr || response_out == nullptr) {
    return DeliverInvalidArgument(gwdb::kNullArgument, response_out);
  }
  if (report->struct_size != sizeof(gwdb_status_report)) {
    return DeliverInvalidArgument(
        "gwdb_status_report.struct_size does not match this library; initialize the struct "
        "with gwdb_status_report_init",
        response_out);
  }
  return Guarded(response_out, [&] {
    gwdb::StatusReportInput input;
    input.online = report->online != 0;
    input.active_connections = report->active_connections;
    input.total_storage_bytes = report->total_storage_bytes;
    input.used_storage_bytes = report->used_storage_bytes;
    return Deliver(gwdb::ReportStatus(*db->store, team, id, input),
                   response_out);
  });
}

int gwdb_check(gwdb_db* db, gwdb_violation_fn on_violation, void* context,
               uint64_t* violations_out, char** error_out) {
  if (error_out) *error_out = nullptr;
  if (db == nullptr || violations_out == nullptr) return GWDB_INVALID_ARGUMENT;
  try {
    absl::Status status = db->store->Check(
        [&](const std::string& message) {
          if (on_violation != nullptr) on_violation(context, message.c_str());
        },
        *violations_out);
    if (status.ok()) return GWDB_OK;
    if (error_out) *error_out = gwdb::CopyString(std::string(status.message()));
    return gwdb::GwdbCodeOf(status);
  } catch (const std::exception& error) {
    if (error_out) {
      *error_out = gwdb::CopyString(
          absl::StrCat("checking the store failed: ", error.what()));
    }
    return GWDB_UNKNOWN_ERROR;
  }
}

int gwdb_check_path(const char* path, gwdb_violation_fn on_violation,
                    void* context, uint64_t* violations_out,
                    char** error_out) {
  if (error_out) *error_out = nullptr;
  if (path == nullptr || violations_out == nullptr) {
    return GWDB_INVALID_ARGUMENT;
  }
  *violations_out = 0;
  struct stat directory;
  if (stat(path, &directory) != 0 || !S_ISDIR(directory.st_mode)) {
    if (error_out) {
      *error_out = gwdb::CopyString(absl::StrCat(
          "cannot check store ", gwdb::Quote(path, SIZE_MAX),
          ": the directory does not exist"));
    }
    return GWDB_UNKNOWN_ERROR;
  }
  try {
    absl::StatusOr<gwdb::PageAuditReport> audit =
        gwdb::AuditDataFile(std::string(path) + "/data.mdb");
    if (!audit.ok()) {
      if (error_out) {
        *error_out = gwdb::CopyString(std::string(audit.status().message()));
      }
      return gwdb::GwdbCodeOf(audit.status());
    }
    for (const std::string& message : audit->violations) {
      ++*violations_out;
      if (on_violation != nullptr) {
        on_violation(context, ("page structure: " + message).c_str());
      }
    }
    if (*violations_out > 0) return GWDB_OK;
  } catch (const std::exception& error) {
    if (error_out) {
      *error_out = gwdb::CopyString(
          absl::StrCat("auditing the data file failed: ", error.what()));
    }
    return GWDB_UNKNOWN_ERROR;
  }

  gwdb_options options;
  gwdb_options_init(&options);
  options.read_only = 1;
  gwdb_db* db = nullptr;
  int code = gwdb_open(path, &options, &db, error_out);
  if (code != GWDB_OK) return code;
  code = gwdb_check(db, on_violation, context, violations_out, error_out);
  gwdb_close(db);
  return code;
}

int gwdb_compact(gwdb_db* db, const char* destination_dir, char** error_out) {
  if (error_out) *error_out = nullptr;
  if (db == nullptr || destination_dir == nullptr) {
    return GWDB_INVALID_ARGUMENT;
  }
  try {
    absl::Status status = db->store->CompactCopy(destination_dir);
    if (status.ok()) return GWDB_OK;
    if (error_out) *error_out = gwdb::CopyString(std::string(status.message()));
    return gwdb::GwdbCodeOf(status);
  } catch (const std::exception& error) {
    if (error_out) {
      *error_out = gwdb::CopyString(
          absl::StrCat("compacting the store failed: ", error.what()));
    }
    return GWDB_UNKNOWN_ERROR;
  }
}

int gwdb_stats(gwdb_db* db, gwdb_store_stats* stats_out,
               gwdb_team_stats_fn per_team, void* context,
               char** error_out) {
  if (error_out) *error_out = nullptr;
  if (db == nullptr || stats_out == nullptr ||
      stats_out->struct_size != sizeof(gwdb_store_stats)) {
    if (error_out) {
      *error_out = gwdb::CopyString(
          "db and stats_out must not be NULL, and stats_out->struct_size "
          "must be sizeof(gwdb_store_stats)");
    }
    return GWDB_INVALID_ARGUMENT;
  }
  try {
    gwdb::StoreCounts counts;
    absl::Status status = db->store->Stats(
        counts, [&](const gwdb::TeamCounts& team) {
          if (per_team == nullptr) return true;
          gwdb_team_stats out{team.team.c_str(), team.setup_tokens,
                              team.gateways, team.tombstones};
          return per_team(context, &out) == 0;
        });
    if (!status.ok()) {
      if (error_out) *error_out = gwdb::CopyString(std::string(status.message()));
      return gwdb::GwdbCodeOf(status);
    }
    stats_out->teams = counts.teams;
    stats_out->setup_tokens = counts.setup_tokens;
    stats_out->gateways = counts.gateways;
    stats_out->status_reports = counts.status_reports;
    stats_out->tombstones = counts.tombstones;
    stats_out->file_bytes = counts.file_bytes;
    stats_out->used_bytes = counts.used_bytes;
    stats_out->map_size_max = counts.map_size_max;
    stats_out->format_version = counts.format_version;
    return GWDB_OK;
  } catch (const std::exception& error) {
    if (error_out) {
      *error_out = gwdb::CopyString(
          absl::StrCat("counting the store failed: ", error.what()));
    }
    return GWDB_UNKNOWN_ERROR;
  }
}

}  // extern "C"
