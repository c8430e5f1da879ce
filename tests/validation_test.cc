// A table of cases for every input rule: path parameters, query parameters
// and request bodies. A rejected case must return the right status, code
// and errors[].path and leave the team exactly as it was; an accepted
// boundary case must succeed.
#include <string>
#include <vector>

#include "test_support.h"

namespace gwdb_test {
namespace {

const char kTeam[] = "acme";
const char kTokens[] = "/v1/teams/acme/gateway_setup_tokens";
const char kGateways[] = "/v1/teams/acme/gateways";
const char kRegistrations[] = "/v1/gateway_registrations";
const char kUnusedId[] = "6116bb2a-7289-4528-92ee-8e92443c3b61";

// Markers replaced by the seeded team's values before a case runs.
const char kGatewayMarker[] = "@GATEWAY@";
const char kUpperGatewayMarker[] = "@UPPER_GATEWAY@";
const char kTokenMarker[] = "@TOKEN@";
const char kValueMarker[] = "@VALUE@";

std::string Repeat(const std::string& text, size_t times) {
  std::string result;
  result.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) result += text;
  return result;
}

// A labels object with `count` distinct keys k0, k1, ...
std::string ManyLabels(size_t count) {
  Json labels = Json::object();
  for (size_t i = 0; i < count; ++i) {
    labels["k" + std::to_string(i)] = "v";
  }
  return labels.dump();
}

// An object nested `depth` containers deep, the outer object included.
std::string NestedBody(size_t depth) {
  std::string body = "{\"x\":";
  for (size_t i = 1; i < depth; ++i) body += "{\"x\":";
  body += "1";
  body += Repeat("}", depth);
  return body;
}

// `{}` padded with spaces to exactly `size` bytes.
std::string PaddedBody(size_t size) {
  return "{}" + std::string(size - 2, ' ');
}

std::string ToUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

void ReplaceAll(std::string& text, const std::string& from,
                const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

struct RejectedCase {
  std::string method;
  std::string target;
  std::string body;
  int http_status;
  std::string code;
  std::vector<std::string> paths;
};

struct AcceptedCase {
  std::string method;
  std::string target;
  std::string body;
  int http_status;
};

const char kValidReport[] =
    R"({"status":"ONLINE","active_connections":1,)"
    R"("total_storage_bytes":10,"used_storage_bytes":5})";

std::string Gateway(const std::string& suffix = "") {
  return std::string(kGateways) + "/" + kGatewayMarker + suffix;
}

std::string Token(const std::string& suffix = "") {
  return std::string(kTokens) + "/" + kTokenMarker + suffix;
}

std::string Registration(const std::string& fields) {
  return std::string(R"({"token":")") + kValueMarker + "\"" +
         (fields.empty() ? "" : "," + fields) + "}";
}

std::string Report(const std::string& changed_field) {
  Json report = Json::parse(kValidReport);
  Json change = Json::parse("{" + changed_field + "}");
  for (auto it = change.begin(); it != change.end(); ++it) {
    report[it.key()] = it.value();
  }
  return report.dump();
}

std::vector<RejectedCase> PathParameterCases() {
  const std::string long_team(256, 't');
  std::vector<RejectedCase> cases = {
      {"GET",
       "/v1/teams/te~am/gateways",
       "",
       400,
       "invalid_request",
       {"team_name"}},
      {"GET",
       "/v1/teams/" + long_team + "/gateways",
       "",
       400,
       "invalid_request",
       {"team_name"}},
      {"POST",
       "/v1/teams/te$am/gateway_setup_tokens",
       "{}",
       400,
       "invalid_request",
       {"team_name"}},
      {"GET",
       "/v1/teams/t%20m/gateway_setup_tokens",
       "",
       400,
       "invalid_request",
       {"team_name"}},
      {"GET",
       "/v1/teams/t%C3%A9am/gateways",
       "",
       400,
       "invalid_request",
       {"team_name"}},
      {"GET",
       "/v1/teams/te:am/gateways/" + std::string(kUnusedId),
       "",
       400,
       "invalid_request",
       {"team_name"}},
  };
  const std::vector<std::string> bad_ids = {
      "not-a-uuid",
      "%7B6116bb2a-7289-4528-92ee-8e92443c3b61%7D",
      "6116bb2a728945289 2ee8e92443c3b61",
      "6116bb2a7289452892ee8e92443c3b61",
      "6116bb2a-7289-4528-92ee-8e92443c3b6",
      "6116bb2a-7289-4528-92ee-8e92443c3b612",
      "6116bb2g-7289-4528-92ee-8e92443c3b61",
      "urn:uuid:6116bb2a-7289-4528-92ee-8e92443c3b61",
      "6116bb2a_7289_4528_92ee_8e92443c3b61",
  };
  for (std::string id : bad_ids) {
    ReplaceAll(id, " ", "%20");
    std::string gateway = std::string(kGateways) + "/" + id;
    std::string token = std::string(kTokens) + "/" + id;
    cases.push_back(
        {"GET", gateway, "", 400, "invalid_request", {"gateway_id"}});
    cases.push_back(
        {"GET", token, "", 400, "invalid_request", {"gateway_setup_token_id"}});
  }
  const std::string gateway = std::string(kGateways) + "/not-a-uuid";
  const std::string token = std::string(kTokens) + "/not-a-uuid";
  std::vector<RejectedCase> every_route = {
      {"DELETE", gateway, "", 400, "invalid_request", {"gateway_id"}},
      {"PUT",
       gateway,
       R"({"name":"gw","labels":{}})",
       400,
       "invalid_request",
       {"gateway_id"}},
      {"PUT", gateway, "{}", 400, "invalid_request", {"gateway_id"}},
      {"GET", gateway + "/status", "", 400, "invalid_request", {"gateway_id"}},
      {"PUT",
       gateway + "/status",
       kValidReport,
       400,
       "invalid_request",
       {"gateway_id"}},
      {"DELETE", token, "", 400, "invalid_request", {"gateway_setup_token_id"}},
      {"GET",
       token + "/token",
       "",
       400,
       "invalid_request",
       {"gateway_setup_token_id"}},
  };
  cases.insert(cases.end(), every_route.begin(), every_route.end());
  return cases;
}

std::vector<RejectedCase> QueryParameterCases() {
  std::vector<RejectedCase> cases;
  for (const std::string& list :
       {std::string(kGateways), std::string(kTokens)}) {
    for (const std::string count : {"0", "1001", "abc", "-1", "", "1.5", "%201",
                                    "99999999999999999999"}) {
      cases.push_back({"GET",
                       list + "?count=" + count,
                       "",
                       400,
                       "invalid_request",
                       {"count"}});
    }
    for (const std::string flag : {"descending", "prev"}) {
      for (const std::string value : {"yes", "1", "0", "", "truee"}) {
        cases.push_back({"GET",
                         list + "?" + flag + "=" + value,
                         "",
                         400,
                         "invalid_request",
                         {flag}});
      }
    }
    std::vector<RejectedCase> more = {
        {"GET", list + "?foo=1", "", 400, "invalid_request", {"foo"}},
        {"GET",
         list + "?count=1&count=2",
         "",
         400,
         "invalid_request",
         {"count"}},
        {"GET",
         list + "?descending=true&descending=true",
         "",
         400,
         "invalid_request",
         {"descending"}},
        {"GET",
         list + "?contains=a&contains=b",
         "",
         400,
         "invalid_request",
         {"contains"}},
        {"GET",
         list + "?offset=not-a-uuid",
         "",
         400,
         "invalid_request",
         {"offset"}},
        {"GET",
         list + "?offset=%7B6116bb2a-7289-4528-92ee-8e92443c3b61%7D",
         "",
         400,
         "invalid_request",
         {"offset"}},
        {"GET",
         list + "?offset=" + kUnusedId,
         "",
         400,
         "invalid_request",
         {"offset"}},
        {"GET",
         list + "?contains=" + std::string(1025, 'c'),
         "",
         400,
         "invalid_request",
         {"contains"}},
        {"GET",
         list + "?count=0&descending=maybe&prev=no",
         "",
         400,
         "invalid_request",
         {"count", "descending", "prev"}},
        {"GET",
         list + "?count=5&bar=1&offset=bad",
         "",
         400,
         "invalid_request",
         {"bar", "offset"}},
    };
    cases.insert(cases.end(), more.begin(), more.end());
  }
  for (const std::string status : {"active", "ONLINE", "", "ACTIVE%20"}) {
    cases.push_back({"GET",
                     std::string(kGateways) + "?status=" + status,
                     "",
                     400,
                     "invalid_request",
                     {"status"}});
  }
  std::vector<RejectedCase> routes = {
      {"GET",
       std::string(kTokens) + "?status=ACTIVE",
       "",
       400,
       "invalid_request",
       {"status"}},
      {"GET",
       std::string(kGateways) + "?offset=" + kTokenMarker,
       "",
       400,
       "invalid_request",
       {"offset"}},
      {"GET",
       std::string(kTokens) + "?offset=" + kGatewayMarker,
       "",
       400,
       "invalid_request",
       {"offset"}},
      {"GET", Gateway("?count=1"), "", 400, "invalid_request", {"count"}},
      {"DELETE", Gateway("?x=1"), "", 400, "invalid_request", {"x"}},
      {"PUT",
       Gateway("?x=1"),
       R"({"name":"gw","labels":{}})",
       400,
       "invalid_request",
       {"x"}},
      {"GET", Gateway("/status?x=1"), "", 400, "invalid_request", {"x"}},
      {"PUT",
       Gateway("/status?x=1"),
       kValidReport,
       400,
       "invalid_request",
       {"x"}},
      {"GET", Token("?x=1"), "", 400, "invalid_request", {"x"}},
      {"DELETE", Token("?x=1"), "", 400, "invalid_request", {"x"}},
      {"GET", Token("/token?x=1"), "", 400, "invalid_request", {"x"}},
      {"POST",
       std::string(kTokens) + "?x=1",
       "{}",
       400,
       "invalid_request",
       {"x"}},
      {"POST",
       std::string(kRegistrations) + "?x=1",
       Registration(R"("name":"gw-new")"),
       400,
       "invalid_request",
       {"x"}},
      {"PUT", Gateway("?count=1"), "{}", 400, "invalid_request", {"count"}},
  };
  cases.insert(cases.end(), routes.begin(), routes.end());
  return cases;
}

std::vector<RejectedCase> MalformedBodyCases() {
  std::vector<RejectedCase> cases;
  const std::vector<std::string> bodies = {
      R"({"description":)",
      "[]",
      "\"text\"",
      "42",
      "true",
      "{} {}",
      "{\"description\":\"a\"} x",
      "{'description':'a'}",
      "{\"description\":\"\xff\xfe\"}",
      "{\"description\":\"\xc0\xaf\"}",
      "{\"description\":\"\xed\xa0\x80\"}",
      R"({"description":"\ud800"})",
      std::string("{\"description\":\"a\0b\"}", 21),
      NestedBody(65),
      PaddedBody(1024 * 1024 + 1),
  };
  for (const std::string& body : bodies) {
    cases.push_back({"POST", kTokens, body, 400, "invalid_request", {}});
    cases.push_back({"PUT", Gateway(), body, 400, "invalid_request", {}});
    cases.push_back({"POST", kRegistrations, body, 400, "invalid_request", {}});
    cases.push_back(
        {"PUT", Gateway("/status"), body, 400, "invalid_request", {}});
  }
  for (const std::string& body : {std::string("null"), std::string("")}) {
    cases.push_back({"PUT", Gateway(), body, 400, "invalid_request", {}});
    cases.push_back({"POST", kRegistrations, body, 400, "invalid_request", {}});
    cases.push_back(
        {"PUT", Gateway("/status"), body, 400, "invalid_request", {}});
  }
  return cases;
}

std::vector<RejectedCase> TokenBodyCases() {
  const std::string e_acute = "\xc3\xa9";
  std::vector<std::pair<std::string, std::vector<std::string>>> bodies = {
      {R"({"description":5})", {"description"}},
      {R"({"description":true})", {"description"}},
      {R"({"description":["a"]})", {"description"}},
      {"{\"description\":\"" + std::string(1025, 'd') + "\"}", {"description"}},
      {"{\"description\":\"" + Repeat(e_acute, 1025) + "\"}", {"description"}},
      // A repeated key makes the whole body invalid, like malformed JSON.
      {R"({"description":"a","description":"b"})", {}},
      {R"({"labels":[]})", {"labels"}},
      {R"({"labels":"env=dev"})", {"labels"}},
      {R"({"labels":5})", {"labels"}},
      {"{\"labels\":" + ManyLabels(65) + "}", {"labels"}},
      {R"({"labels":{"":"v"}})", {"labels"}},
      {"{\"labels\":{\"" + std::string(256, 'k') + "\":\"v\"}}", {"labels"}},
      {R"({"labels":{"a\u0001":"v"}})", {"labels"}},
      {R"({"labels":{"a\nb":"v"}})", {"labels"}},
      {R"({"labels":{"k":"a","k":"b"}})", {}},
      {"{\"labels\":{\"k\":\"" + std::string(256, 'v') + "\"}}", {"labels.k"}},
      {R"({"labels":{"k":5}})", {"labels.k"}},
      {R"({"labels":{"k":null}})", {"labels.k"}},
      {R"({"labels":{"k":{"a":"b"}}})", {"labels.k"}},
      {R"({"labels":{"k":"bell\u0007"}})", {"labels.k"}},
      {R"({"labels":{"k":"line\nbreak"}})", {"labels.k"}},
      {R"({"labels":{"k":"tab\t"}})", {"labels.k"}},
      {R"({"labels":{"k":"del\u007f"}})", {"labels.k"}},
      {R"({"labels":{"k":"c1\u0085"}})", {"labels.k"}},
      {R"({"labels":{"ok":"v","k":"\u0000"}})", {"labels.k"}},
      {R"({"details":"x"})", {"details"}},
      {R"({"details":[]})", {"details"}},
      {R"({"details":{"labels":[]}})", {"details.labels"}},
      {R"({"details":{"labels":{"k":7}}})", {"details.labels.k"}},
      {"{\"details\":{\"labels\":" + ManyLabels(65) + "}}", {"details.labels"}},
      {R"({"labels":{"a":"1"},"details":{"labels":{"a":"2"}}})",
       {"details.labels"}},
      {R"({"labels":{"a":"1"},"details":{"labels":{}}})", {"details.labels"}},
      {R"({"labels":{"a":"1"},"details":{"labels":{"a":"1","b":"2"}}})",
       {"details.labels"}},
      {R"({"registration_type":"server-agent"})", {"registration_type"}},
      {R"({"registration_type":5})", {"registration_type"}},
      {R"({"registration_type":"Gateway-Agent"})", {"registration_type"}},
      {R"({"description":5,"labels":"x","registration_type":"x"})",
       {"description", "labels", "registration_type"}},
      {R"({"labels":{"a":"1","b":5,"c":6}})", {"labels.b", "labels.c"}},
  };
  std::vector<RejectedCase> cases;
  for (auto& [body, paths] : bodies) {
    cases.push_back({"POST", kTokens, body, 400, "invalid_request", paths});
  }
  return cases;
}

std::vector<RejectedCase> RegistrationBodyCases() {
  std::vector<std::pair<std::string, std::vector<std::string>>> bodies = {
      {R"({"name":"gw-new"})", {"token"}},
      {R"({"token":5,"name":"gw-new"})", {"token"}},
      {R"({"token":null,"name":"gw-new"})", {"token"}},
      {R"({"token":["gwst_x"],"name":"gw-new"})", {"token"}},
      {R"({})", {"name", "token"}},
      {Registration(""), {"name"}},
      {Registration(R"("name":"")"), {"name"}},
      {Registration(R"("name":null)"), {"name"}},
      {Registration(R"("name":5)"), {"name"}},
      {Registration("\"name\":\"" + std::string(256, 'n') + "\""), {"name"}},
      {Registration(R"("name":"Production gateway")"), {"name"}},
      {Registration(R"("name":"gw/1")"), {"name"}},
      {Registration(R"("name":"gw:1")"), {"name"}},
      {Registration(R"("name":"gw\u00e9")"), {"name"}},
      {Registration(R"("name":"gw\n")"), {"name"}},
      {Registration(R"("name":"gw-new","description":5)"), {"description"}},
      {Registration("\"name\":\"gw-new\",\"description\":\"" +
                    std::string(1025, 'd') + "\""),
       {"description"}},
      {Registration("\"name\":\"gw-new\",\"access_address\":\"" +
                    std::string(256, 'a') + "\""),
       {"access_address"}},
      {Registration(R"("name":"gw-new","access_address":"10.0.0.1\u0001")"),
       {"access_address"}},
      {Registration(R"("name":"gw-new","access_address":"h\u00f4te")"),
       {"access_address"}},
      {Registration(R"("name":"gw-new","default_address":7)"),
       {"default_address"}},
      {Registration(R"("name":"gw-new","default_address":"x\u007f")"),
       {"default_address"}},
      {Registration(R"("name":"gw-new","cloud_provider":"tab\t")"),
       {"cloud_provider"}},
      {Registration(R"("name":"gw-new","cloud_provider":false)"),
       {"cloud_provider"}},
      {Registration(R"("name":"","cloud_provider":1,"description":2)"),
       {"cloud_provider", "description", "name"}},
      {R"({"token":"gwst_not_a_real_token","name":""})", {"name"}},
  };
  std::vector<RejectedCase> cases;
  for (auto& [body, paths] : bodies) {
    cases.push_back(
        {"POST", kRegistrations, body, 400, "invalid_request", paths});
  }
  return cases;
}

std::vector<RejectedCase> GatewayUpdateCases() {
  std::vector<std::pair<std::string, std::vector<std::string>>> bodies = {
      {R"({})", {"labels", "name"}},
      {R"({"labels":{}})", {"name"}},
      {R"({"name":"gw"})", {"labels"}},
      {R"({"name":"","labels":{}})", {"name"}},
      {R"({"name":null,"labels":{}})", {"name"}},
      {R"({"name":"New name for production gateway","labels":null})", {"name"}},
      {"{\"name\":\"" + std::string(256, 'n') + "\",\"labels\":{}}", {"name"}},
      {R"({"name":"gw","labels":[]})", {"labels"}},
      {R"({"name":"gw","labels":"x"})", {"labels"}},
      {"{\"name\":\"gw\",\"labels\":" + ManyLabels(65) + "}", {"labels"}},
      {R"({"name":"gw","labels":{"":"v"}})", {"labels"}},
      {R"({"name":"gw","labels":{"k":"\u0002"}})", {"labels.k"}},
      {R"({"name":"gw","labels":{"k":1}})", {"labels.k"}},
      {R"({"name":"gw","labels":{},"description":5})", {"description"}},
      {"{\"name\":\"gw\",\"labels\":{},\"description\":\"" +
           std::string(1025, 'd') + "\"}",
       {"description"}},
      {R"({"name":"gw","labels":{},"refuse_connections":"true"})",
       {"refuse_connections"}},
      {R"({"name":"gw","labels":{},"refuse_connections":1})",
       {"refuse_connections"}},
      {R"({"name":"gw","labels":{},"refuse_connections":null})",
       {"refuse_connections"}},
      {R"({"name":5,"labels":5,"description":5,"refuse_connections":5})",
       {"description", "labels", "name", "refuse_connections"}},
  };
  std::vector<RejectedCase> cases;
  for (auto& [body, paths] : bodies) {
    cases.push_back({"PUT", Gateway(), body, 400, "invalid_request", paths});
    // Body checks come before the existence check.
    cases.push_back({"PUT", std::string(kGateways) + "/" + kUnusedId, body, 400,
                     "invalid_request", paths});
  }
  return cases;
}

std::vector<RejectedCase> StatusReportCases() {
  std::vector<std::pair<std::string, std::vector<std::string>>> bodies = {
      {R"({})",
       {"active_connections", "status", "total_storage_bytes",
        "used_storage_bytes"}},
      {Report(R"("status":"BUSY")"), {"status"}},
      {Report(R"("status":"online")"), {"status"}},
      {Report(R"("status":"ACTIVE")"), {"status"}},
      {Report(R"("status":5)"), {"status"}},
      {Report(R"("status":null)"), {"status"}},
      {Report(R"("active_connections":-1)"), {"active_connections"}},
      {Report(R"("active_connections":1.5)"), {"active_connections"}},
      {Report(R"("active_connections":"3")"), {"active_connections"}},
      {Report(R"("active_connections":null)"), {"active_connections"}},
      {Report(R"("active_connections":9223372036854775808)"),
       {"active_connections"}},
      {Report(R"("active_connections":18446744073709551616)"),
       {"active_connections"}},
      {Report(R"("total_storage_bytes":1e3)"), {"total_storage_bytes"}},
      {Report(R"("total_storage_bytes":-5)"), {"total_storage_bytes"}},
      {Report(R"("used_storage_bytes":11)"), {"used_storage_bytes"}},
      {Report(R"("used_storage_bytes":true)"), {"used_storage_bytes"}},
      {R"({"status":"ONLINE","active_connections":1,"total_storage_bytes":1})",
       {"used_storage_bytes"}},
      {R"({"status":"ONLINE","total_storage_bytes":1,"used_storage_bytes":1})",
       {"active_connections"}},
      {Report(R"("status":"X","active_connections":-1)"),
       {"active_connections", "status"}},
  };
  std::vector<RejectedCase> cases;
  for (auto& [body, paths] : bodies) {
    cases.push_back(
        {"PUT", Gateway("/status"), body, 400, "invalid_request", paths});
    cases.push_back({"PUT",
                     std::string(kGateways) + "/" + kUnusedId + "/status", body,
                     400, "invalid_request", paths});
  }
  return cases;
}

std::vector<RejectedCase> NotFoundCases() {
  const std::string gateway = std::string(kGateways) + "/" + kUnusedId;
  const std::string token = std::string(kTokens) + "/" + kUnusedId;
  return {
      {"GET", gateway, "", 404, "resource_does_not_exist", {}},
      {"PUT",
       gateway,
       R"({"name":"gw","labels":{}})",
       404,
       "resource_does_not_exist",
       {}},
      {"DELETE", gateway, "", 404, "resource_does_not_exist", {}},
      {"GET", gateway + "/status", "", 404, "resource_does_not_exist", {}},
      {"PUT",
       gateway + "/status",
       kValidReport,
       404,
       "resource_does_not_exist",
       {}},
      {"GET", token, "", 404, "resource_does_not_exist", {}},
      {"DELETE", token, "", 404, "resource_does_not_exist", {}},
      {"GET", token + "/token", "", 404, "resource_does_not_exist", {}},
      {"GET",
       std::string(kTokens) + "/" + kGatewayMarker,
       "",
       404,
       "resource_does_not_exist",
       {}},
      {"GET",
       std::string(kGateways) + "/" + kTokenMarker,
       "",
       404,
       "resource_does_not_exist",
       {}},
      {"POST",
       kRegistrations,
       R"({"token":"gwst_not_a_real_token","name":"gw-new"})",
       401,
       "authentication_error",
       {}},
  };
}

std::vector<AcceptedCase> AcceptedCases() {
  const std::string e_acute = "\xc3\xa9";
  const std::string emoji = "\xf0\x9f\x98\x80";
  const std::string max_label_key(255, 'k');
  std::vector<AcceptedCase> cases = {
      {"GET", "/v1/teams/" + std::string(255, 't') + "/gateways", "", 200},
      {"GET", "/v1/teams/a.B-c_9/gateway_setup_tokens", "", 200},
      {"GET", "/v1/teams/acme/gateways/" + std::string(kUpperGatewayMarker), "",
       200},
      {"GET", std::string(kGateways) + "?count=1", "", 200},
      {"GET", std::string(kGateways) + "?count=1000", "", 200},
      {"GET", std::string(kGateways) + "?descending=false&prev=false", "", 200},
      {"GET", std::string(kGateways) + "?status=ACTIVE", "", 200},
      {"GET", std::string(kGateways) + "?contains=", "", 200},
      {"GET", std::string(kGateways) + "?contains=" + std::string(1024, 'c'),
       "", 200},
      {"GET", std::string(kGateways) + "?offset=" + kUpperGatewayMarker, "",
       200},
      {"GET", std::string(kTokens) + "?count=1000&descending=true&prev=true",
       "", 200},
      {"POST", kTokens, "{\"description\":\"" + std::string(1024, 'd') + "\"}",
       201},
      {"POST", kTokens, "{\"description\":\"" + Repeat(e_acute, 1024) + "\"}",
       201},
      {"POST", kTokens, "{\"description\":\"" + Repeat(emoji, 1024) + "\"}",
       201},
      {"POST", kTokens, R"({"description":null})", 201},
      {"POST", kTokens, R"({"description":""})", 201},
      {"POST", kTokens, "{\"labels\":" + ManyLabels(64) + "}", 201},
      {"POST", kTokens, "{\"labels\":{\"" + max_label_key + "\":\"v\"}}", 201},
      {"POST", kTokens,
       "{\"labels\":{\"k\":\"" + std::string(255, 'v') + "\"}}", 201},
      {"POST", kTokens, R"({"labels":{"k":""}})", 201},
      {"POST", kTokens, "{\"labels\":{\"k\":\"" + Repeat(e_acute, 127) + "\"}}",
       201},
      {"POST", kTokens, R"({"registration_type":"gateway-agent"})", 201},
      {"POST", kTokens, R"({"unknown":{"nested":[1,2,3]}})", 201},
      {"POST", kTokens, NestedBody(64), 201},
      {"POST", kTokens, PaddedBody(1024 * 1024), 201},
      {"POST", kRegistrations,
       Registration("\"name\":\"" + std::string(255, 'n') + "\""), 201},
      {"POST", kRegistrations,
       Registration("\"name\":\"gw-addr\",\"access_address\":\"" +
                    std::string(255, '~') + "\"," +
                    R"("default_address":"[2001:db8::1]:22",)" +
                    R"("cloud_provider":"!\"#$%&'()*+,-./")"),
       201},
      {"PUT", Gateway(), "{\"name\":\"gw\",\"labels\":" + ManyLabels(64) + "}",
       204},
      {"PUT", Gateway(), R"({"name":"gw","labels":{},"description":null})",
       204},
      {"PUT", Gateway(),
       "{\"name\":\"gw\",\"labels\":{},\"description\":\"" +
           Repeat(e_acute, 1024) + "\"}",
       204},
      {"PUT", Gateway("/status"), Report(R"("used_storage_bytes":10)"), 204},
      {"PUT", Gateway("/status"),
       R"({"status":"OFFLINE","active_connections":0,)"
       R"("total_storage_bytes":0,"used_storage_bytes":0})",
       204},
      {"PUT", Gateway("/status"),
       R"({"status":"ONLINE","active_connections":9223372036854775807,)"
       R"("total_storage_bytes":9223372036854775807,)"
       R"("used_storage_bytes":9223372036854775807})",
       204},
  };
  return cases;
}

class Validation : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seeded_ = SeedTeam(db_, kTeam);
  }

