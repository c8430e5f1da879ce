// Parsing the Link header of a list page (RFC 8288 link values).

#ifndef GATEWAYDB_CLI_LINK_HEADER_H_
#define GATEWAYDB_CLI_LINK_HEADER_H_

#include <optional>
#include <string>
#include <string_view>

namespace gwdb_cli {

// The targets of a page's rel="next" and rel="prev" links.
struct PageLinks {
  std::optional<std::string> next;
  std::optional<std::string> prev;
};

// Parses a header such as `</v1/teams/t/gateways?offset=ID&count=100>;
// rel="next", <...>; rel="prev"`. Returns std::nullopt when the text is not
// a list of `<URL>; rel=...` values. Links of other relations are ignored.
std::optional<PageLinks> ParseLinkHeader(std::string_view header);

// Returns the value of query parameter `name` in a request target, still
// percent-encoded, or std::nullopt when the parameter is absent.
std::optional<std::string> QueryParameter(std::string_view target,
                                          std::string_view name);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_LINK_HEADER_H_
