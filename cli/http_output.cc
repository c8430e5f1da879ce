#include "http_output.h"

#include "store.h"

namespace gwdb_cli {

const char* ReasonPhrase(int http_status) {
  switch (http_status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string FormatResponse(const gwdb_response* response,
                           const BodyFormat& body_format) {
  int status = gwdb_response_http_status(response);
  std::string text =
      "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) + "\n";

  size_t header_count = gwdb_response_header_count(response);
  for (size_t i = 0; i < header_count; ++i) {
    const char* name = nullptr;
    const char* value = nullptr;
    if (gwdb_response_header(response, i, &name, &value) == GWDB_OK) {
      text += std::string(name) + ": " + value + "\n";
    }
  }
  text += "\n";

  std::string body = body_format.replacement.has_value()
                         ? *body_format.replacement
                         : ResponseBody(response);
  if (body_format.max_bytes > 0) {
    body = TruncateForDisplay(body, body_format.max_bytes);
  }
  if (!body.empty()) {
    text += body + "\n";
  }
  return text;
}

std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body) {
  std::string text = "> " + method + " " + target + "\n";
  if (!body.empty()) {
    text += "> " + body + "\n";
  }
  return text;
}

std::string TruncateForDisplay(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return text;
  }

  // Back up over UTF-8 continuation bytes (10xxxxxx) so that the cut falls
  // on the first byte of a character.
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut) + "… [" + std::to_string(text.size() - cut) +
         " more bytes not shown]";
}

}  // namespace gwdb_cli
