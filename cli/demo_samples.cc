#include "demo_samples.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "http_output.h"
#include "store.h"

namespace gwdb_cli {
namespace {

using Json = nlohmann::ordered_json;

// Sends sample requests and prints them with their responses.
class SampleSession {
 public:
  explicit SampleSession(gwdb_db* db) : db_(db) {}

  // Rewrites a response body for display, such as to mask a secret.
  using BodyFilter = std::function<std::string(const gwdb_response*)>;

  // Sends the request and prints it with its response. `shown_body` is
  // printed in place of `body`, and `response_filter` rewrites the printed
  // response body, so that secrets stay hidden. Returns an empty handle when
  // the status is not `expected_status`.
  Response Send(const std::string& method, const std::string& target,
                const std::string& body, int expected_status,
                const std::optional<std::string>& shown_body = std::nullopt,
                const BodyFilter& response_filter = nullptr) {
    std::string request_text =
        FormatRequest(method, target, shown_body.value_or(body));
    std::fwrite(request_text.data(), 1, request_text.size(), stdout);

    Response response = SendRequest(db_, method, target, body);
    if (!response) {
      std::printf("FAIL: the library returned no response\n");
      return Response();
    }
    BodyFormat response_format;
    if (response_filter) {
      response_format.replacement = response_filter(response.get());
    }
    std::string response_text = FormatResponse(response.get(), response_format);
    std::fwrite(response_text.data(), 1, response_text.size(), stdout);
    std::printf("\n");

    int status = gwdb_response_http_status(response.get());
    if (status != expected_status) {
      std::printf("FAIL: %s %s returned %d, expected %d\n", method.c_str(),
                  target.c_str(), status, expected_status);
      return Response();
    }
    return response;
  }

 private:
  gwdb_db* db_;
};

// Returns the string member `key` of a JSON body, or "" when it is missing.
std::string StringMember(const gwdb_response* response, const char* key) {
  Json body = Json::parse(ResponseBody(response), nullptr, false);
  if (!body.is_object() || !body.contains(key) || !body[key].is_string()) {
    return std::string();
  }
  return body[key].get<std::string>();
}

// The API's PUT sample with the given gateway id and name.
std::string UpdateBody(const std::string& gateway_id, const std::string& name) {
  Json body = {{"access_address", nullptr},
               {"cloud_provider", nullptr},
               {"default_address", nullptr},
               {"description", "New description for production gateway"},
               {"id", gateway_id},
               {"labels", nullptr},
               {"name", name},
               {"refuse_connections", true}};
  return body.dump();
}

void PrintStep(const char* text) { std::printf("--- %s\n", text); }

}  // namespace

std::string MaskSecret(const std::string& secret) {
  return secret.substr(0, 9) + "…";
}

bool RunSampleRequests(gwdb_db* db) {
  SampleSession session(db);
  const std::string team_path = std::string("/v1/teams/") + kSampleTeam;

  PrintStep("Create a setup token with the API's sample labels");
  Response created =
      session.Send("POST", team_path + "/gateway_setup_tokens",
                   R"({"labels":{"env":"dev","region":"us-west-2"}})", 201);
  if (!created) return false;
  std::string token_id = StringMember(created.get(), "id");
  std::string token_path = team_path + "/gateway_setup_tokens/" + token_id;

  PrintStep("Read the setup token back");
  if (!session.Send("GET", token_path, "", 200)) return false;

  PrintStep("Read the token value (masked here; it is a secret)");
  auto mask_token = [](const gwdb_response* response) {
    std::string value = StringMember(response, "token");
    return Json{{"token", MaskSecret(value)}}.dump();
  };
  Response value_response = session.Send("GET", token_path + "/token", "", 200,
                                         std::nullopt, mask_token);
  if (!value_response) return false;
  std::string token_value = StringMember(value_response.get(), "token");
  std::printf(
      "(the token value has %zu characters; only the first 9 are "
      "shown)\n\n",
      token_value.size());

  PrintStep("Register a gateway with the token, as a gateway agent would");
  Json registration = {{"token", token_value},
                       {"name", "production-gateway"},
                       {"description", "Gateway used for production env"}};
  Json shown_registration = registration;
  shown_registration["token"] = MaskSecret(token_value);
  Response registered =
      session.Send("POST", "/v1/gateway_registrations", registration.dump(),
                   201, shown_registration.dump());
  std::fill(token_value.begin(), token_value.end(), '\0');
  registration["token"] = "";
  if (!registered) return false;
  std::string gateway_id = StringMember(registered.get(), "id");
  std::string gateway_path = team_path + "/gateways/" + gateway_id;

  PrintStep("Read the gateway");
  if (!session.Send("GET", gateway_path, "", 200)) return false;

  PrintStep(
      "Send the API's PUT sample: its name has spaces, which the "
      "name rule ([A-Za-z0-9_.-]) rejects");
  if (!session.Send("PUT", gateway_path,
                    UpdateBody(gateway_id, "New name for production gateway"),
                    400)) {
    return false;
  }

  PrintStep("Send the same update with a valid name");
  if (!session.Send("PUT", gateway_path,
                    UpdateBody(gateway_id, "New-name-for-production-gateway"),
                    204)) {
    return false;
  }

  PrintStep("Read the updated gateway");
  if (!session.Send("GET", gateway_path, "", 200)) return false;

  PrintStep("Report the gateway's status, as its agent would");
  if (!session.Send("PUT", gateway_path + "/status",
                    R"({"status":"ONLINE","active_connections":2,)"
                    R"("total_storage_bytes":4096,"used_storage_bytes":2048})",
                    204)) {
    return false;
  }

  PrintStep("Read the status report");
  return static_cast<bool>(
      session.Send("GET", gateway_path + "/status", "", 200));
}

}  // namespace gwdb_cli
