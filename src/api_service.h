// The API's operations as complete responses: each runs one store call and
// renders its outcome (record JSON, Link header, error body). Both the
// request router and the typed C calls go through these functions, so the
// two entry points cannot drift apart.
#ifndef GATEWAYDB_SRC_API_SERVICE_H_
#define GATEWAYDB_SRC_API_SERVICE_H_

#include "absl/strings/string_view.h"

#include <vector>

#include "absl/types/span.h"
#include "record_types.h"
#include "response.h"
#include "store.h"

namespace gwdb {

// Path parameter names of the API, used as error paths.
inline constexpr absl::string_view kTokenIdParam = "gateway_setup_token_id";
inline constexpr absl::string_view kGatewayIdParam = "gateway_id";

// Checks the team name and the id text of a path; returns the parsed id.
absl::StatusOr<Uuid> CheckPathIds(absl::string_view team,
                                  absl::string_view id_text,
                                  absl::string_view id_param);

Response CreateToken(Store& store, absl::string_view team,
                     const TokenSpec& spec);
Response GetToken(Store& store, absl::string_view team, absl::string_view id);
Response DeleteToken(Store& store, absl::string_view team,
                     absl::string_view id);
Response GetTokenValue(Store& store, absl::string_view team,
                       absl::string_view id);
// Whether a list response renders its JSON body at once or on first read.
enum class BodyRendering { kEager, kDeferred };

Response ListTokens(Store& store, absl::string_view team,
                    const ListQuery& query,
                    BodyRendering rendering = BodyRendering::kEager);

Response RegisterGateway(Store& store, const RegistrationInput& input);
std::vector<Response> RegisterGateways(
    Store& store, absl::Span<const RegistrationInput> inputs);
Response GetGateway(Store& store, absl::string_view team, absl::string_view id);
Response UpdateGateway(Store& store, absl::string_view team,
                       absl::string_view id, const GatewayUpdateInput& update);
Response DeleteGateway(Store& store, absl::string_view team,
                       absl::string_view id);
Response ListGateways(Store& store, absl::string_view team,
                      const ListQuery& query,
                      BodyRendering rendering = BodyRendering::kEager);
Response ReportStatus(Store& store, absl::string_view team,
                      absl::string_view id, const StatusReportInput& report);
Response GetStatus(Store& store, absl::string_view team, absl::string_view id);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_API_SERVICE_H_
