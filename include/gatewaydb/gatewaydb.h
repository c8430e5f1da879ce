/*
 * gatewaydb: an embedded store for gateway and gateway-setup-token records.
 *
 * This header is the whole public interface of libgatewaydb. It is plain C11
 * and stable: functions are only ever added, result codes are never
 * renumbered, and structs that may grow carry their own size.
 *
 * Conventions
 * -----------
 * Handles.  `gwdb_db` (an open store) and `gwdb_response` (the result of one
 *   call) are opaque. Each is created by the library and released by its own
 *   `..._free` or `gwdb_close` call.
 *
 * Strings.  Identifiers (team names, ids, query values) are NUL-terminated
 *   UTF-8. Request bodies are byte spans: a pointer plus a length in bytes, so
 *   they may hold any byte; a NULL pointer with length 0 is an empty body.
 *
 * Booleans.  `int`, where 0 is false and any other value is true.
 *
 * Results.  Every call that can fail returns a `gwdb_code`. `GWDB_OK` (0) is
 *   success. `gwdb_code_name()` gives the static text of a code; the detailed
 *   message of one call travels in its `gwdb_response` (or, for `gwdb_open`,
 *   in an error string), and names the offending value and the rule it broke.
 *   No C++ exception ever leaves the library.
 *
 * Responses.  Every operation stores its outcome, success or failure, in a
 *   new `gwdb_response` written to its last parameter: the HTTP status, the
 *   headers, and the JSON body in the shapes of the Gateways API. On failure
 *   the body is the error object `{"code", "message", "errors"?}`. The
 *   response is owned by the caller and must be released with
 *   `gwdb_response_free`. Pointers read from a response stay valid until
 *   that response is freed.
 *
 * NULL.  A NULL handle, NULL required string or NULL out-parameter makes a
 *   call return `GWDB_INVALID_ARGUMENT` without doing anything; when the
 *   response out-parameter itself is non-NULL it receives a response that
 *   describes the mistake.
 *
 * Threads.  A `gwdb_db` may be used by any number of threads at once. Reads
 *   run in parallel and never wait for writes; writes are serialized. Any
 *   number of processes may open the same store. A handle must not be used
 *   in a child process after fork(): open the store again in the child.
 *   A `gwdb_response` belongs to one thread at a time.
 *
 * Durability.  Every write is one LMDB transaction: it is applied whole or
 *   not at all, and it is on disk when the call returns.
 */
#ifndef GATEWAYDB_GATEWAYDB_H_
#define GATEWAYDB_GATEWAYDB_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define GWDB_EXPORT
#elif defined(GWDB_BUILDING_LIBRARY)
#define GWDB_EXPORT __attribute__((visibility("default")))
#else
#define GWDB_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions                                                                  */
/* ------------------------------------------------------------------------ */

/* Version of this header. The shared library's SONAME carries the major
 * version, which changes only if the ABI ever breaks. */
#define GWDB_VERSION_MAJOR 1
#define GWDB_VERSION_MINOR 1
#define GWDB_VERSION_PATCH 0
/* The version as one integer: major * 1000000 + minor * 1000 + patch. */
#define GWDB_VERSION_NUMBER                                  \
  (GWDB_VERSION_MAJOR * 1000000 + GWDB_VERSION_MINOR * 1000 + \
   GWDB_VERSION_PATCH)

/* Returns GWDB_VERSION_NUMBER of the library actually loaded at run time,
 * which may be newer than the header the caller was compiled against.
 * Thread-safe; never fails. */
GWDB_EXPORT int gwdb_version_number(void);

/* Returns the loaded library's version as static text, such as "1.1.0". The
 * string lives for the whole process. Thread-safe; never fails. */
GWDB_EXPORT const char *gwdb_version(void);

/* ------------------------------------------------------------------------ */
/* Result codes                                                              */
/* ------------------------------------------------------------------------ */

/* Result codes. The values are fixed forever; new codes are only appended.
 * Codes 1 to 7 are the API's error codes; their HTTP status is in brackets. */
