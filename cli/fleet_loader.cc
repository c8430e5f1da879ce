#include "fleet_loader.h"

#include <nlohmann/json.hpp>

#include "progress_meter.h"
#include "store.h"

namespace gwdb_cli {
namespace {

// Describes a failed call: what was attempted, the code and the message.
std::string DescribeFailure(const std::string& action,
                            const gwdb_response* response) {
  if (response == nullptr) {
    return action + " failed: the library returned no response";
  }
  return action + " failed with HTTP " +
         std::to_string(gwdb_response_http_status(response)) + " " +
         gwdb_code_name(gwdb_response_code(response)) + ": " +
         gwdb_response_message(response);
}

// Reads "id" and "created_at" from a record body into `record`. Returns
// false when the body is not a JSON object with both strings.
bool ReadIdentity(const gwdb_response* response, LoadedRecord& record) {
  nlohmann::json body =
      nlohmann::json::parse(ResponseBody(response), nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["id"].is_string() ||
      !body.contains("created_at") || !body["created_at"].is_string()) {
    return false;
  }
  record.id = body["id"].get<std::string>();
  record.created_at = body["created_at"].get<std::string>();
  return true;
}

const char* OrNull(const std::optional<std::string>& text) {
  return text.has_value() ? text->c_str() : nullptr;
}

class Loader {
 public:
  Loader(gwdb_db* db, const FleetPlan& plan) : db_(db), plan_(plan) {}

  ~Loader() {
    // Overwrite the secrets before the memory is released.
    for (std::vector<std::string>& values : token_values_) {
      for (std::string& value : values) {
        std::fill(value.begin(), value.end(), '\0');
      }
    }
  }

  FleetLoadResult Run() {
    ProgressMeter meter("loading fleet", "gateways", plan_.gateways.size());
    token_values_.resize(plan_.teams.size());
    for (uint32_t t = 0; t < plan_.teams.size() && result_.error.empty(); ++t) {
      CreateTokens(t);
    }
    for (const GatewayPlan& gateway : plan_.gateways) {
      if (!result_.error.empty()) {
        break;
      }
      RegisterGateway(gateway);
      meter.Update(result_.gateways, result_.calls);
    }
    meter.Finish(result_.gateways, result_.calls);
    return std::move(result_);
  }

 private:
  void CreateTokens(uint32_t team_index) {
    const TeamPlan& team = plan_.teams[team_index];
    for (const TokenPlan& token : team.tokens) {
      std::vector<gwdb_label> labels;
      for (const auto& [key, value] : token.labels) {
        labels.push_back(gwdb_label{key.c_str(), value.c_str()});
      }
      gwdb_token_spec spec;
      gwdb_token_spec_init(&spec);
      spec.description = OrNull(token.description);
      spec.labels = labels.empty() ? nullptr : labels.data();
      spec.label_count = labels.size();

      gwdb_response* raw = nullptr;
      int code = gwdb_token_create(db_, team.name.c_str(), &spec, &raw);
      Response response(raw);
      ++result_.calls;
      const char* value = gwdb_response_token_value(response.get());
      LoadedRecord record;
      if (code != GWDB_OK || value == nullptr ||
          !ReadIdentity(response.get(), record)) {
        result_.error = DescribeFailure(
            "creating a setup token in team " + team.name, response.get());
        return;
      }
      token_values_[team_index].push_back(value);
      ++result_.setup_tokens;
      if (team_index == plan_.big_team) {
        record.searchable_text = token.description.value_or("");
        result_.big_team_tokens.push_back(std::move(record));
      }
    }
  }

  void RegisterGateway(const GatewayPlan& gateway) {
    const TeamPlan& team = plan_.teams[gateway.team];
    gwdb_registration registration;
    gwdb_registration_init(&registration);
    registration.token = token_values_[gateway.team][gateway.token].c_str();
    registration.name = gateway.name.c_str();
    registration.description = OrNull(gateway.description);
    registration.access_address = OrNull(gateway.access_address);
    registration.default_address = OrNull(gateway.default_address);
    registration.cloud_provider = OrNull(gateway.cloud_provider);

    gwdb_response* raw = nullptr;
    int code = gwdb_gateway_register(db_, &registration, &raw);
    Response response(raw);
    ++result_.calls;
    LoadedRecord record;
    if (code != GWDB_OK || !ReadIdentity(response.get(), record)) {
      result_.error = DescribeFailure(
          "registering gateway " + gateway.name + " in team " + team.name,
          response.get());
      return;
    }
    ++result_.gateways;

    if (gateway.status.has_value()) {
      ReportStatus(team, record.id, *gateway.status);
    }
    if (gateway.team == plan_.big_team) {
      record.searchable_text = gateway.name;
      result_.big_team_gateways.push_back(std::move(record));
    }
  }

  void ReportStatus(const TeamPlan& team, const std::string& gateway_id,
                    const StatusPlan& status) {
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.online = status.online ? 1 : 0;
    report.active_connections = status.active_connections;
    report.total_storage_bytes = status.total_storage_bytes;
    report.used_storage_bytes = status.used_storage_bytes;

    gwdb_response* raw = nullptr;
    int code = gwdb_gateway_report_status(db_, team.name.c_str(),
                                          gateway_id.c_str(), &report, &raw);
    Response response(raw);
    ++result_.calls;
    if (code != GWDB_OK) {
      result_.error = DescribeFailure(
          "reporting the status of gateway " + gateway_id, response.get());
      return;
    }
    ++result_.status_reports;
  }

  gwdb_db* db_;
  const FleetPlan& plan_;
  FleetLoadResult result_;
  // Secret values of the created tokens, per team, in plan order.
  std::vector<std::vector<std::string>> token_values_;
};

}  // namespace

FleetLoadResult LoadFleet(gwdb_db* db, const FleetPlan& plan) {
  Loader loader(db, plan);
  return loader.Run();
}

}  // namespace gwdb_cli