  std::string Fill(std::string text) const {
    ReplaceAll(text, kUpperGatewayMarker, ToUpper(seeded_.gateway_ids[0]));
    ReplaceAll(text, kGatewayMarker, seeded_.gateway_ids[0]);
    ReplaceAll(text, kTokenMarker, seeded_.token_id);
    ReplaceAll(text, kValueMarker, seeded_.token_value);
    return text;
  }

  static std::string Describe(const std::string& method,
                              const std::string& target,
                              const std::string& body) {
    std::string shown_body =
        body.size() > 200 ? body.substr(0, 200) + "..." : body;
    return method + " " + target.substr(0, 300) + " " + shown_body;
  }

  void RunRejected(const std::vector<RejectedCase>& cases) {
    for (const RejectedCase& test_case : cases) {
      std::string target = Fill(test_case.target);
      std::string body = Fill(test_case.body);
      SCOPED_TRACE(Describe(test_case.method, target, body));
      std::string before = SnapshotTeam(db_, kTeam);

      Reply reply = Request(db_, test_case.method, target, body);

      ExpectError(reply, test_case.http_status, test_case.code,
                  test_case.paths);
      ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
    }
  }

  SeededTeam seeded_;
};

TEST_F(Validation, PathParameters) { RunRejected(PathParameterCases()); }