typedef enum gwdb_code {
  GWDB_OK = 0,
  /* invalid_request (400): a path parameter, query parameter or body broke
   * a rule. The response lists each offending field. */
  GWDB_INVALID_REQUEST = 1,
  /* authentication_error (401): a registration presented a setup token
   * that does not exist. */
  GWDB_AUTHENTICATION_ERROR = 2,
  /* resource_does_not_exist (404): no such route, or no record with that id
   * in that team. */
  GWDB_RESOURCE_DOES_NOT_EXIST = 3,
  /* resource_already_exists (409): a create collided with an existing id. */
  GWDB_RESOURCE_ALREADY_EXISTS = 4,
  /* unsupported_method (405): a known path with another HTTP method. */
  GWDB_UNSUPPORTED_METHOD = 5,
  /* service_offline (503): the store cannot take the write (map full
   * beyond its maximum size, or opened read-only). Nothing was changed. */
  GWDB_SERVICE_OFFLINE = 6,
  /* unknown_error (500): anything else, including a stored record that
   * failed its checksum or structure check, and I/O errors. */
  GWDB_UNKNOWN_ERROR = 7,
  /* The caller broke this header's rules: a NULL handle or required
   * pointer, a struct with an unknown struct_size, a handle used after
   * fork(). Reported as unknown_error (500) in a response body. */
  GWDB_INVALID_ARGUMENT = 8
} gwdb_code;

/* Returns the static name of a code: "ok", "invalid_request", ...,
 * "invalid_argument", or "unrecognized_code" for any other value. The string
 * lives for the whole process. Thread-safe; never fails. */
GWDB_EXPORT const char *gwdb_code_name(int code);

/* Releases a string that the library allocated and handed to the caller
 * (such as the error string of gwdb_open). NULL is ignored. */
GWDB_EXPORT void gwdb_string_free(char *string);

/* ------------------------------------------------------------------------ */
/* Opening a store                                                           */
/* ------------------------------------------------------------------------ */

typedef struct gwdb_db gwdb_db;

/* Returns the current time in microseconds since the Unix epoch (UTC).
 * `context` is the clock_context given in gwdb_options. Called from any
 * thread that uses the store, so it must be thread-safe. */
typedef int64_t (*gwdb_clock_fn)(void *context);

/* Fills `size` bytes at `buffer` with random bytes and returns 0, or returns
 * non-zero on failure. Used for record ids and setup-token values. Must be
 * thread-safe. Only tests should replace the default, which reads the
 * operating system's random source (getrandom). */
typedef int (*gwdb_random_fn)(void *context, uint8_t *buffer, size_t size);

/* Log levels passed to a gwdb_log_fn. */
typedef enum gwdb_log_level {
  GWDB_LOG_ERROR = 0,
  GWDB_LOG_WARNING = 1,
  GWDB_LOG_INFO = 2
} gwdb_log_level;

/* Receives one log message (NUL-terminated, valid only during the call).
 * The library is silent unless a log function is installed. Messages never
 * contain setup-token values. Called from any thread that uses the store. */
typedef void (*gwdb_log_fn)(void *context, gwdb_log_level level,
                            const char *message);

/* Options for gwdb_open. Always initialize with gwdb_options_init, then set
 * the fields you need: later library versions may append fields, and
 * struct_size records the layout the caller was compiled with. */
