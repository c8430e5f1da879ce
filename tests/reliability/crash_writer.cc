// A writer process for the crash-safety test. It opens the store given on
// the command line with durable writes and runs registrations, updates,
// deletes and status reports in team "crash" until it is killed. Around
// each write it prints one line to standard output (a pipe to the test):
//
//   I <op> <args>   before the call (the write is in flight)
//   A <op> <args>   after the call returned GWDB_OK (acknowledged)
//
// where <op> is R (register: <name>, acknowledged as <id> <name>), U
// (update: <id> <name>), S (status report: <id> <active_connections>) or
// D (delete: <id>). A line is written with one write(2) of less than
// PIPE_BUF bytes, so the test never reads half a line. Any failed call is
// printed as "E <message>" and ends the process with exit status 1.
//
// Usage: crash_writer STORE_DIR RUN_NUMBER
#include <gatewaydb/gatewaydb.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr char kTeam[] = "crash";
// The writer keeps the team near this many gateways so that each check in
// the test stays fast.
constexpr size_t kTargetGateways = 120;

void Emit(const std::string& line) {
  const std::string framed = line + "\n";
  ssize_t written = write(STDOUT_FILENO, framed.data(), framed.size());
  if (written != static_cast<ssize_t>(framed.size())) std::_Exit(3);
}

[[noreturn]] void Fail(const std::string& what, gwdb_response* response) {
  Emit("E " + what + ": " +
       (response ? gwdb_response_message(response) : "(no response)"));
  std::_Exit(1);
}

nlohmann::json BodyOf(gwdb_response* response) {
  size_t length = 0;
  const char* body = gwdb_response_body(response, &length);
  return nlohmann::json::parse(body, body + length, nullptr, false);
}

// Returns the value of the team's first setup token, creating the token
// when the team has none yet.
std::string SetupTokenValue(gwdb_db* db) {
  gwdb_response* response = nullptr;
  if (gwdb_token_list(db, kTeam, nullptr, &response) != GWDB_OK) {
    Fail("listing setup tokens", response);
  }
  nlohmann::json page = BodyOf(response);
  gwdb_response_free(response);
  if (page["list"].empty()) {
    if (gwdb_token_create(db, kTeam, nullptr, &response) != GWDB_OK) {
      Fail("creating a setup token", response);
    }
    std::string value = gwdb_response_token_value(response);
    gwdb_response_free(response);
    return value;
  }
  const std::string id = page["list"][0]["id"];
  if (gwdb_token_value(db, kTeam, id.c_str(), &response) != GWDB_OK) {
    Fail("reading the setup token value", response);
  }
  std::string value = gwdb_response_token_value(response);
  gwdb_response_free(response);
  return value;
}

std::vector<std::string> ExistingGateways(gwdb_db* db) {
  std::vector<std::string> ids;
  std::string offset;
  for (;;) {
    gwdb_list_query query;
    gwdb_list_query_init(&query);
    query.count = 1000;
    query.offset = offset.empty() ? nullptr : offset.c_str();
    gwdb_response* response = nullptr;
    if (gwdb_gateway_list(db, kTeam, &query, &response) != GWDB_OK) {
      Fail("listing gateways", response);
    }
    const nlohmann::json page = BodyOf(response);
    for (const auto& item : page["list"]) ids.push_back(item["id"]);
    const char* next = gwdb_response_next_offset(response);
    offset = next ? next : "";
    gwdb_response_free(response);
    if (offset.empty()) return ids;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer STORE_DIR RUN_NUMBER\n");
    return 2;
  }
  const std::string run = argv[2];
  std::mt19937_64 random(std::strtoull(argv[2], nullptr, 10) * 7919 + 17);

  gwdb_db* db = nullptr;
  char* error = nullptr;
  if (gwdb_open(argv[1], nullptr, &db, &error) != GWDB_OK) {
    Emit(std::string("E opening the store: ") + (error ? error : ""));
    return 1;
  }
  const std::string token = SetupTokenValue(db);
  std::vector<std::string> gateways = ExistingGateways(db);

  for (uint64_t sequence = 0;; ++sequence) {
    const std::string tag = run + "x" + std::to_string(sequence);
    const unsigned dice = random() % 100;
    gwdb_response* response = nullptr;

    if (gateways.size() < kTargetGateways / 2 ||
        (dice < 35 && gateways.size() < kTargetGateways)) {
      const std::string name = "g" + tag;
      gwdb_registration registration;
      gwdb_registration_init(&registration);
      registration.token = token.c_str();
      registration.name = name.c_str();
      Emit("I R " + name);
      if (gwdb_gateway_register(db, &registration, &response) != GWDB_OK) {
        Fail("registering " + name, response);
      }
      const std::string id = BodyOf(response)["id"];
      gateways.push_back(id);
      Emit("A R " + id + " " + name);
    } else if (dice < 60) {
      const std::string& id = gateways[random() % gateways.size()];
      const std::string name = "u" + tag;
      gwdb_gateway_changes changes;
      gwdb_gateway_changes_init(&changes);
      changes.name = name.c_str();
      Emit("I U " + id + " " + name);
      if (gwdb_gateway_update(db, kTeam, id.c_str(), &changes, &response) !=
          GWDB_OK) {
        Fail("updating " + id, response);
      }
      Emit("A U " + id + " " + name);
    } else if (dice < 85) {
      const std::string& id = gateways[random() % gateways.size()];
      gwdb_status_report report;
      gwdb_status_report_init(&report);
      report.online = 1;
      report.active_connections = random() % 1000000;
      report.total_storage_bytes = 1 << 30;
      const std::string connections =
          std::to_string(report.active_connections);
      Emit("I S " + id + " " + connections);
      if (gwdb_gateway_report_status(db, kTeam, id.c_str(), &report,
                                     &response) != GWDB_OK) {
        Fail("reporting the status of " + id, response);
      }
      Emit("A S " + id + " " + connections);
    } else {
      const size_t index = random() % gateways.size();
      const std::string id = gateways[index];
      Emit("I D " + id);
      if (gwdb_gateway_delete(db, kTeam, id.c_str(), &response) != GWDB_OK) {
        Fail("deleting " + id, response);
      }
      gateways.erase(gateways.begin() + index);
      Emit("A D " + id);
    }
    gwdb_response_free(response);
  }
}