TEST_F(Validation, QueryParameters) { RunRejected(QueryParameterCases()); }

TEST_F(Validation, MalformedBodies) { RunRejected(MalformedBodyCases()); }

TEST_F(Validation, TokenBodies) { RunRejected(TokenBodyCases()); }

TEST_F(Validation, RegistrationBodies) { RunRejected(RegistrationBodyCases()); }

TEST_F(Validation, GatewayUpdateBodies) { RunRejected(GatewayUpdateCases()); }

TEST_F(Validation, StatusReportBodies) { RunRejected(StatusReportCases()); }

TEST_F(Validation, MissingRecords) { RunRejected(NotFoundCases()); }

TEST_F(Validation, BoundaryValuesAccepted) {
  for (const AcceptedCase& test_case : AcceptedCases()) {
    std::string target = Fill(test_case.target);
    std::string body = Fill(test_case.body);
    SCOPED_TRACE(Describe(test_case.method, target, body));

    Reply reply = Request(db_, test_case.method, target, body);

    EXPECT_EQ(reply.http_status, test_case.http_status)
        << reply.body.substr(0, 2000);
    EXPECT_EQ(reply.code, GWDB_OK);
  }
}

// Each error message names the offending value so a client can fix it.
TEST_F(Validation, ErrorMessagesNameValues) {
  struct Case {
    std::string method;
    std::string target;
    std::string body;
    std::string value;
  };
  const std::vector<Case> cases = {
      {"GET", std::string(kGateways) + "?count=abc", "", "abc"},
      {"GET", std::string(kGateways) + "?descending=maybe", "", "maybe"},
      {"GET", std::string(kGateways) + "?status=RETIRED", "", "RETIRED"},
      {"GET", std::string(kGateways) + "/not-a-uuid", "", "not-a-uuid"},
      {"GET", "/v1/teams/te~am/gateways", "", "te~am"},
      {"POST", kRegistrations, Registration(R"("name":"bad name")"),
       "bad name"},
      {"PUT", Gateway("/status"), Report(R"("status":"BUSY")"), "BUSY"},
  };
  for (const Case& test_case : cases) {
    std::string target = Fill(test_case.target);
    std::string body = Fill(test_case.body);
    SCOPED_TRACE(Describe(test_case.method, target, body));
    Reply reply = Request(db_, test_case.method, target, body);
    ASSERT_EQ(reply.http_status, 400) << reply.body;
    ASSERT_TRUE(reply.json.contains("errors")) << reply.body;
    ASSERT_EQ(reply.json["errors"].size(), 1u) << reply.body;
    std::string message = reply.json["errors"][0].value("message", "");
    EXPECT_NE(message.find(test_case.value), std::string::npos) << message;
  }
}