typedef struct gwdb_options {
  /* sizeof(gwdb_options) as the caller compiled it; set by
   * gwdb_options_init. */
  size_t struct_size;
  /* Maximum size of the data file in bytes, rounded up to a multiple of the
   * page size. Writes that do not fit fail with GWDB_SERVICE_OFFLINE, and
   * so does any write but a delete once the pages in use come within 32
   * pages of it, which keeps room for one write's copied pages.
   * Default 16 GiB (address space is reserved, disk is used only as data
   * grows). */
  uint64_t map_size_max;
  /* Maximum number of concurrent read transactions across all threads and
   * processes. Default 510. */
  uint32_t max_readers;
  /* Open without write access: every write fails with
   * GWDB_SERVICE_OFFLINE. The store must already exist. Default 0. */
  int read_only;
  /* How long a deleted record's id still works as a paging offset, in
   * microseconds. Default 24 hours. */
  int64_t tombstone_retention_us;
  /* A gateway whose latest status report is older than this reads as
   * OFFLINE, in microseconds. Default 5 minutes. */
  int64_t status_staleness_us;
  /* Clock for created_at, updated_at and retention; NULL means the system
   * clock. */
  gwdb_clock_fn clock;
  void *clock_context;
  /* Random source for ids and token values; NULL means getrandom. */
  gwdb_random_fn random;
  void *random_context;
  /* Log sink; NULL means no logging. */
  gwdb_log_fn log;
  void *log_context;
  /* For bulk loads only: when true, a write returns before its data reaches
   * the disk, so a crash may lose recent writes (never corrupting the
   * store). Call gwdb_sync to make everything written so far durable.
   * Default 0: every write is durable when it returns. */
  int no_sync;
} gwdb_options;

/* Fills `options` with the defaults described above. Never fails; NULL is
 * ignored. */
GWDB_EXPORT void gwdb_options_init(gwdb_options *options);

/* Opens the store in directory `path`, creating the directory (mode 0700)
 * and an empty store when they do not exist (unless options->read_only is
 * set). Parent directories are not created: they must exist. The directory
 * holds data.mdb and lock.mdb, both created with mode 0600.
 *
 * `options` may be NULL for the defaults. On success *db_out receives a new
 * handle to release with gwdb_close. On failure *db_out is set to NULL and,
 * when `error_out` is not NULL, *error_out receives a message (free it with
 * gwdb_string_free) naming the path and the cause.
 *
 * Errors: GWDB_INVALID_ARGUMENT (NULL path or db_out, bad struct_size, or
 * this process already has the store open, by any path),
 * GWDB_UNKNOWN_ERROR (the directory cannot be created or opened, the file is
 * not a gatewaydb store, or it was written by a newer on-disk format),
 * GWDB_SERVICE_OFFLINE (read_only and the store does not exist).
 *
 * Of an existing data.mdb, gwdb_open checks only the meta pages and the
 * file size. To verify every page of a store that may be damaged (after a
 * disk fault, or a copy of unknown origin), call gwdb_check_path on the
 * directory first: LMDB trusts the page structure it reads.
 *
 * Thread-safe. Open each store once per process and share the handle:
 * LMDB does not allow the same environment to be opened twice in one
 * process, because closing either would release the other's file locks.
 * A child process after fork() may open a store its parent has open. */
GWDB_EXPORT int gwdb_open(const char *path, const gwdb_options *options,
                          gwdb_db **db_out, char **error_out);

/* Flushes every write made so far to disk. Needed only with
 * gwdb_options.no_sync; otherwise writes are already durable. Errors:
 * GWDB_INVALID_ARGUMENT (NULL db, or used after fork()), GWDB_UNKNOWN_ERROR
 * (the flush failed; message in *error_out when not NULL, free it with
 * gwdb_string_free). Thread-safe. */
GWDB_EXPORT int gwdb_sync(gwdb_db *db, char **error_out);

/* Closes the store and releases the handle. No call may be running on the
 * handle, and it must not be used afterwards. Responses already returned stay
 * valid. NULL is ignored. */
GWDB_EXPORT void gwdb_close(gwdb_db *db);

/* ------------------------------------------------------------------------ */
/* Responses                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct gwdb_response gwdb_response;

/* Releases a response. NULL is ignored. */
GWDB_EXPORT void gwdb_response_free(gwdb_response *response);

/* Returns the gwdb_code of the call that produced the response. */
GWDB_EXPORT int gwdb_response_code(const gwdb_response *response);

/* Returns the HTTP status: 200, 201, 204, 400, 401, 404, 405, 409, 500 or
 * 503. */
GWDB_EXPORT int gwdb_response_http_status(const gwdb_response *response);

