#include "link_header.h"

namespace gwdb_cli {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

void SkipSpaces(std::string_view text, size_t& position) {
  while (position < text.size() && IsSpace(text[position])) {
    ++position;
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Returns the rel value of parameters such as `; rel="next"; title=x`, with
// the quotes removed, or "" when there is none.
std::string RelationOf(std::string_view parameters) {
  size_t start = 0;
  while (start < parameters.size()) {
    size_t end = parameters.find(';', start);
    if (end == std::string_view::npos) {
      end = parameters.size();
    }
    std::string_view parameter = Trim(parameters.substr(start, end - start));
    if (parameter.substr(0, 4) == "rel=") {
      std::string_view value = parameter.substr(4);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    start = end + 1;
  }
  return std::string();
}

}  // namespace

std::optional<PageLinks> ParseLinkHeader(std::string_view header) {
  PageLinks links;
  size_t position = 0;
  while (true) {
    SkipSpaces(header, position);
    if (position >= header.size() || header[position] != '<') {
      return std::nullopt;
    }
    size_t url_end = header.find('>', position);
    if (url_end == std::string_view::npos) {
      return std::nullopt;
    }
    std::string url(header.substr(position + 1, url_end - position - 1));

    size_t value_end = header.find(',', url_end);
    if (value_end == std::string_view::npos) {
      value_end = header.size();
    }
    std::string relation =
        RelationOf(header.substr(url_end + 1, value_end - url_end - 1));
    if (relation == "next") {
      links.next = url;
    } else if (relation == "prev") {
      links.prev = url;
    }

    if (value_end >= header.size()) {
      return links;
    }
    position = value_end + 1;
  }
}

std::optional<std::string> QueryParameter(std::string_view target,
                                          std::string_view name) {
  size_t question = target.find('?');
  if (question == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view query = target.substr(question + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    std::string_view pair = query.substr(start, end - start);
    size_t equals = pair.find('=');
    std::string_view key = pair.substr(0, equals);
    if (key == name) {
      if (equals == std::string_view::npos) {
        return std::string();
      }
      return std::string(pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace gwdb_cli