TEST_F(Validation, AcceptedDescriptionKeepsEveryCharacter) {
  const std::string text = "\xf0\x9f\x98\x80 caf\xc3\xa9 \xe2\x82\xac";
  Json body = {{"description", text}, {"labels", {{"k", text}}}};
  Reply created = CreateToken(db_, kTeam, body.dump());
  ASSERT_EQ(created.http_status, 201) << created.body;
  EXPECT_EQ(created.json["description"], text);
  EXPECT_EQ(created.json["details"]["labels"]["k"], text);
}

// The typed calls apply the same rules; bytes that JSON cannot carry
// (invalid UTF-8) are only reachable this way.
TEST_F(Validation, TypedTokenSpecRules) {
  struct Case {
    std::string name;
    const char* description;
    std::vector<gwdb_label> labels;
    std::vector<std::string> paths;
  };
  const std::string long_description(1025, 'd');
  const std::string long_key(256, 'k');
  const std::string long_value(256, 'v');
  const std::vector<Case> cases = {
      {"invalid UTF-8 description", "bad \xff byte", {}, {"description"}},
      {"truncated UTF-8 description", "caf\xc3", {}, {"description"}},
      {"surrogate in description", "\xed\xa0\x80", {}, {"description"}},
      {"overlong description", long_description.c_str(), {}, {"description"}},
      {"invalid UTF-8 label value", nullptr, {{"k", "\xfe"}}, {"labels.k"}},
      {"invalid UTF-8 label key", nullptr, {{"k\xff", "v"}}, {"labels"}},
      {"empty label key", nullptr, {{"", "v"}}, {"labels"}},
      {"long label key", nullptr, {{long_key.c_str(), "v"}}, {"labels"}},
      {"long label value", nullptr, {{"k", long_value.c_str()}}, {"labels.k"}},
      {"control character in value", nullptr, {{"k", "a\x1b"}}, {"labels.k"}},
      {"duplicate label keys", nullptr, {{"k", "1"}, {"k", "2"}}, {"labels"}},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    std::string before = SnapshotTeam(db_, kTeam);
    gwdb_token_spec spec;
    gwdb_token_spec_init(&spec);
    spec.description = test_case.description;
    spec.labels = test_case.labels.empty() ? nullptr : test_case.labels.data();
    spec.label_count = test_case.labels.size();
    gwdb_response* response = nullptr;

    int code = gwdb_token_create(db_, kTeam, &spec, &response);

    Reply reply = Capture(code, response);
    ExpectError(reply, 400, "invalid_request", test_case.paths);
    ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  }

  std::vector<gwdb_label> too_many(65);
  std::vector<std::string> keys(65);
  for (size_t i = 0; i < too_many.size(); ++i) {
    keys[i] = "k" + std::to_string(i);
    too_many[i] = {keys[i].c_str(), "v"};
  }
  gwdb_token_spec spec;
  gwdb_token_spec_init(&spec);
  spec.labels = too_many.data();
  spec.label_count = too_many.size();
  Reply reply = Typed([&](gwdb_response** out) {
    return gwdb_token_create(db_, kTeam, &spec, out);
  });
  ExpectError(reply, 400, "invalid_request", {"labels"});
  spec.label_count = 64;
  Reply accepted = Typed([&](gwdb_response** out) {
    return gwdb_token_create(db_, kTeam, &spec, out);
  });
  EXPECT_EQ(accepted.http_status, 201) << accepted.body;
}