/* Returns the body bytes (JSON, which never contains a NUL byte; one follows
 * the last byte, so the body can also be read as a C string) and stores their
 * length in *length_out when it is not NULL. A 204 response has an empty
 * body. The body of a typed list call is rendered on the first call of this
 * function, so callers that need only the offsets and item count never pay
 * for JSON; this is why a response belongs to one thread at a time.
 * Returns NULL (length 0) only if memory runs out during that rendering. */
GWDB_EXPORT const char *gwdb_response_body(const gwdb_response *response,
                                           size_t *length_out);

/* Returns the body encoded as MessagePack instead of JSON, and stores its
 * length in *length_out when it is not NULL. The value is the same as the
 * JSON body's. Objects become maps with their keys in the same order and
 * arrays stay arrays. Strings are str, and numbers use the smallest int or
 * uint format that fits them. true, false and null are bool and nil. A 204
 * response gives a non-NULL pointer and length 0. The bytes may contain
 * NUL, so read the length; a NUL follows the last byte. The pointer stays
 * valid until the response is freed. Added in 1.1.0: a program linked
 * against it does not start with an older libgatewaydb.so.1 (undefined
 * symbol), so deploy it with version 1.1.0 or later.
 *
 * This serves language bindings whose MessagePack decoder builds native
 * objects faster than their JSON decoder; the Python bindings use it for
 * list pages. A typed list call renders this body straight from its records
 * on the first call; other bodies are converted from their JSON. Returns
 * NULL (length 0) when `response` is NULL or memory runs out. Like
 * gwdb_response_body, the first call writes the response's own cache, so a
 * response belongs to one thread at a time. */
GWDB_EXPORT const char *gwdb_response_body_msgpack(
    const gwdb_response *response, size_t *length_out);

/* Returns the detailed message of a failed call (the "message" of the error
 * body), or "" on success. */
GWDB_EXPORT const char *gwdb_response_message(const gwdb_response *response);

/* Returns the number of HTTP headers in the response: Content-Type when there
 * is a body, Link on a list page with neighbours, Allow on
 * unsupported_method. */
GWDB_EXPORT size_t gwdb_response_header_count(const gwdb_response *response);

/* Reads header `index` (0 <= index < count) into *name_out and *value_out
 * (NUL-terminated). Returns GWDB_INVALID_ARGUMENT when the index is out of
 * range or a pointer is NULL. */
GWDB_EXPORT int gwdb_response_header(const gwdb_response *response,
                                     size_t index, const char **name_out,
                                     const char **value_out);

/* Returns the value of the first header named `name` (ASCII
 * case-insensitive), or NULL when there is none. */
GWDB_EXPORT const char *gwdb_response_header_value(
    const gwdb_response *response, const char *name);

/* For a list response: the id to pass as `offset` to fetch the next page, or
 * NULL when no matching item follows the page. */
GWDB_EXPORT const char *gwdb_response_next_offset(
    const gwdb_response *response);

/* For a list response: the id to pass as `offset` with prev set to fetch the
 * previous page, or NULL when no matching item precedes the page. */
GWDB_EXPORT const char *gwdb_response_prev_offset(
    const gwdb_response *response);

/* For a list response: the number of items on the page; 0 otherwise. */
GWDB_EXPORT size_t gwdb_response_item_count(const gwdb_response *response);

/* ------------------------------------------------------------------------ */
/* One-call HTTP entry point                                                 */
/* ------------------------------------------------------------------------ */

/* Serves one request of the Gateways API, so that an HTTP server can embed
 * gatewaydb by forwarding each request here.
 *
 * `method` is the HTTP method ("GET", "POST", "PUT", "DELETE"; compared
 * case-sensitively). `target` is the request target: the path, optionally
 * followed by "?" and a percent-encoded query string, such as
 * "/v1/teams/acme/gateways?count=10". `body` and `body_length` are the
 * request body (ignored by GET and DELETE).
 *
 * Routes: GET and POST /v1/teams/{team}/gateway_setup_tokens;
 * GET and DELETE .../gateway_setup_tokens/{id}; GET .../{id}/token;
 * GET /v1/teams/{team}/gateways; GET, PUT and DELETE .../gateways/{id};
 * GET and PUT .../gateways/{id}/status; POST /v1/gateway_registrations.
 *
 * Always stores a response in *response_out (unless response_out is NULL),
 * including for 4xx and 5xx outcomes, and returns its gwdb_code.
 * Thread-safe. */
