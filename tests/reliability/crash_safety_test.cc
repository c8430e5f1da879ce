// Crash safety: a writer process (crash_writer) is killed with SIGKILL at
// random moments, again and again, on one store. After every kill the test
// reopens the store and checks that every acknowledged write is there, that
// gwdb_check finds nothing, and that paging walks every gateway exactly
// once. The write in flight at the kill may or may not have happened, but
// nothing else may differ.
//
// GWDB_CRASH_KILLS sets the number of kills (default 200).
// NOTE: SIGKILL tests process crashes only; the page cache survives it, so
// this does not show that fsync ordering survives a power cut.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "reliability_support.h"
#include "test_support.h"

namespace {

using gwdb_reliability::ListedGateway;

constexpr char kTeam[] = "crash";
std::string g_writer_path;

struct ModelGateway {
  std::string name;
  std::optional<uint64_t> connections;
};

// One write as the writer announced it.
struct Write {
  char op = 0;
  std::string id;
  std::string name;
  uint64_t connections = 0;
};

Write ParseWrite(std::istringstream& fields) {
  Write write;
  fields >> write.op;
  switch (write.op) {
    case 'R':
      // "I R name" before the call, "A R id name" after it.
      fields >> write.id;
      if (!(fields >> write.name)) std::swap(write.id, write.name);
      break;
    case 'U':
      fields >> write.id >> write.name;
      break;
    case 'S':
      fields >> write.id >> write.connections;
      break;
    case 'D':
      fields >> write.id;
      break;
  }
  return write;
}

class CrashModel {
 public:
  // Applies the lines one writer run printed. Returns false on an "E" line.
  bool Consume(const std::string& output, std::string* error, int* acks) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string kind;
      fields >> kind;
      if (kind == "E") {
        *error = line;
        return false;
      }
      Write write = ParseWrite(fields);
      if (kind == "I") {
        pending_ = write;
      } else if (kind == "A") {
        Apply(write);
        pending_.reset();
        ++*acks;
      }
    }
    return true;
  }

  // Compares the store with the model; the pending write may or may not
  // be in the store. Then folds the pending write's outcome into the model.
  void Verify(gwdb_db* db, int run) {
    SCOPED_TRACE("after kill " + std::to_string(run));
    std::vector<ListedGateway> ascending, descending;
    std::string error;
    ASSERT_TRUE(gwdb_reliability::WalkGateways(db, kTeam, 37, false,
                                               &ascending, &error))
        << error;
    ASSERT_TRUE(gwdb_reliability::WalkGateways(db, kTeam, 50, true,
                                               &descending, &error))
        << error;
    ASSERT_EQ(ascending.size(), descending.size());

    std::map<std::string, std::string> listed;
    for (const ListedGateway& gateway : ascending) {
      listed[gateway.id] = gateway.name;
    }
    for (const ListedGateway& gateway : descending) {
      ASSERT_EQ(listed.count(gateway.id), 1u)
          << gateway.id << " is in the descending walk only";
    }

    for (const auto& [id, expected] : gateways_) {
      auto found = listed.find(id);
      if (found == listed.end()) {
        EXPECT_TRUE(IsPending('D', id))
            << "acknowledged gateway " << id << " is missing";
        continue;
      }
      if (found->second != expected.name) {
        EXPECT_TRUE(IsPending('U', id) && pending_->name == found->second)
            << "gateway " << id << " is named " << found->second
            << ", expected the acknowledged " << expected.name;
      }
      CheckConnections(db, id, expected);
    }
    for (const auto& [id, name] : listed) {
      if (gateways_.count(id) != 0) continue;
      EXPECT_TRUE(IsPending('R', "") && pending_->name == name)
          << "gateway " << id << " (" << name
          << ") was never acknowledged and is not the write in flight";
    }

    std::vector<std::string> violations;
    EXPECT_EQ(gwdb_reliability::CountViolations(db, &violations), 0u)
        << (violations.empty() ? "" : violations.front());

    ResolvePending(db, listed);
  }

  size_t size() const { return gateways_.size(); }

 private:
  bool IsPending(char op, const std::string& id) const {
    return pending_ && pending_->op == op && (id.empty() || pending_->id == id);
  }

  void Apply(const Write& write) {
    switch (write.op) {
      case 'R':
        gateways_[write.id] = ModelGateway{write.name, std::nullopt};
        break;
      case 'U':
        gateways_[write.id].name = write.name;
        break;
      case 'S':
        gateways_[write.id].connections = write.connections;
        break;
      case 'D':
        gateways_.erase(write.id);
        break;
    }
  }

  static std::optional<uint64_t> ReadConnections(gwdb_db* db,
                                                 const std::string& id) {
    gwdb_response* response = nullptr;
    const int code = gwdb_gateway_status(db, kTeam, id.c_str(), &response);
    EXPECT_EQ(code, GWDB_OK) << "status of " << id << ": "
                             << gwdb_response_message(response);
    size_t length = 0;
    const char* body = gwdb_response_body(response, &length);
    nlohmann::json status =
        nlohmann::json::parse(body, body + length, nullptr, false);
    gwdb_response_free(response);
    if (code != GWDB_OK || status["updated_at"].is_null()) return std::nullopt;
    return status["active_connections"].get<uint64_t>();
  }

  void CheckConnections(gwdb_db* db, const std::string& id,
                        const ModelGateway& expected) {
    const std::optional<uint64_t> stored = ReadConnections(db, id);
    if (stored == expected.connections) return;
    EXPECT_TRUE(IsPending('S', id) && stored == pending_->connections)
        << "gateway " << id << " reports "
        << (stored ? std::to_string(*stored) : "nothing")
        << ", expected the acknowledged "
        << (expected.connections ? std::to_string(*expected.connections)
                                 : "nothing");
  }

  void ResolvePending(gwdb_db* db,
                      const std::map<std::string, std::string>& listed) {
    if (!pending_) return;
    const Write write = *pending_;
    pending_.reset();
    if (write.op == 'R') {
      for (const auto& [id, name] : listed) {
        if (gateways_.count(id) == 0 && name == write.name) {
          gateways_[id] = ModelGateway{name, std::nullopt};
        }
      }
    } else if (write.op == 'D') {
      if (listed.count(write.id) == 0) gateways_.erase(write.id);
    } else if (write.op == 'U') {
      auto found = listed.find(write.id);
      if (found != listed.end()) gateways_[write.id].name = found->second;
    } else if (write.op == 'S' && gateways_.count(write.id) != 0) {
      gateways_[write.id].connections = ReadConnections(db, write.id);
    }
  }

  std::map<std::string, ModelGateway> gateways_;
  std::optional<Write> pending_;
};