TEST_F(Validation, TypedTeamAndIdRules) {
  const std::vector<std::string> bad_teams = {
      "", std::string(256, 't'), "t\xc3\xa9", "a b", "a/b", "t\xff"};
  for (const std::string& team : bad_teams) {
    SCOPED_TRACE("team " + team);
    Reply list = Typed([&](gwdb_response** out) {
      return gwdb_gateway_list(db_, team.c_str(), nullptr, out);
    });
    ExpectError(list, 400, "invalid_request", {"team_name"});
    Reply create = Typed([&](gwdb_response** out) {
      gwdb_token_spec spec;
      gwdb_token_spec_init(&spec);
      return gwdb_token_create(db_, team.c_str(), &spec, out);
    });
    ExpectError(create, 400, "invalid_request", {"team_name"});
  }
  const std::vector<std::string> bad_ids = {
      "", "not-a-uuid", "{6116bb2a-7289-4528-92ee-8e92443c3b61}",
      "6116bb2a7289452892ee8e92443c3b61"};
  for (const std::string& id : bad_ids) {
    SCOPED_TRACE("id " + id);
    Reply gateway = Typed([&](gwdb_response** out) {
      return gwdb_gateway_get(db_, kTeam, id.c_str(), out);
    });
    ExpectError(gateway, 400, "invalid_request", {"gateway_id"});
    Reply token = Typed([&](gwdb_response** out) {
      return gwdb_token_get(db_, kTeam, id.c_str(), out);
    });
    ExpectError(token, 400, "invalid_request", {"gateway_setup_token_id"});
  }
}