GWDB_EXPORT int gwdb_request(gwdb_db *db, const char *method,
                             const char *target, const char *body,
                             size_t body_length,
                             gwdb_response **response_out);

/* ------------------------------------------------------------------------ */
/* Typed operations                                                          */
/* ------------------------------------------------------------------------ */

/* A label: a key (1 to 255 bytes) and a value (0 to 255 bytes), both valid
 * UTF-8 without control characters. */
typedef struct gwdb_label {
  const char *key;
  const char *value;
} gwdb_label;

/* A query for one page of a list. Initialize with gwdb_list_query_init. */
typedef struct gwdb_list_query {
  /* sizeof(gwdb_list_query); set by gwdb_list_query_init. */
  size_t struct_size;
  /* Id of a record of the same kind in the same team; the page holds the
   * items strictly after it (or strictly before it when prev is set). NULL
   * starts at the beginning (or, with prev, at the end). A record deleted
   * within the tombstone retention still marks its position. */
  const char *offset;
  /* Items per page, 1 to 1000; 0 means the default of 100. */
  uint32_t count;
  /* Order by (created_at, id) descending instead of ascending. */
  int descending;
  /* Page backwards from offset. */
  int prev;
  /* Keep items whose gateway name (or, for setup tokens, description)
   * contains this text, ASCII case-insensitively. NULL or "" means no
   * filter. At most 1024 bytes of valid UTF-8. */
  const char *contains;
  /* Gateways only: keep gateways in this lifecycle state ("ACTIVE"). NULL
   * means no filter. */
  const char *status;
} gwdb_list_query;

/* Fills `query` with the defaults: no offset, count 100, ascending, no
 * filters. NULL is ignored. */
GWDB_EXPORT void gwdb_list_query_init(gwdb_list_query *query);

/* What a new setup token holds. Initialize with gwdb_token_spec_init. */
typedef struct gwdb_token_spec {
  /* sizeof(gwdb_token_spec); set by gwdb_token_spec_init. */
  size_t struct_size;
  /* Up to 1024 characters of UTF-8, or NULL for none. */
  const char *description;
  /* Up to 64 labels with distinct keys; NULL with label_count 0 for
   * none. Gateways registered with the token receive these labels. */
  const gwdb_label *labels;
  size_t label_count;
} gwdb_token_spec;

/* Fills `spec` with an empty token spec. NULL is ignored. */
GWDB_EXPORT void gwdb_token_spec_init(gwdb_token_spec *spec);

/* Creates a gateway setup token in `team` (1 to 255 characters of
 * [A-Za-z0-9_.-]). `spec` may be NULL for a token with no description and
 * no labels. On success (201) the body is the token record, and
 * gwdb_response_token_value() gives the secret token value. Errors:
 * GWDB_INVALID_REQUEST, GWDB_RESOURCE_ALREADY_EXISTS, GWDB_SERVICE_OFFLINE,
 * GWDB_UNKNOWN_ERROR. */
GWDB_EXPORT int gwdb_token_create(gwdb_db *db, const char *team,
                                  const gwdb_token_spec *spec,
                                  gwdb_response **response_out);

/* For a response of gwdb_token_create or gwdb_token_value: the secret token
 * value; NULL for any other response. Treat it as a password: it is wiped
 * when the response is freed. */
GWDB_EXPORT const char *gwdb_response_token_value(
    const gwdb_response *response);

/* Reads setup token `id` of `team` (200, token record). Errors:
 * GWDB_INVALID_REQUEST (malformed team or id), GWDB_RESOURCE_DOES_NOT_EXIST,
 * GWDB_UNKNOWN_ERROR. */
