// The outcome of one operation as an HTTP server would send it: status,
// headers and JSON body, plus the list and token extras of the C ABI.
#ifndef GATEWAYDB_SRC_RESPONSE_H_
#define GATEWAYDB_SRC_RESPONSE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "value_sinks.h"

namespace gwdb {

struct Response {
  Response() = default;
  Response(const Response&) = delete;
  Response& operator=(const Response&) = delete;
  Response(Response&&) = default;
  Response& operator=(Response&&) = default;
  // Overwrites the token value so that it does not linger in freed memory.
  ~Response();

  int code = 0;
  int http_status = 200;
  std::string body;
  std::string message;
  std::vector<std::pair<std::string, std::string>> headers;
  bool has_next = false;
  bool has_prev = false;
  std::string next_offset;
  std::string prev_offset;
  size_t item_count = 0;
  bool has_token_value = false;
  std::string token_value;
  // When set, renders the body in a format on its first read: typed list
  // calls return offsets and counts at once and pay for a body only if it
  // is read. Bodies without a renderer are set in `body` at once.
  std::function<std::string(BodyFormat)> render_body;

  // Returns the JSON body, rendering it first when it was deferred.
  const std::string& Body();

  // Returns the body as MessagePack, the same value as Body(): rendered by
  // `render_body` when set, else converted from the JSON body. An empty
  // body stays empty. Throws std::bad_alloc when memory runs out.
  const std::string& MsgpackBody();

 private:
  bool json_ready_ = false;
  bool msgpack_ready_ = false;
  std::string msgpack_body_;
};

// Builds the error response of a failed status: the API's error body
// {"code", "message", "errors"?} with the matching HTTP status.
Response ErrorResponse(const absl::Status& status);

// Builds a success response with a JSON body (or none for 204).
Response JsonResponse(int http_status, std::string body);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_RESPONSE_H_
