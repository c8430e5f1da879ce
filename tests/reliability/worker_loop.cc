#include "worker_loop.h"

#include <gatewaydb/gatewaydb.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace gwdb_reliability {
namespace {

struct OwnedGateway {
  std::string id;
  std::string name;
  uint64_t connections = 0;
};

// Collects the first failure of any thread and the output lines.
class Outcome {
 public:
  explicit Outcome(int fd) : fd_(fd) {}

  void Fail(const std::string& what, gwdb_response* response) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_) return;
    failed_ = true;
    WriteLine("E " + what + ": " +
              (response ? std::string(gwdb_code_name(
                              gwdb_response_code(response))) +
                              " " + gwdb_response_message(response)
                        : "(no response)"));
  }

  void Report(const OwnedGateway& gateway) {
    std::lock_guard<std::mutex> lock(mutex_);
    WriteLine("G " + gateway.id + " " + gateway.name + " " +
              std::to_string(gateway.connections));
  }

  bool failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

 private:
  void WriteLine(const std::string& line) {
    const std::string framed = line + "\n";
    if (write(fd_, framed.data(), framed.size()) < 0) failed_ = true;
  }

  std::mutex mutex_;
  int fd_;
  bool failed_ = false;
};

nlohmann::json BodyOf(gwdb_response* response) {
  size_t length = 0;
  const char* body = gwdb_response_body(response, &length);
  return nlohmann::json::parse(body, body + length, nullptr, false);
}

bool ReadToken(gwdb_db* db, Outcome& outcome, std::string* token) {
  gwdb_response* response = nullptr;
  if (gwdb_token_list(db, kSharedTeam, nullptr, &response) != GWDB_OK) {
    outcome.Fail("listing setup tokens", response);
    gwdb_response_free(response);
    return false;
  }
  const nlohmann::json page = BodyOf(response);
  gwdb_response_free(response);
  if (page["list"].empty()) {
    outcome.Fail("the team has no setup token", nullptr);
    return false;
  }
  const std::string id = page["list"][0]["id"];
  if (gwdb_token_value(db, kSharedTeam, id.c_str(), &response) != GWDB_OK) {
    outcome.Fail("reading the setup token", response);
    gwdb_response_free(response);
    return false;
  }
  *token = gwdb_response_token_value(response);
  gwdb_response_free(response);
  return true;
}

bool Register(gwdb_db* db, const std::string& token, const std::string& name,
              Outcome& outcome, std::vector<OwnedGateway>& owned) {
  gwdb_registration registration;
  gwdb_registration_init(&registration);
  registration.token = token.c_str();
  registration.name = name.c_str();
  gwdb_response* response = nullptr;
  bool ok = gwdb_gateway_register(db, &registration, &response) == GWDB_OK;
  if (ok) {
    owned.push_back(OwnedGateway{BodyOf(response)["id"], name, 0});
  } else {
    outcome.Fail("registering " + name, response);
  }
  gwdb_response_free(response);
  return ok;
}

// Reads the gateway back and compares it with the thread's last write.
bool ReadBack(gwdb_db* db, const OwnedGateway& gateway, Outcome& outcome) {
  gwdb_response* response = nullptr;
  if (gwdb_gateway_get(db, kSharedTeam, gateway.id.c_str(), &response) !=
      GWDB_OK) {
    outcome.Fail("reading " + gateway.id, response);
    gwdb_response_free(response);
    return false;
  }
  const std::string name = BodyOf(response)["name"];
  gwdb_response_free(response);
  if (name != gateway.name) {
    outcome.Fail("gateway " + gateway.id + " reads as " + name +
                     " right after it was renamed " + gateway.name,
                 nullptr);
    return false;
  }
  return true;
}