GWDB_EXPORT int gwdb_token_get(gwdb_db *db, const char *team, const char *id,
                               gwdb_response **response_out);

/* Deletes setup token `id` of `team` (204). Gateways it registered stay.
 * Errors as gwdb_token_get, plus GWDB_SERVICE_OFFLINE. */
GWDB_EXPORT int gwdb_token_delete(gwdb_db *db, const char *team,
                                  const char *id,
                                  gwdb_response **response_out);

/* Reads the secret value of setup token `id` of `team` (200,
 * {"token": "..."}; also through gwdb_response_token_value). Errors as
 * gwdb_token_get. */
GWDB_EXPORT int gwdb_token_value(gwdb_db *db, const char *team,
                                 const char *id,
                                 gwdb_response **response_out);

/* Lists one page of the setup tokens of `team` (200, {"list": [...]}).
 * `query` may be NULL for the defaults; its status must be NULL. The
 * response carries the Link header and gwdb_response_next_offset /
 * gwdb_response_prev_offset. Errors: GWDB_INVALID_REQUEST (bad team or query
 * value, offset not a token of this team), GWDB_UNKNOWN_ERROR. */
GWDB_EXPORT int gwdb_token_list(gwdb_db *db, const char *team,
                                const gwdb_list_query *query,
                                gwdb_response **response_out);

/* What a gateway agent presents to register. Initialize with
 * gwdb_registration_init. */
typedef struct gwdb_registration {
  /* sizeof(gwdb_registration); set by gwdb_registration_init. */
  size_t struct_size;
  /* The setup token value (required). */
  const char *token;
  /* Gateway name, 1 to 255 characters of [A-Za-z0-9_.-] (required). */
  const char *name;
  /* Up to 1024 characters, or NULL. */
  const char *description;
  /* Up to 255 bytes of printable ASCII each, or NULL. */
  const char *access_address;
  const char *default_address;
  const char *cloud_provider;
} gwdb_registration;

/* Fills `registration` with NULL fields. NULL is ignored. */
GWDB_EXPORT void gwdb_registration_init(gwdb_registration *registration);

/* Registers a gateway with a setup token (201, gateway record). The gateway
 * joins the token's team with the token's labels and status ACTIVE; the
 * token stays valid for further registrations. Errors:
 * GWDB_INVALID_REQUEST, GWDB_AUTHENTICATION_ERROR (no such token),
 * GWDB_RESOURCE_ALREADY_EXISTS, GWDB_SERVICE_OFFLINE, GWDB_UNKNOWN_ERROR. */
GWDB_EXPORT int gwdb_gateway_register(gwdb_db *db,
                                      const gwdb_registration *registration,
                                      gwdb_response **response_out);

/* Registers `count` gateways at once, for bulk loads such as a migration out
 * of ASA: each registration is checked and applied on its own, exactly as
 * gwdb_gateway_register would, but they share durable commits (up to 2048
 * registrations per LMDB transaction), so the load needs a few disk syncs
 * instead of one per gateway.
 *
 * `registrations` points at `count` structs. `responses_out` points at an
 * array of `count` pointers that receive one response each, in input
 * order, which the caller frees with gwdb_response_free. Returns GWDB_OK
 * when every response was produced, whatever each one's code (read it with
 * gwdb_response_code); GWDB_INVALID_ARGUMENT, with no response stored, for
 * NULL arguments, a registration with a bad struct_size, or a NULL token or
 * name. Thread-safe. */
GWDB_EXPORT int gwdb_gateway_register_batch(
    gwdb_db *db, const gwdb_registration *registrations, size_t count,
    gwdb_response **responses_out);

/* Reads gateway `id` of `team` (200, gateway record). Errors as
 * gwdb_token_get. */
GWDB_EXPORT int gwdb_gateway_get(gwdb_db *db, const char *team,
                                 const char *id,
                                 gwdb_response **response_out);

