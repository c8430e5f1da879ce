#include "api_service.h"

#include "absl/strings/str_cat.h"
#include "errors.h"
#include "list_query.h"
#include "record_json.h"
#include "status_macros.h"
#include "validation.h"

namespace gwdb {
namespace {

// Runs `operation`, turning a failure into an error response.
template <typename T, typename Render>
Response Respond(absl::StatusOr<T> result, Render render) {
  if (!result.ok()) return ErrorResponse(result.status());
  return render(*result);
}

Response RespondNoContent(const absl::Status& status) {
  if (!status.ok()) return ErrorResponse(status);
  return JsonResponse(204, "");
}

// Renders a page as {"list": [...]} with its Link header and offsets.
template <typename RenderItem>
Response PageResponse(const Page& page, absl::string_view path,
                      const ListQuery& query, RenderItem render_item) {
  OrderedJson list = OrderedJson::array();
  for (const RecordBuffer& item : page.items) list.push_back(render_item(item));
  std::string first_id, last_id;
  if (!page.items.empty()) {
    first_id = list.front()["id"].get<std::string>();
    last_id = list.back()["id"].get<std::string>();
  }
  Response response = JsonResponse(200, Dump({{"list", std::move(list)}}));
  response.item_count = page.items.size();
  if (page.items.empty()) return response;

  std::string link;
  if (page.has_next) {
    response.has_next = true;
    response.next_offset = last_id;
    link = absl::StrCat("<", path, "?",
                        LinkQuery(query, response.next_offset, false),
                        ">; rel=\"next\"");
  }
  if (page.has_prev) {
    response.has_prev = true;
    response.prev_offset = first_id;
    absl::StrAppend(&link, link.empty() ? "" : ", ", "<", path, "?",
                    LinkQuery(query, response.prev_offset, true),
                    ">; rel=\"prev\"");
  }
  if (!link.empty()) response.headers.emplace_back("Link", std::move(link));
  return response;
}

}  // namespace

absl::Status CheckPathTeam(absl::string_view team) {
  FieldErrors errors;
  CheckName("team_name", team, errors);
  return InvalidFields(errors);
}

absl::StatusOr<Uuid> CheckPathIds(absl::string_view team,
                                  absl::string_view id_text,
                                  absl::string_view id_param) {
  FieldErrors errors;
  CheckName("team_name", team, errors);
  std::optional<Uuid> id = ParseUuid(id_text);
  if (!id) {
    errors.push_back({std::string(id_param),
                      absl::StrCat(id_param, " ", Quote(id_text),
                                   " is not a UUID of the form "
                                   "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")});
  }
  GWDB_RETURN_IF_ERROR(InvalidFields(errors));
  return *id;
}

Response CreateToken(Store& store, absl::string_view team,
                     const TokenSpec& spec) {
  return Respond(store.CreateToken(team, spec), [](CreatedToken& created) {
    Response response =
        JsonResponse(201, Dump(TokenJson(*AsToken(created.record))));
    response.has_token_value = true;
    response.token_value = std::move(created.secret);
    return response;
  });
}

Response GetToken(Store& store, absl::string_view team, absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kTokenIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(store.GetToken(team, *parsed), [](RecordBuffer& record) {
    return JsonResponse(200, Dump(TokenJson(*AsToken(record))));
  });
}

Response DeleteToken(Store& store, absl::string_view team,
                     absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kTokenIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return RespondNoContent(store.DeleteToken(team, *parsed));
}

Response GetTokenValue(Store& store, absl::string_view team,
                       absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kTokenIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(store.GetToken(team, *parsed), [](RecordBuffer& record) {
    const std::string secret = AsToken(record)->secret()->str();
    Response response = JsonResponse(200, Dump({{"token", secret}}));
    response.has_token_value = true;
    response.token_value = secret;
    return response;
  });
}

Response ListTokens(Store& store, absl::string_view team,
                    const ListQuery& query) {
  const std::string path =
      absl::StrCat("/v1/teams/", team, "/gateway_setup_tokens");
  return Respond(store.ListTokens(team, query), [&](Page& page) {
    return PageResponse(page, path, query, [](const RecordBuffer& record) {
      return TokenJson(*AsToken(record));
    });
  });
}

Response RegisterGateway(Store& store, const RegistrationInput& input) {
  return Respond(store.RegisterGateway(input), [](RecordBuffer& record) {
    return JsonResponse(201, Dump(GatewayJson(*AsGateway(record))));
  });
}

Response GetGateway(Store& store, absl::string_view team,
                    absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(store.GetGateway(team, *parsed), [](RecordBuffer& record) {
    return JsonResponse(200, Dump(GatewayJson(*AsGateway(record))));
  });
}

Response UpdateGateway(Store& store, absl::string_view team,
                       absl::string_view id, const GatewayUpdateInput& update) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return RespondNoContent(store.UpdateGateway(team, *parsed, update));
}

Response DeleteGateway(Store& store, absl::string_view team,
                       absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return RespondNoContent(store.DeleteGateway(team, *parsed));
}

Response ListGateways(Store& store, absl::string_view team,
                      const ListQuery& query) {
  const std::string path = absl::StrCat("/v1/teams/", team, "/gateways");
  return Respond(store.ListGateways(team, query), [&](Page& page) {
    return PageResponse(page, path, query, [](const RecordBuffer& record) {
      return GatewayJson(*AsGateway(record));
    });
  });
}

Response ReportStatus(Store& store, absl::string_view team,
                      absl::string_view id, const StatusReportInput& report) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return RespondNoContent(store.ReportStatus(team, *parsed, report));
}

Response GetStatus(Store& store, absl::string_view team, absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(
      store.GetStatusReport(team, *parsed),
      [&](std::optional<RecordBuffer>& report) {
        return JsonResponse(
            200, Dump(StatusJson(*parsed, report, store.Now(),
                                 store.options().status_staleness_us)));
      });
}

}  // namespace gwdb
