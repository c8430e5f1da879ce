#include "route_table.h"

#include <uriparser/Uri.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api_service.h"
#include "errors.h"
#include "json_body.h"
#include "list_query.h"
#include "validation.h"

namespace gwdb {
namespace {

enum class Route {
  kNone,
  kRegistrations,
  kTokens,
  kToken,
  kTokenValue,
  kGateways,
  kGateway,
  kGatewayStatus
};

struct Target {
  std::vector<std::string> segments;
  std::string query;
};

// Splits the target into percent-decoded path segments and the raw query.
absl::StatusOr<Target> SplitTarget(absl::string_view target) {
  if (target.empty() || target.front() != '/') {
    return absl::NotFoundError(absl::StrCat(
        "the request target ", Quote(target), " is not an absolute path"));
  }
  UriUriA uri;
  const char* error_position = nullptr;
  if (uriParseSingleUriExA(&uri, target.data(), target.data() + target.size(),
                           &error_position) != URI_SUCCESS) {
    return InvalidRequest(
        absl::StrCat("the request target ", Quote(target), " is malformed"));
  }
  Target split;
  for (UriPathSegmentA* segment = uri.pathHead; segment != nullptr;
       segment = segment->next) {
    std::string text(segment->text.first, segment->text.afterLast);
    text.push_back('\0');
    const char* end = uriUnescapeInPlaceExA(text.data(), URI_FALSE,
                                            URI_BR_DONT_TOUCH);
    text.resize(static_cast<size_t>(end - text.data()));
    split.segments.push_back(std::move(text));
  }
  if (uri.query.first != nullptr) {
    split.query.assign(uri.query.first, uri.query.afterLast);
  }
  uriFreeUriMembersA(&uri);
  return split;
}

Route Match(const std::vector<std::string>& s) {
  const size_t n = s.size();
  // An empty segment (a trailing or doubled slash) matches no route.
  for (const std::string& segment : s) {
    if (segment.empty()) return Route::kNone;
  }
  if (n < 2 || s[0] != "v1") return Route::kNone;
  if (n == 2 && s[1] == "gateway_registrations") return Route::kRegistrations;
  if (n < 4 || s[1] != "teams") return Route::kNone;
  if (s[3] == "gateway_setup_tokens") {
    if (n == 4) return Route::kTokens;
    if (n == 5) return Route::kToken;
    if (n == 6 && s[5] == "token") return Route::kTokenValue;
  }
  if (s[3] == "gateways") {
    if (n == 4) return Route::kGateways;
    if (n == 5) return Route::kGateway;
    if (n == 6 && s[5] == "status") return Route::kGatewayStatus;
  }
  return Route::kNone;
}

std::vector<absl::string_view> AllowedMethods(Route route) {
  switch (route) {
    case Route::kRegistrations:
      return {"POST"};
    case Route::kTokens:
      return {"GET", "POST"};
    case Route::kToken:
      return {"GET", "DELETE"};
    case Route::kTokenValue:
    case Route::kGateways:
      return {"GET"};
    case Route::kGateway:
      return {"GET", "PUT", "DELETE"};
    case Route::kGatewayStatus:
      return {"GET", "PUT"};
    case Route::kNone:
      break;
  }
  return {};
}

Response UnsupportedMethod(absl::string_view method, absl::string_view path,
                           Route route) {
  const std::string allow = absl::StrJoin(AllowedMethods(route), ", ");
  Response response = ErrorResponse(absl::UnimplementedError(
      absl::StrCat("method ", Quote(method), " is not supported on ",
                   Quote(path), "; use ", allow)));
  response.headers.emplace_back("Allow", allow);
  return response;
}

// Checks path parameters, then query parameters, then decodes the body.
template <typename Decoded>
Response WithBody(absl::string_view team, absl::string_view id,
                  absl::string_view id_param, const QueryParams& params,
                  absl::StatusOr<Decoded> (*decode)(absl::string_view),
                  absl::string_view body,
                  const std::function<Response(const Decoded&)>& run) {
  if (!id_param.empty()) {
    absl::StatusOr<Uuid> ids = CheckPathIds(team, id, id_param);
    if (!ids.ok()) return ErrorResponse(ids.status());
  } else if (!team.empty()) {
    absl::Status checked = CheckTeamName(team);
    if (!checked.ok()) return ErrorResponse(checked);
  }
  absl::Status query = CheckNoQueryParams(params);
  if (!query.ok()) return ErrorResponse(query);
  absl::StatusOr<Decoded> decoded = decode(body);
  if (!decoded.ok()) return ErrorResponse(decoded.status());
  return run(*decoded);
}

Response ServeList(Store& store, absl::string_view team,
                   const QueryParams& params, bool gateways) {
  absl::Status checked = CheckTeamName(team);
  if (!checked.ok()) return ErrorResponse(checked);
  absl::StatusOr<ListQuery> query = ParseListQuery(params, gateways);
  if (!query.ok()) return ErrorResponse(query.status());
  return gateways ? ListGateways(store, team, *query)
                  : ListTokens(store, team, *query);
}

// Serves a route without a body, after checking its path parameters and
// that it got no query parameters.
Response ServeRead(absl::string_view team, absl::string_view id,
                   absl::string_view id_param, const QueryParams& params,
                   const std::function<Response()>& run) {
  absl::StatusOr<Uuid> ids = CheckPathIds(team, id, id_param);
  if (!ids.ok()) return ErrorResponse(ids.status());
  absl::Status query = CheckNoQueryParams(params);
  if (!query.ok()) return ErrorResponse(query);
  return run();
}

}  // namespace

Response ServeRequest(Store& store, absl::string_view method,
                      absl::string_view target, absl::string_view body) {
  absl::StatusOr<Target> split = SplitTarget(target);
  if (!split.ok()) return ErrorResponse(split.status());
  const std::vector<std::string>& s = split->segments;
  const Route route = Match(s);
  const std::string path(target.substr(0, target.find('?')));
  if (route == Route::kNone) {
    return ErrorResponse(absl::NotFoundError(
        absl::StrCat("no route matches ", Quote(path))));
  }
  const auto allowed = AllowedMethods(route);
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) {
    return UnsupportedMethod(method, path, route);
  }
  absl::StatusOr<QueryParams> params = DecodeQueryString(split->query);
  if (!params.ok()) return ErrorResponse(params.status());