/* A change to a gateway. Initialize with gwdb_gateway_changes_init. */
typedef struct gwdb_gateway_changes {
  /* sizeof(gwdb_gateway_changes); set by gwdb_gateway_changes_init. */
  size_t struct_size;
  /* New name (required), 1 to 255 characters of [A-Za-z0-9_.-]. */
  const char *name;
  /* New labels, replacing all old ones (label_count 0 clears them). */
  const gwdb_label *labels;
  size_t label_count;
  /* When set_description is true, description replaces the old one (NULL
   * clears it); otherwise the description is kept. */
  int set_description;
  const char *description;
  /* When set_refuse_connections is true, refuse_connections replaces the
   * old flag; otherwise the flag is kept. */
  int set_refuse_connections;
  int refuse_connections;
} gwdb_gateway_changes;

/* Fills `changes` with changes that keep the description and the
 * refuse_connections flag; name and labels must still be set. NULL is
 * ignored. */
GWDB_EXPORT void gwdb_gateway_changes_init(gwdb_gateway_changes *changes);

/* Applies `changes` to gateway `id` of `team` (204): name and labels are
 * replaced, the description and refuse_connections only when their set_
 * flags are true. Errors: GWDB_INVALID_REQUEST,
 * GWDB_RESOURCE_DOES_NOT_EXIST, GWDB_SERVICE_OFFLINE, GWDB_UNKNOWN_ERROR. */
GWDB_EXPORT int gwdb_gateway_update(gwdb_db *db, const char *team,
                                    const char *id,
                                    const gwdb_gateway_changes *changes,
                                    gwdb_response **response_out);

/* Deletes gateway `id` of `team` and its status report (204). Errors as
 * gwdb_token_delete. */
GWDB_EXPORT int gwdb_gateway_delete(gwdb_db *db, const char *team,
                                    const char *id,
                                    gwdb_response **response_out);

/* Lists one page of the gateways of `team` (200, {"list": [...]}), with the
 * same paging as gwdb_token_list plus the status filter. */
GWDB_EXPORT int gwdb_gateway_list(gwdb_db *db, const char *team,
                                  const gwdb_list_query *query,
                                  gwdb_response **response_out);

/* A status report from a gateway agent. Initialize with
 * gwdb_status_report_init. */
typedef struct gwdb_status_report {
  /* sizeof(gwdb_status_report); set by gwdb_status_report_init. */
  size_t struct_size;
  /* True for ONLINE, false for OFFLINE. */
  int online;
  /* Counters, 0 to INT64_MAX; used_storage_bytes <= total_storage_bytes. */
  uint64_t active_connections;
  uint64_t total_storage_bytes;
  uint64_t used_storage_bytes;
} gwdb_status_report;

/* Fills `report` with an OFFLINE report of zero counters. NULL is ignored. */
GWDB_EXPORT void gwdb_status_report_init(gwdb_status_report *report);

/* Stores `report` as the latest status of gateway `id` of `team` (204),
 * stamped with the current time. Errors as gwdb_gateway_update. */
GWDB_EXPORT int gwdb_gateway_report_status(gwdb_db *db, const char *team,
                                           const char *id,
                                           const gwdb_status_report *report,
                                           gwdb_response **response_out);

/* Reads the latest status report of gateway `id` of `team` (200). A gateway
 * that never reported reads as OFFLINE with zero counters and a null
 * updated_at; a report older than status_staleness_us reads as OFFLINE with
 * its last counters. Errors as gwdb_token_get. */
GWDB_EXPORT int gwdb_gateway_status(gwdb_db *db, const char *team,
                                    const char *id,
                                    gwdb_response **response_out);

/* ------------------------------------------------------------------------ */
/* Maintenance                                                               */
/* ------------------------------------------------------------------------ */

/* Counts of one team's records, as reported by gwdb_stats. */
typedef struct gwdb_team_stats {
  const char *team;
  uint64_t setup_tokens;
  uint64_t gateways;
  uint64_t tombstones;
} gwdb_team_stats;

/* Receives one team's counts; return 0 to continue, non-zero to stop. */
typedef int (*gwdb_team_stats_fn)(void *context,
                                  const gwdb_team_stats *stats);

