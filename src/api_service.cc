#include "api_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "errors.h"
#include "list_query.h"
#include "record_render.h"
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
// `write_item` writes one record into a sink; `item_id` returns its id.
template <typename WriteItem, typename ItemId>
Response PageResponse(Page page, absl::string_view path,
                      const ListQuery& query, BodyRendering rendering,
                      WriteItem write_item, ItemId item_id) {
  auto items = std::make_shared<std::vector<RecordBuffer>>();
  const auto write_page = [items, write_item](auto& sink) {
    sink.StartObject(1);
    sink.Key("list");
    sink.StartArray(static_cast<uint32_t>(items->size()));
    for (const RecordBuffer& item : *items) write_item(sink, item);
    sink.EndArray();
    sink.EndObject();
    return sink.Take();
  };
  Response response = JsonResponse(200, "");
  response.headers.emplace_back("Content-Type", "application/json");
  response.item_count = page.items.size();
  std::string first_id, last_id;
  if (!page.items.empty()) {
    first_id = item_id(page.items.front());
    last_id = item_id(page.items.back());
  }
  *items = std::move(page.items);
  response.render_body = [write_page](BodyFormat format) {
    if (format == BodyFormat::kMsgpack) {
      MsgpackSink sink;
      return write_page(sink);
    }
    JsonSink sink;
    return write_page(sink);
  };
  if (rendering == BodyRendering::kEager) response.Body();
  if (response.item_count == 0) return response;

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

std::string TokenText(const RecordBuffer& record) {
  return RenderJson(
      [&](JsonSink& sink) { WriteToken(sink, *AsToken(record)); });
}

std::string GatewayText(const RecordBuffer& record) {
  return RenderJson(
      [&](JsonSink& sink) { WriteGateway(sink, *AsGateway(record)); });
}

}  // namespace

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
        JsonResponse(201, TokenText(created.record));
    response.has_token_value = true;
    response.token_value = std::move(created.secret);
    return response;
  });
}

Response GetToken(Store& store, absl::string_view team, absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kTokenIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(store.GetToken(team, *parsed), [](RecordBuffer& record) {
    return JsonResponse(200, TokenText(record));
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
    Response response = JsonResponse(200, RenderJson([&](JsonSink& sink) {
                                        sink.StartObject(1);
                                        sink.Key("token");
                                        sink.String(secret);
                                        sink.EndObject();
                                      }));
    response.has_token_value = true;
    response.token_value = secret;
    return response;
  });
}

Response ListTokens(Store& store, absl::string_view team,
                    const ListQuery& query, BodyRendering rendering) {
  const std::string path =
      absl::StrCat("/v1/teams/", team, "/gateway_setup_tokens");
  return Respond(store.ListTokens(team, query), [&](Page& page) {
    return PageResponse(
        std::move(page), path, query, rendering,
        [](auto& sink, const RecordBuffer& record) {
          WriteToken(sink, *AsToken(record));
        },
        [](const RecordBuffer& record) {
          return FormatUuid(DecodeId(AsToken(record)->id()));
        });
  });
}

Response RegisterGateway(Store& store, const RegistrationInput& input) {
  return Respond(store.RegisterGateway(input), [](RecordBuffer& record) {
    return JsonResponse(201, GatewayText(record));
  });
}

std::vector<Response> RegisterGateways(
    Store& store, absl::Span<const RegistrationInput> inputs) {
  std::vector<absl::StatusOr<RecordBuffer>> created =
      store.RegisterGateways(inputs);
  std::vector<Response> responses;
  responses.reserve(created.size());
  for (absl::StatusOr<RecordBuffer>& record : created) {
    responses.push_back(Respond(std::move(record), [](RecordBuffer& gateway) {
      return JsonResponse(201, GatewayText(gateway));
    }));
  }
  return responses;
}

Response GetGateway(Store& store, absl::string_view team,
                    absl::string_view id) {
  absl::StatusOr<Uuid> parsed = CheckPathIds(team, id, kGatewayIdParam);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  return Respond(store.GetGateway(team, *parsed), [](RecordBuffer& record) {
    return JsonResponse(200, GatewayText(record));
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
                      const ListQuery& query, BodyRendering rendering) {
  const std::string path = absl::StrCat("/v1/teams/", team, "/gateways");
  return Respond(store.ListGateways(team, query), [&](Page& page) {
    return PageResponse(
        std::move(page), path, query, rendering,
        [](auto& sink, const RecordBuffer& record) {
          WriteGateway(sink, *AsGateway(record));
        },
        [](const RecordBuffer& record) {
          return FormatUuid(DecodeId(AsGateway(record)->id()));
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
        return JsonResponse(200, RenderJson([&](JsonSink& sink) {
                              WriteStatus(sink, *parsed, report, store.Now(),
                                          store.options().status_staleness_us);
                            }));
      });
}

}  // namespace gwdb
