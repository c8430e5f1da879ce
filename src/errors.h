// Error values of the engine: absl::Status codes mapped one to one onto the
// API's error codes, with per-field errors carried as a payload.
#ifndef GATEWAYDB_SRC_ERRORS_H_
#define GATEWAYDB_SRC_ERRORS_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace gwdb {

// One invalid body field, query parameter or path parameter. `path` is the
// field's name, dotted for nested fields ("details.labels").
struct FieldError {
  std::string path;
  std::string message;
};

using FieldErrors = std::vector<FieldError>;

// Builds invalid_request. `fields` may be empty when the whole body is at
// fault (malformed JSON, not an object).
absl::Status InvalidRequest(absl::string_view message,
                            const FieldErrors& fields = {});

// Builds invalid_request from collected field errors, using the first
// field's message as the summary.
absl::Status InvalidFields(const FieldErrors& fields);

// Returns the field errors attached to an invalid_request status.
FieldErrors FieldErrorsOf(const absl::Status& status);

// Mapping between absl codes and the API's codes:
//   InvalidArgument    -> invalid_request (400)
//   Unauthenticated    -> authentication_error (401)
//   NotFound           -> resource_does_not_exist (404)
//   AlreadyExists      -> resource_already_exists (409)
//   Unimplemented      -> unsupported_method (405)
//   Unavailable        -> service_offline (503)
//   FailedPrecondition -> invalid_argument (caller broke the C rules)
//   anything else      -> unknown_error (500)
int GwdbCodeOf(const absl::Status& status);
int HttpStatusOf(int gwdb_code);
const char* ApiCodeName(int gwdb_code);
const char* HttpReason(int http_status);

// Returns a JSON-escaped, quoted rendering of `value` for messages, cut to
// `max_bytes` (at a character boundary) with "..." when longer. A value
// that contains a setup-token prefix is replaced by a placeholder, so that
// a token pasted into the wrong field never appears in a message.
std::string Quote(absl::string_view value, size_t max_bytes = 64);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_ERRORS_H_