  const absl::string_view team = s.size() > 2 ? absl::string_view(s[2]) : "";
  const absl::string_view id = s.size() > 4 ? absl::string_view(s[4]) : "";
  switch (route) {
    case Route::kRegistrations:
      return WithBody<RegistrationInput>(
          "", "", "", *params, DecodeRegistration, body,
          [&](const RegistrationInput& input) {
            return RegisterGateway(store, input);
          });
    case Route::kTokens:
      if (method == "GET") return ServeList(store, team, *params, false);
      return WithBody<TokenSpec>(team, "", "", *params, DecodeTokenSpec, body,
                                 [&](const TokenSpec& spec) {
                                   return CreateToken(store, team, spec);
                                 });
    case Route::kToken:
      return ServeRead(team, id, kTokenIdParam, *params, [&] {
        return method == "GET" ? GetToken(store, team, id)
                               : DeleteToken(store, team, id);
      });
    case Route::kTokenValue:
      return ServeRead(team, id, kTokenIdParam, *params,
                       [&] { return GetTokenValue(store, team, id); });
    case Route::kGateways:
      return ServeList(store, team, *params, true);
    case Route::kGateway:
      if (method == "PUT") {
        return WithBody<GatewayUpdateInput>(
            team, id, kGatewayIdParam, *params, DecodeGatewayUpdate, body,
            [&](const GatewayUpdateInput& update) {
              return UpdateGateway(store, team, id, update);
            });
      }
      return ServeRead(team, id, kGatewayIdParam, *params, [&] {
        return method == "GET" ? GetGateway(store, team, id)
                               : DeleteGateway(store, team, id);
      });
    case Route::kGatewayStatus:
      if (method == "PUT") {
        return WithBody<StatusReportInput>(
            team, id, kGatewayIdParam, *params, DecodeStatusReport, body,
            [&](const StatusReportInput& report) {
              return ReportStatus(store, team, id, report);
            });
      }
      return ServeRead(team, id, kGatewayIdParam, *params,
                       [&] { return GetStatus(store, team, id); });
    case Route::kNone:
      break;
  }
  return ErrorResponse(absl::InternalError("unreachable route"));
}

}  // namespace gwdb