/* Store-wide figures filled by gwdb_stats. */
typedef struct gwdb_store_stats {
  /* sizeof(gwdb_store_stats); set by the caller before the call. */
  size_t struct_size;
  uint64_t teams;
  uint64_t setup_tokens;
  uint64_t gateways;
  uint64_t status_reports;
  uint64_t tombstones;
  /* Size of data.mdb on disk, the bytes of pages in use, and the maximum
   * map size, all in bytes. */
  uint64_t file_bytes;
  uint64_t used_bytes;
  uint64_t map_size_max;
  /* On-disk format version of the store. */
  uint32_t format_version;
} gwdb_store_stats;

/* Counts the store's records in one read transaction, filling *stats_out
 * (whose struct_size the caller sets) and calling `per_team` (may be NULL)
 * once per team in name order. Token values are never reported. Errors:
 * GWDB_INVALID_ARGUMENT, GWDB_UNKNOWN_ERROR (message in *error_out when not
 * NULL; free with gwdb_string_free). Thread-safe. */
GWDB_EXPORT int gwdb_stats(gwdb_db *db, gwdb_store_stats *stats_out,
                           gwdb_team_stats_fn per_team, void *context,
                           char **error_out);

/* Receives one violation found by gwdb_check (NUL-terminated, valid only
 * during the call). */
typedef void (*gwdb_violation_fn)(void *context, const char *message);

/* Verifies the whole store in one read transaction: every record's
 * checksum and flatbuffer structure, that its key agrees with its content,
 * and that every index entry (ids, status index, token-value lookup,
 * tombstones, status reports) agrees with the records. Calls
 * `on_violation` (may be NULL) once per violation and stores their number
 * in *violations_out.
 *
 * Before walking any tree it audits the data file's page structure (meta
 * pages, page headers, node bounds, key order, overflow chains, free
 * lists) with plain reads that trust nothing; when that finds damage, the
 * trees are not walked, because LMDB itself trusts its pages.
 *
 * Returns GWDB_OK when the walk finished, whatever it found (check
 * *violations_out); GWDB_INVALID_ARGUMENT for NULL db or violations_out;
 * GWDB_UNKNOWN_ERROR when LMDB itself failed (message in *error_out when
 * not NULL; free with gwdb_string_free). Writers may go on meanwhile; the
 * check reads one snapshot.
 *
 * NOTE: opening a store reads pages before any check can run; to check a
 * store that may be damaged, use gwdb_check_path. */
GWDB_EXPORT int gwdb_check(gwdb_db *db, gwdb_violation_fn on_violation,
                           void *context, uint64_t *violations_out,
                           char **error_out);

/* Checks the store in directory `path` without first trusting it: audits
 * the page structure of its data file with plain reads, and only when that
 * is clean opens the store read-only and runs gwdb_check. Reports
 * violations as gwdb_check does. Returns GWDB_OK when the check ran,
 * whatever it found; GWDB_INVALID_ARGUMENT for NULL path or
 * violations_out; GWDB_UNKNOWN_ERROR or GWDB_SERVICE_OFFLINE when the file
 * cannot be read or opened (message in *error_out when not NULL).
 * Thread-safe; do not call it on a store this process has open. */
GWDB_EXPORT int gwdb_check_path(const char *path,
                                gwdb_violation_fn on_violation,
                                void *context, uint64_t *violations_out,
                                char **error_out);

/* Writes a compacted copy of the store (free pages dropped, pages in key
 * order) into `destination_dir`, which must not exist yet and is created
 * with mode 0700. Writers may go on meanwhile; the copy is one snapshot.
 * Errors: GWDB_INVALID_ARGUMENT (NULL db or path), GWDB_INVALID_REQUEST
 * (the directory exists or cannot be created), GWDB_UNKNOWN_ERROR (the
 * copy failed); the message goes to *error_out when it is not NULL. */
GWDB_EXPORT int gwdb_compact(gwdb_db *db, const char *destination_dir,
                             char **error_out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* GATEWAYDB_GATEWAYDB_H_ */