TEST_F(Validation, TypedListQueryRules) {
  struct Case {
    std::string name;
    const char* offset;
    uint32_t count;
    const char* status;
    std::string contains;
    std::vector<std::string> paths;
  };
  const std::vector<Case> cases = {
      {"count over maximum", nullptr, 1001, nullptr, "", {"count"}},
      {"malformed offset", "bad", 0, nullptr, "", {"offset"}},
      {"unknown offset", kUnusedId, 0, nullptr, "", {"offset"}},
      {"lower-case status", nullptr, 0, "active", "", {"status"}},
      {"empty status", nullptr, 0, "", "", {"status"}},
      {"long contains",
       nullptr,
       0,
       nullptr,
       std::string(1025, 'c'),
       {"contains"}},
      {"invalid UTF-8 contains", nullptr, 0, nullptr, "\xff", {"contains"}},
      {"several faults", "bad", 5000, "x", "", {"count", "offset", "status"}},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    gwdb_list_query query;
    gwdb_list_query_init(&query);
    query.offset = test_case.offset;
    query.count = test_case.count;
    query.status = test_case.status;
    query.contains = test_case.contains.c_str();
    Reply reply = Typed([&](gwdb_response** out) {
      return gwdb_gateway_list(db_, kTeam, &query, out);
    });
    ExpectError(reply, 400, "invalid_request", test_case.paths);
  }

  gwdb_list_query query;
  gwdb_list_query_init(&query);
  query.status = "ACTIVE";
  Reply tokens = Typed([&](gwdb_response** out) {
    return gwdb_token_list(db_, kTeam, &query, out);
  });
  ExpectError(tokens, 400, "invalid_request", {"status"});
}

