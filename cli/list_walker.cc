#include "list_walker.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>

#include "http_output.h"
#include "link_header.h"
#include "progress_meter.h"
#include "store.h"

namespace gwdb_cli {
namespace {

// The first page of a walk is shown with this many items, and cut to this
// many bytes.
constexpr size_t kShownItems = 2;
constexpr size_t kShownBodyBytes = 2000;

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0x0F];
    }
  }
  return encoded;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes and '+' (as a space); invalid escapes stay as they are.
std::string PercentDecode(const std::string& text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      decoded +=
          static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else if (text[i] == '+') {
      decoded += ' ';
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

bool ContainsIgnoringAsciiCase(const std::string& text,
                               const std::string& word) {
  auto equal = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  return std::search(text.begin(), text.end(), word.begin(), word.end(),
                     equal) != text.end();
}

std::string FirstTarget(const std::string& team, const WalkSpec& spec) {
  std::string target = "/v1/teams/" + team + "/" + spec.collection +
                       "?count=" + std::to_string(spec.count);
  if (spec.descending) target += "&descending=true";
  if (spec.prev) target += "&prev=true";
  if (!spec.contains.empty())
    target += "&contains=" + PercentEncode(spec.contains);
  if (!spec.status.empty()) target += "&status=" + PercentEncode(spec.status);
  return target;
}

// The ids the whole walk must return, in order. Every gateway the demo
// registers is ACTIVE, so the status filter keeps them all.
std::vector<std::string> ExpectedIds(const WalkSpec& spec,
                                     const std::vector<LoadedRecord>& records) {
  std::vector<std::string> ids;
  for (const LoadedRecord& record : records) {
    if (spec.contains.empty() ||
        ContainsIgnoringAsciiCase(record.searchable_text, spec.contains)) {
      ids.push_back(record.id);
    }
  }
  if (spec.descending) {
    std::reverse(ids.begin(), ids.end());
  }
  return ids;
}

// Returns the ids of a list page, or std::nullopt when the body is not
// {"list": [{"id": "..."}, ...]}.
std::optional<std::vector<std::string>> PageIds(const std::string& body) {
  nlohmann::json page = nlohmann::json::parse(body, nullptr, false);
  if (!page.is_object() || !page.contains("list") || !page["list"].is_array()) {
    return std::nullopt;
  }
  std::vector<std::string> ids;
  for (const nlohmann::json& item : page["list"]) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
      return std::nullopt;
    }
    ids.push_back(item["id"].get<std::string>());
  }
  return ids;
}

// Checks one link against the page: its offset is the page's edge item and
// the library's offset accessor, and it keeps the first query's parameters.
// Returns "" when it is right, or what is wrong.
std::string CheckLink(const std::optional<std::string>& link,
                      const char* library_offset, const std::string& edge_id,
                      const WalkSpec& spec, const char* relation) {
  std::string name = std::string("rel=\"") + relation + "\" link";
  if (link.has_value() != (library_offset != nullptr)) {
    return name + (link ? " present but the library reports no offset"
                        : " missing but the library reports an offset");
  }
  if (!link) return "";

  std::optional<std::string> offset = QueryParameter(*link, "offset");
  if (!offset || *offset != edge_id || *offset != library_offset) {
    return name + " " + *link + " does not point at the page's edge item " +
           edge_id;
  }
  std::optional<std::string> count = QueryParameter(*link, "count");
  if (!count || *count != std::to_string(spec.count)) {
    return name + " " + *link + " lost count=" + std::to_string(spec.count);
  }
  if (spec.descending && QueryParameter(*link, "descending") != "true") {
    return name + " " + *link + " lost descending=true";
  }
  std::optional<std::string> contains = QueryParameter(*link, "contains");
  if (!spec.contains.empty() &&
      (!contains || PercentDecode(*contains) != spec.contains)) {
    return name + " " + *link + " lost contains=" + spec.contains;
  }
  if (!spec.status.empty() && QueryParameter(*link, "status") != spec.status) {
    return name + " " + *link + " lost status=" + spec.status;
  }
  return "";
}

// Returns a list body shortened for display: the first kShownItems items
// and a note of how many items and bytes the whole body has.
std::string ShortenListBody(const std::string& body) {
  using Json = nlohmann::ordered_json;
  Json page = Json::parse(body, nullptr, false);
  if (!page.is_object() || !page.contains("list") || !page["list"].is_array() ||
      page["list"].size() <= kShownItems) {
    return TruncateForDisplay(body, kShownBodyBytes);
  }
  const Json& list = page["list"];
  std::string shown = "{\"list\":[";
  for (size_t i = 0; i < kShownItems; ++i) {
    shown += list[i].dump() + ",";
  }
  shown += "…]}";
  shown = TruncateForDisplay(shown, kShownBodyBytes);
  return shown + "\n[showing " + std::to_string(kShownItems) + " of " +
         std::to_string(list.size()) + " items; the body has " +
         std::to_string(body.size()) + " bytes]";
}