// Starts the writer with its standard output on a pipe, kills it after
// `delay`, and returns everything it printed.
std::string RunAndKill(const std::string& store, int run,
                       std::chrono::microseconds delay, bool* exited_early) {
  int pipe_fds[2];
  EXPECT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  const std::string run_text = std::to_string(run);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    execl(g_writer_path.c_str(), g_writer_path.c_str(), store.c_str(),
          run_text.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);

  std::string output;
  char buffer[4096];
  ssize_t got;
  while ((got = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    output.append(buffer, got);
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  *exited_early = !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL;
  return output;
}

TEST(CrashSafety, SigkilledWriterLosesNoAcknowledgedWrite) {
  ASSERT_FALSE(g_writer_path.empty()) << "pass the crash_writer path";
  const long kills = gwdb_reliability::EnvironmentNumber("GWDB_CRASH_KILLS",
                                                         200);
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  std::mt19937 random(20261204);
  CrashModel model;
  int acknowledged = 0;
  int early_kills = 0;

  for (int run = 1; run <= kills; ++run) {
    // One kill in ten lands within the first 3 ms, while the writer is
    // still opening the store. The rest land anywhere in its first 300 ms.
    const bool early = random() % 10 == 0;
    const std::chrono::microseconds delay(
        early ? random() % 3000 : random() % 300000);
    early_kills += early;
    bool exited_early = false;
    const std::string output = RunAndKill(store, run, delay, &exited_early);
    std::string error;
    ASSERT_TRUE(model.Consume(output, &error, &acknowledged)) << error;
    ASSERT_FALSE(exited_early) << "the writer ended before the kill: "
                               << output;

    gwdb_options options;
    gwdb_options_init(&options);
    gwdb_db* db = gwdb_reliability::OpenOrExplain(store, options, &error);
    if (db == nullptr && run == 1) continue;  // Killed before creating it.
    ASSERT_NE(db, nullptr) << "reopening after kill " << run << ": " << error;
    model.Verify(db, run);
    gwdb_close(db);
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("crash safety: %ld kills (%d while opening), %d acknowledged "
              "writes checked, %zu gateways at the end\n",
              kills, early_kills, acknowledged, model.size());
  EXPECT_GT(acknowledged, kills) << "the writer made too little progress";
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_writer_path = argv[1];
  return RUN_ALL_TESTS();
}
