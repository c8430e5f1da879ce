// Response accessors of the C ABI.
#include <strings.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "errors.h"
#include "handles.h"

namespace gwdb {

int Deliver(Response response, gwdb_response** out) {
  const int code = response.code;
  if (out == nullptr) return code;
  *out = new (std::nothrow) gwdb_response{std::move(response)};
  return *out == nullptr ? GWDB_UNKNOWN_ERROR : code;
}

int DeliverInvalidArgument(const char* message, gwdb_response** out) {
  Response response =
      ErrorResponse(absl::FailedPreconditionError(message));
  Deliver(std::move(response), out);
  return GWDB_INVALID_ARGUMENT;
}

}  // namespace gwdb

extern "C" {

void gwdb_response_free(gwdb_response* response) { delete response; }

int gwdb_response_code(const gwdb_response* response) {
  return response ? response->response.code : GWDB_INVALID_ARGUMENT;
}

int gwdb_response_http_status(const gwdb_response* response) {
  return response ? response->response.http_status : 500;
}

const char* gwdb_response_body(const gwdb_response* response,
                               size_t* length_out) {
  if (response == nullptr) {
    if (length_out) *length_out = 0;
    return "";
  }
  // Rendering a deferred body changes only the response's own cache; the
  // header makes a response single-threaded, so no lock is needed.
  try {
    const std::string& body =
        const_cast<gwdb_response*>(response)->response.Body();
    if (length_out) *length_out = body.size();
    return body.c_str();
  } catch (const std::exception&) {
    // Rendering a deferred list body can run out of memory, and no C++
    // exception may cross the C ABI.
    if (length_out) *length_out = 0;
    return nullptr;
  }
}

const char* gwdb_response_body_msgpack(const gwdb_response* response,
                                       size_t* length_out) {
  if (length_out) *length_out = 0;
  if (response == nullptr) return nullptr;
  try {
    // As in gwdb_response_body, only the response's own cache changes.
    const std::string& body =
        const_cast<gwdb_response*>(response)->response.MsgpackBody();
    if (length_out) *length_out = body.size();
    return body.c_str();
  } catch (const std::exception&) {
    // std::bad_alloc, or a JSON body this library wrote wrongly. Neither
    // may cross the C ABI.
    return nullptr;
  }
}

const char* gwdb_response_message(const gwdb_response* response) {
  return response ? response->response.message.c_str() : "";
}

size_t gwdb_response_header_count(const gwdb_response* response) {
  return response ? response->response.headers.size() : 0;
}

int gwdb_response_header(const gwdb_response* response, size_t index,
                         const char** name_out, const char** value_out) {
  if (response == nullptr || name_out == nullptr || value_out == nullptr ||
      index >= response->response.headers.size()) {
    return GWDB_INVALID_ARGUMENT;
  }
  const auto& [name, value] = response->response.headers[index];
  *name_out = name.c_str();
  *value_out = value.c_str();
  return GWDB_OK;
}

const char* gwdb_response_header_value(const gwdb_response* response,
                                       const char* name) {
  if (response == nullptr || name == nullptr) return nullptr;
  for (const auto& [header, value] : response->response.headers) {
    if (strcasecmp(header.c_str(), name) == 0) return value.c_str();
  }
  return nullptr;
}

const char* gwdb_response_next_offset(const gwdb_response* response) {
  if (response == nullptr || !response->response.has_next) return nullptr;
  return response->response.next_offset.c_str();
}

const char* gwdb_response_prev_offset(const gwdb_response* response) {
  if (response == nullptr || !response->response.has_prev) return nullptr;
  return response->response.prev_offset.c_str();
}

size_t gwdb_response_item_count(const gwdb_response* response) {
  return response ? response->response.item_count : 0;
}

const char* gwdb_response_token_value(const gwdb_response* response) {
  if (response == nullptr || !response->response.has_token_value) {
    return nullptr;
  }
  return response->response.token_value.c_str();
}

void gwdb_string_free(char* string) { std::free(string); }

}  // extern "C"