std::string Plural(size_t count, const std::string& noun) {
  return WithThousands(count) + " " + noun + (count == 1 ? "" : "s");
}

WalkOutcome Fail(WalkOutcome outcome, const std::string& detail) {
  outcome.ok = false;
  outcome.detail = detail;
  return outcome;
}

// Compares the ids a walk returned with the expected ones. Returns "" when
// they match, or the first difference.
std::string CompareIds(const std::vector<std::string>& seen,
                       const std::vector<std::string>& expected) {
  std::unordered_set<std::string> distinct;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!distinct.insert(seen[i]).second) {
      return "item " + seen[i] + " returned twice (again at position " +
             std::to_string(i) + ")";
    }
  }
  for (size_t i = 0; i < std::min(seen.size(), expected.size()); ++i) {
    if (seen[i] != expected[i]) {
      return "position " + std::to_string(i) + " holds " + seen[i] +
             ", expected " + expected[i];
    }
  }
  if (seen.size() != expected.size()) {
    return "returned " + std::to_string(seen.size()) + " items, expected " +
           std::to_string(expected.size());
  }
  return "";
}

}  // namespace

std::vector<LoadedRecord> SortInListOrder(std::vector<LoadedRecord> records) {
  // Timestamps have a fixed width, so text order is time order; ids are
  // lower-case hex, so text order is byte order.
  std::stable_sort(records.begin(), records.end(),
                   [](const LoadedRecord& a, const LoadedRecord& b) {
                     if (a.created_at != b.created_at) {
                       return a.created_at < b.created_at;
                     }
                     return a.id < b.id;
                   });
  return records;
}

WalkOutcome WalkList(gwdb_db* db, const std::string& team, const WalkSpec& spec,
                     const std::vector<LoadedRecord>& records) {
  WalkOutcome outcome;
  std::vector<std::string> expected = ExpectedIds(spec, records);
  size_t page_limit = expected.size() / spec.count + 3;
  std::vector<std::vector<std::string>> pages;

  std::optional<std::string> target = FirstTarget(team, spec);
  while (target.has_value()) {
    if (spec.max_pages > 0 && pages.size() == spec.max_pages) break;
    if (pages.size() >= page_limit) {
      return Fail(outcome, "walk did not end after " +
                               std::to_string(page_limit) + " pages");
    }

    Response response = SendRequest(db, "GET", *target, "");
    if (pages.empty()) {
      outcome.first_exchange =
          FormatRequest("GET", *target, "") +
          FormatResponse(
              response.get(),
              BodyFormat{ShortenListBody(ResponseBody(response.get())), 0});
    }
    int status = gwdb_response_http_status(response.get());
    if (status != 200) {
      return Fail(outcome, "GET " + *target + " returned " +
                               std::to_string(status) + ": " +
                               gwdb_response_message(response.get()));
    }
    std::optional<std::vector<std::string>> ids =
        PageIds(ResponseBody(response.get()));
    if (!ids || ids->size() > spec.count) {
      return Fail(outcome, "GET " + *target + " returned a malformed page");
    }

    PageLinks links;
    const char* header = gwdb_response_header_value(response.get(), "Link");
    if (header != nullptr) {
      std::optional<PageLinks> parsed = ParseLinkHeader(header);
      if (!parsed || ids->empty()) {
        return Fail(outcome, "unexpected Link header: " + std::string(header));
      }
      links = *parsed;
    }
    if (!ids->empty()) {
      std::string problem =
          CheckLink(links.next, gwdb_response_next_offset(response.get()),
                    ids->back(), spec, "next");
      if (problem.empty()) {
        problem =
            CheckLink(links.prev, gwdb_response_prev_offset(response.get()),
                      ids->front(), spec, "prev");
      }
      if (!problem.empty()) return Fail(outcome, problem);
    }

    outcome.items += ids->size();
    pages.push_back(std::move(*ids));
    target = spec.prev ? links.prev : links.next;
  }
  outcome.pages = pages.size();

  // A backward walk receives the pages from the end, each in list order.
  std::vector<std::string> seen;
  if (spec.prev) std::reverse(pages.begin(), pages.end());
  for (const std::vector<std::string>& page : pages) {
    seen.insert(seen.end(), page.begin(), page.end());
  }

  // A capped walk covers only the start (or, backwards, the end).
  bool capped = target.has_value();
  if (capped && seen.size() < expected.size()) {
    if (spec.prev) {
      expected.erase(expected.begin(), expected.end() - seen.size());
    } else {
      expected.resize(seen.size());
    }
  }
  std::string difference = CompareIds(seen, expected);
  if (!difference.empty()) return Fail(outcome, difference);

  outcome.ok = true;
  outcome.detail =
      Plural(seen.size(), "item") + " in " + Plural(outcome.pages, "page") +
      (capped ? " (stopped early on purpose)" : ", each once, in order");
  return outcome;
}

}  // namespace gwdb_cli