TEST_F(Validation, TypedRegistrationRules) {
  struct Case {
    std::string name;
    const char* token;
    const char* gateway_name;
    const char* access_address;
    std::vector<std::string> paths;
    int http_status;
  };
  const std::string long_name(256, 'n');
  const std::vector<Case> cases = {
      {"empty name", seeded_.token_value.c_str(), "", nullptr, {"name"}, 400},
      {"long name",
       seeded_.token_value.c_str(),
       long_name.c_str(),
       nullptr,
       {"name"},
       400},
      {"invalid UTF-8 name",
       seeded_.token_value.c_str(),
       "gw\xff",
       nullptr,
       {"name"},
       400},
      {"non-ASCII address",
       seeded_.token_value.c_str(),
       "gw",
       "h\xc3\xb4te",
       {"access_address"},
       400},
      {"unknown token", "gwst_unknown", "gw", nullptr, {}, 401},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    std::string before = SnapshotTeam(db_, kTeam);
    gwdb_registration registration;
    gwdb_registration_init(&registration);
    registration.token = test_case.token;
    registration.name = test_case.gateway_name;
    registration.access_address = test_case.access_address;

    Reply reply = Typed([&](gwdb_response** out) {
      return gwdb_gateway_register(db_, &registration, out);
    });

    ExpectError(reply, test_case.http_status,
                test_case.http_status == 400 ? "invalid_request"
                                             : "authentication_error",
                test_case.paths);
    ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  }
}

TEST_F(Validation, TypedStatusReportRules) {
  const std::string id = seeded_.gateway_ids[1];
  struct Case {
    std::string name;
    uint64_t active;
    uint64_t total;
    uint64_t used;
    std::vector<std::string> paths;
  };
  const uint64_t kTooBig = 9223372036854775808ULL;
  const std::vector<Case> cases = {
      {"used over total", 0, 1, 2, {"used_storage_bytes"}},
      {"active over maximum", kTooBig, 1, 1, {"active_connections"}},
      {"total over maximum", 0, kTooBig, 1, {"total_storage_bytes"}},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.name);
    std::string before = SnapshotTeam(db_, kTeam);
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.online = 1;
    report.active_connections = test_case.active;
    report.total_storage_bytes = test_case.total;
    report.used_storage_bytes = test_case.used;

    Reply reply = Typed([&](gwdb_response** out) {
      return gwdb_gateway_report_status(db_, kTeam, id.c_str(), &report, out);
    });

    ExpectError(reply, 400, "invalid_request", test_case.paths);
    ExpectSameSnapshot(before, SnapshotTeam(db_, kTeam));
  }
}

}  // namespace
}  // namespace gwdb_test