bool WriteOnce(gwdb_db* db, const std::string& token, const std::string& tag,
               std::mt19937_64& random, Outcome& outcome,
               std::vector<OwnedGateway>& owned) {
  const unsigned dice = random() % 100;
  if (owned.empty() || dice < 20) {
    return Register(db, token, "c" + tag, outcome, owned);
  }
  const size_t index = random() % owned.size();
  OwnedGateway& gateway = owned[index];
  gwdb_response* response = nullptr;
  int code;
  if (dice < 55) {
    const std::string name = "r" + tag;
    gwdb_gateway_changes changes;
    gwdb_gateway_changes_init(&changes);
    changes.name = name.c_str();
    code = gwdb_gateway_update(db, kSharedTeam, gateway.id.c_str(), &changes,
                               &response);
    if (code == GWDB_OK) gateway.name = name;
  } else if (dice < 85) {
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.online = 1;
    report.active_connections = random() % 100000;
    code = gwdb_gateway_report_status(db, kSharedTeam, gateway.id.c_str(),
                                      &report, &response);
    if (code == GWDB_OK) gateway.connections = report.active_connections;
  } else {
    code = gwdb_gateway_delete(db, kSharedTeam, gateway.id.c_str(), &response);
    if (code == GWDB_OK) {
      gwdb_response_free(response);
      owned.erase(owned.begin() + index);
      return true;
    }
  }
  if (code != GWDB_OK) {
    outcome.Fail("writing gateway " + gateway.id, response);
  }
  gwdb_response_free(response);
  return code == GWDB_OK && ReadBack(db, gateway, outcome);
}

bool ListOnePage(gwdb_db* db, std::mt19937_64& random, Outcome& outcome) {
  gwdb_list_query query;
  gwdb_list_query_init(&query);
  query.count = 1 + random() % 50;
  query.descending = random() % 2;
  gwdb_response* response = nullptr;
  const int code = gwdb_gateway_list(db, kSharedTeam, &query, &response);
  if (code != GWDB_OK) outcome.Fail("listing gateways", response);
  gwdb_response_free(response);
  return code == GWDB_OK;
}

}  // namespace

int RunWriterProcess(const std::string& store, const std::string& worker_name,
                     int threads, int rounds, int output_fd) {
  Outcome outcome(output_fd);
  gwdb_db* db = nullptr;
  char* error = nullptr;
  if (gwdb_open(store.c_str(), nullptr, &db, &error) != GWDB_OK) {
    outcome.Fail(std::string("opening the store: ") + (error ? error : ""),
                 nullptr);
    gwdb_string_free(error);
    return 1;
  }
  std::string token;
  if (!ReadToken(db, outcome, &token)) return 1;

  std::vector<std::vector<OwnedGateway>> owned(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 random(std::hash<std::string>()(worker_name) + t);
      for (int round = 0; round < rounds && !outcome.failed(); ++round) {
        const std::string tag = worker_name + "t" + std::to_string(t) + "n" +
                                std::to_string(round);
        if (!WriteOnce(db, token, tag, random, outcome, owned[t])) return;
        if (round % 4 == 0 && !ListOnePage(db, random, outcome)) return;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  gwdb_close(db);
  if (outcome.failed()) return 1;
  for (const auto& list : owned) {
    for (const OwnedGateway& gateway : list) outcome.Report(gateway);
  }
  return 0;
}

int RunWalkerProcess(const std::string& store, unsigned max_readers,
                     int output_fd) {
  Outcome outcome(output_fd);
  gwdb_options options;
  gwdb_options_init(&options);
  options.max_readers = max_readers;
  gwdb_db* db = nullptr;
  char* error = nullptr;
  if (gwdb_open(store.c_str(), &options, &db, &error) != GWDB_OK) {
    outcome.Fail(std::string("opening the store: ") + (error ? error : ""),
                 nullptr);
    return 1;
  }
  for (;;) {
    std::string offset;
    do {
      gwdb_list_query query;
      gwdb_list_query_init(&query);
      query.count = 5;
      query.offset = offset.empty() ? nullptr : offset.c_str();
      gwdb_response* response = nullptr;
      if (gwdb_gateway_list(db, kSharedTeam, &query, &response) != GWDB_OK) {
        outcome.Fail("walking gateways", response);
        return 1;
      }
      const char* next = gwdb_response_next_offset(response);
      offset = next ? next : "";
      gwdb_response_free(response);
    } while (!offset.empty());
  }
}

}  // namespace gwdb_reliability
