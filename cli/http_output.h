// Printing requests and responses in the layout of an HTTP/1.1 message.

#ifndef GATEWAYDB_CLI_HTTP_OUTPUT_H_
#define GATEWAYDB_CLI_HTTP_OUTPUT_H_

#include <cstddef>
#include <optional>
#include <string>

#include "gatewaydb/gatewaydb.h"

namespace gwdb_cli {

// Display options for the body printed by FormatResponse.
struct BodyFormat {
  // Printed in place of the real body, such as a copy with a secret masked.
  std::optional<std::string> replacement;
  // Bodies longer than this many bytes are cut and followed by a note of
  // how many bytes were left out; 0 prints the whole body.
  size_t max_bytes = 0;
};

// Returns the standard reason phrase of an HTTP status, or "Unknown".
const char* ReasonPhrase(int http_status);

// Formats `response` as "HTTP/1.1 <code> <reason>", one "Name: value" line
// per header, an empty line, then the body followed by a newline when the
// body is not empty.
std::string FormatResponse(const gwdb_response* response,
                           const BodyFormat& body_format = BodyFormat());

// Formats a request as "> METHOD TARGET" and, when there is a body, a
// second line "> BODY".
std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body);

// Returns `text` cut to at most `max_bytes` bytes, followed by a note of the
// bytes left out. The cut never splits a UTF-8 sequence. Text that fits is
// returned unchanged.
std::string TruncateForDisplay(const std::string& text, size_t max_bytes);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_HTTP_OUTPUT_H_
