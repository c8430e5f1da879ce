// Value rules shared by every entry point (HTTP bodies, query strings and
// the typed C calls). Each check appends a FieldError naming the value and
// the rule, so that one response can list every fault at once.
#ifndef GATEWAYDB_SRC_VALIDATION_H_
#define GATEWAYDB_SRC_VALIDATION_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "errors.h"
#include "record_types.h"

namespace gwdb {

inline constexpr size_t kMaxNameBytes = 255;
inline constexpr size_t kMaxDescriptionChars = 1024;
inline constexpr size_t kMaxLabels = 64;
inline constexpr size_t kMaxLabelKeyBytes = 255;
inline constexpr size_t kMaxLabelValueBytes = 255;
inline constexpr size_t kMaxAddressBytes = 255;
inline constexpr size_t kMaxContainsBytes = 1024;
inline constexpr uint32_t kMaxPageCount = 1000;
inline constexpr uint32_t kDefaultPageCount = 100;
inline constexpr uint64_t kMaxCounter = 9223372036854775807ULL;

// Team and gateway names: 1 to 255 characters of [A-Za-z0-9_.-].
bool IsValidName(absl::string_view name);
void CheckName(absl::string_view path, absl::string_view name,
               FieldErrors& errors);
// Checks a team name as an operation's own input; the error path is
// "team_name".
absl::Status CheckTeamName(absl::string_view team);

// Returns true when `text` is well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view text);
size_t CountCodePoints(absl::string_view utf8);

// Descriptions: valid UTF-8 of at most 1024 characters.
void CheckDescription(absl::string_view path, absl::string_view description,
                      FieldErrors& errors);

// Labels: at most 64; keys 1 to 255 bytes, values 0 to 255 bytes, valid
// UTF-8 without control characters; keys distinct. `path` is "labels" or
// "details.labels".
void CheckLabels(absl::string_view path, const Labels& labels,
                 FieldErrors& errors);

// Addresses and cloud_provider: at most 255 bytes of printable ASCII.
void CheckAddress(absl::string_view path, absl::string_view value,
                  FieldErrors& errors);

// Status report counters and their relation.
void CheckStatusReport(const StatusReportInput& report, FieldErrors& errors);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_VALIDATION_H_
