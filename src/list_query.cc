#include "list_query.h"

#include <uriparser/Uri.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "validation.h"

namespace gwdb {
namespace {

void SetBool(absl::string_view name, absl::string_view text, bool& out,
             FieldErrors& errors) {
  if (text == "true" || text == "false") {
    out = text == "true";
    return;
  }
  errors.push_back({std::string(name),
                    absl::StrCat(name, " ", Quote(text),
                                 " is invalid: it must be true or false")});
}

std::string Escape(absl::string_view text) {
  std::string out(text.size() * 3 + 1, '\0');
  const char* end = uriEscapeExA(text.data(), text.data() + text.size(),
                                 out.data(), URI_FALSE, URI_FALSE);
  out.resize(static_cast<size_t>(end - out.data()));
  return out;
}

}  // namespace

absl::StatusOr<QueryParams> DecodeQueryString(absl::string_view query) {
  QueryParams params;
  if (query.empty()) return params;
  // uriparser returns NUL-terminated strings, so a decoded NUL would cut a
  // value short unseen; no parameter may contain one.
  if (absl::StrContains(absl::AsciiStrToLower(query), "%00")) {
    return InvalidRequest(absl::StrCat(
        "the query string ", Quote(query),
        " contains an encoded NUL byte (%00), which no parameter accepts"));
  }
  UriQueryListA* list = nullptr;
  int count = 0;
  const int rc = uriDissectQueryMallocExA(&list, &count, query.data(),
                                          query.data() + query.size(),
                                          URI_TRUE, URI_BR_DONT_TOUCH);
  if (rc != URI_SUCCESS) {
    return InvalidRequest(
        absl::StrCat("the query string ", Quote(query), " is malformed"));
  }
  for (UriQueryListA* item = list; item != nullptr; item = item->next) {
    params.emplace_back(item->key ? item->key : "",
                        item->value ? item->value : "");
  }
  uriFreeQueryListA(list);
  return params;
}

absl::Status CheckNoQueryParams(const QueryParams& params) {
  FieldErrors errors;
  for (const auto& [name, value] : params) {
    errors.push_back({name, absl::StrCat("query parameter ", Quote(name),
                                         " is not supported by this route")});
  }
  return InvalidFields(errors);
}

void SetOffset(absl::string_view text, ListQuery& query, FieldErrors& errors) {
  query.offset = ParseUuid(text);
  if (query.offset) return;
  errors.push_back({"offset", absl::StrCat("offset ", Quote(text),
                                           " is not a UUID of the form "
                                           "xxxxxxxx-xxxx-xxxx-xxxx-"
                                           "xxxxxxxxxxxx")});
}

void SetCount(uint64_t count, ListQuery& query, FieldErrors& errors) {
  if (count >= 1 && count <= kMaxPageCount) {
    query.count = static_cast<uint32_t>(count);
    return;
  }
  errors.push_back({"count", absl::StrCat("count ", count,
                                          " is out of range: it must be 1 "
                                          "to ",
                                          kMaxPageCount)});
}

void SetContains(absl::string_view text, ListQuery& query,
                 FieldErrors& errors) {
  if (text.size() > kMaxContainsBytes) {
    errors.push_back({"contains", absl::StrCat("contains is ", text.size(),
                                               " bytes; the maximum is ",
                                               kMaxContainsBytes)});
  } else if (!IsValidUtf8(text)) {
    errors.push_back({"contains", "contains is not valid UTF-8"});
  } else {
    query.contains = std::string(text);
  }
}

void SetStatus(absl::string_view text, ListQuery& query, FieldErrors& errors) {
  if (text == "ACTIVE") {
    query.status = Lifecycle::kActive;
    return;
  }
  errors.push_back({"status", absl::StrCat("status ", Quote(text),
                                           " is invalid: the only gateway "
                                           "status is \"ACTIVE\"")});
}

absl::StatusOr<ListQuery> ParseListQuery(const QueryParams& params,
                                         bool gateways) {
  ListQuery query;
  FieldErrors errors;
  std::vector<std::string> seen;
  for (const auto& [name, value] : params) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      errors.push_back({name, absl::StrCat("query parameter ", Quote(name),
                                           " is given more than once")});
      continue;
    }
    seen.push_back(name);
    if (name == "offset") {
      SetOffset(value, query, errors);
    } else if (name == "count") {
      uint64_t count = 0;
      const bool digits =
          !value.empty() && value.find_first_not_of("0123456789") ==
                                std::string::npos;
      if (digits && absl::SimpleAtoi(value, &count)) {
        SetCount(count, query, errors);
      } else {
        errors.push_back({"count", absl::StrCat("count ", Quote(value),
                                                " is invalid: it must be an "
                                                "integer from 1 to ",
                                                kMaxPageCount)});
      }
    } else if (name == "descending") {
      SetBool(name, value, query.descending, errors);
    } else if (name == "prev") {
      SetBool(name, value, query.prev, errors);
    } else if (name == "contains") {
      SetContains(value, query, errors);
    } else if (name == "status" && gateways) {
      SetStatus(value, query, errors);
    } else {
      errors.push_back({name, absl::StrCat("query parameter ", Quote(name),
                                           " is not supported by this "
                                           "route")});
    }
  }
  if (!errors.empty()) return InvalidFields(errors);
  return query;
}

std::string LinkQuery(const ListQuery& query, absl::string_view offset,
                      bool prev) {
  std::string link = absl::StrCat("offset=", offset, "&count=", query.count);
  if (query.descending) absl::StrAppend(&link, "&descending=true");
  if (prev) absl::StrAppend(&link, "&prev=true");
  if (!query.contains.empty()) {
    absl::StrAppend(&link, "&contains=", Escape(query.contains));
  }
  if (query.status) absl::StrAppend(&link, "&status=ACTIVE");
  return link;
}

}  // namespace gwdb
