// Several processes, each with several threads, on one store: no write is
// lost and no call fails. Also: a handle used in a child after fork() is
// rejected, and reader slots of killed readers are reclaimed.
//
// GWDB_CONCURRENCY_ROUNDS sets the writes per thread (default 400).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "reliability_support.h"
#include "test_support.h"
#include "worker_loop.h"

namespace {

using gwdb_reliability::kSharedTeam;
using gwdb_test::Json;
using gwdb_test::Reply;

std::string g_worker_path;

struct Child {
  pid_t pid = -1;
  int output_fd = -1;
};

// Starts store_worker with `arguments`, its standard output on a pipe.
Child SpawnWorker(const std::vector<std::string>& arguments) {
  int pipe_fds[2];
  EXPECT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  std::vector<std::string> argv = {g_worker_path};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  Child child;
  child.pid = fork();
  if (child.pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (std::string& arg : argv) args.push_back(arg.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  child.output_fd = pipe_fds[0];
  return child;
}

// Reads everything the child prints and waits for it; returns its wait
// status.
int Collect(const Child& child, std::string* output) {
  char buffer[4096];
  ssize_t got;
  while ((got = read(child.output_fd, buffer, sizeof buffer)) > 0) {
    output->append(buffer, got);
  }
  close(child.output_fd);
  int status = 0;
  waitpid(child.pid, &status, 0);
  return status;
}

gwdb_db* OpenDefault(const std::string& path) {
  gwdb_options options;
  gwdb_options_init(&options);
  return gwdb_test::OpenStore(path, options);
}

TEST(Concurrency, ProcessesAndThreadsLoseNoWrite) {
  const int rounds = static_cast<int>(
      gwdb_reliability::EnvironmentNumber("GWDB_CONCURRENCY_ROUNDS", 400));
  constexpr int kExecWorkers = 3;
  constexpr int kThreads = 4;
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  gwdb_db* db = OpenDefault(store);
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(gwdb_test::CreateToken(db, kSharedTeam).http_status, 201);

  std::vector<Child> children;
  for (int w = 0; w < kExecWorkers; ++w) {
    children.push_back(SpawnWorker({"write", store, "x" + std::to_string(w),
                                    std::to_string(kThreads),
                                    std::to_string(rounds)}));
  }
  // One more child forked from this process, which opens the store afresh
  // instead of using the parent's handle.
  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  Child forked;
  forked.pid = fork();
  if (forked.pid == 0) {
    close(pipe_fds[0]);
    _exit(gwdb_reliability::RunWriterProcess(store, "f", kThreads, rounds,
                                             pipe_fds[1]));
  }
  close(pipe_fds[1]);
  forked.output_fd = pipe_fds[0];
  children.push_back(forked);

  // Meanwhile this process reads with two threads of its own.
  std::atomic<bool> writers_done{false};
  std::atomic<int> walks{0};
  std::vector<std::string> reader_errors(2);
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      while (!writers_done) {
        std::vector<gwdb_reliability::ListedGateway> listed;
        if (!gwdb_reliability::WalkGateways(db, kSharedTeam, 25, r == 1,
                                            &listed, &reader_errors[r])) {
          return;
        }
        ++walks;
      }
    });
  }

  std::map<std::string, std::pair<std::string, uint64_t>> expected;
  for (const Child& child : children) {
    std::string output;
    const int status = Collect(child, &output);
    EXPECT_TRUE(WIFEXITED(status))
        << "worker " << child.pid << " crashed: " << output;
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "worker " << child.pid << " failed: " << output;
    std::istringstream lines(output);
    std::string kind, id, name;
    uint64_t connections;
    while (lines >> kind >> id >> name >> connections) {
      if (kind == "G") expected[id] = {name, connections};
    }
  }
  writers_done = true;
  for (std::thread& reader : readers) reader.join();
  for (const std::string& error : reader_errors) EXPECT_EQ(error, "");

  std::vector<gwdb_reliability::ListedGateway> listed;
  std::string error;
  ASSERT_TRUE(gwdb_reliability::WalkGateways(db, kSharedTeam, 100, false,
                                             &listed, &error))
      << error;
  EXPECT_EQ(listed.size(), expected.size());
  for (const auto& gateway : listed) {
    auto found = expected.find(gateway.id);
    ASSERT_NE(found, expected.end()) << gateway.id << " was deleted";
    EXPECT_EQ(gateway.name, found->second.first) << gateway.id;
    Reply status = gwdb_test::Request(
        db, "GET",
        std::string("/v1/teams/") + kSharedTeam + "/gateways/" + gateway.id +
            "/status");
    ASSERT_EQ(status.http_status, 200) << status.body;
    EXPECT_EQ(status.json["active_connections"].get<uint64_t>(),
              found->second.second)
        << gateway.id;
  }
  std::vector<std::string> violations;
  EXPECT_EQ(gwdb_reliability::CountViolations(db, &violations), 0u)
      << (violations.empty() ? "" : violations.front());
  std::printf("concurrency: %d processes x %d threads x %d writes, %d "
              "concurrent walks, %zu gateways checked\n",
              kExecWorkers + 1, kThreads, rounds, walks.load(),
              listed.size());
  gwdb_close(db);
}

// The child checks each call, writes one line per failure to the pipe and
// exits without closing the inherited handle.
void CheckCallsInChild(gwdb_db* db, int output_fd) {
  std::string failures;
  auto expect_rejected = [&](const char* call, int code,
                             gwdb_response* response,
                             const std::string& message) {
    if (code != GWDB_INVALID_ARGUMENT) {
      failures += std::string(call) + " returned " + gwdb_code_name(code) +
                  "\n";
    }
    if (message.find("fork") == std::string::npos) {
      failures += std::string(call) + " message does not mention fork: " +
                  message + "\n";
    }
    gwdb_response_free(response);
  };
  gwdb_response* response = nullptr;
  int code = gwdb_request(db, "GET", "/v1/teams/t/gateways", nullptr, 0,
                          &response);
  expect_rejected("gwdb_request", code, response,
                  gwdb_response_message(response));
  response = nullptr;
  code = gwdb_token_create(db, "t", nullptr, &response);
  expect_rejected("gwdb_token_create", code, response,
                  gwdb_response_message(response));
  response = nullptr;
  code = gwdb_gateway_list(db, "t", nullptr, &response);
  expect_rejected("gwdb_gateway_list", code, response,
                  gwdb_response_message(response));

  char* error = nullptr;
  code = gwdb_sync(db, &error);
  expect_rejected("gwdb_sync", code, nullptr, error ? error : "");
  gwdb_string_free(error);
  error = nullptr;
  uint64_t violations = 0;
  code = gwdb_check(db, nullptr, nullptr, &violations, &error);
  expect_rejected("gwdb_check", code, nullptr, error ? error : "");
  gwdb_string_free(error);
  error = nullptr;
  gwdb_store_stats stats;
  stats.struct_size = sizeof stats;
  code = gwdb_stats(db, &stats, nullptr, nullptr, &error);
  expect_rejected("gwdb_stats", code, nullptr, error ? error : "");
  gwdb_string_free(error);

  if (write(output_fd, failures.data(), failures.size()) < 0) _exit(3);
  _exit(failures.empty() ? 0 : 1);
}

TEST(Concurrency, HandleUsedAfterForkIsRejected) {
  gwdb_test::TempDir dir;
  gwdb_db* db = OpenDefault(dir.Child("store"));
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(gwdb_test::CreateToken(db, "t").http_status, 201);

  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  Child child;
  child.pid = fork();
  if (child.pid == 0) {
    close(pipe_fds[0]);
    CheckCallsInChild(db, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  child.output_fd = pipe_fds[0];
  std::string output;
  const int status = Collect(child, &output);
  EXPECT_TRUE(WIFEXITED(status)) << "the child crashed, signal "
                                 << (WIFSIGNALED(status) ? WTERMSIG(status)
                                                         : 0);
  EXPECT_EQ(output, "");
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The parent's handle still works.
  EXPECT_EQ(gwdb_test::CreateToken(db, "t").http_status, 201);
  gwdb_close(db);
}

TEST(Concurrency, ChildClosingInheritedHandleLeavesParentWorking) {
  gwdb_test::TempDir dir;
  gwdb_db* db = OpenDefault(dir.Child("store"));
  ASSERT_NE(db, nullptr);
  Reply token = gwdb_test::CreateToken(db, "t");
  ASSERT_EQ(token.http_status, 201);
  ASSERT_TRUE(token.token_value.has_value());

  pid_t pid = fork();
  if (pid == 0) {
    gwdb_close(db);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  for (int i = 0; i < 20; ++i) {
    Reply gateway = gwdb_test::RegisterGateway(db, *token.token_value,
                                               "g" + std::to_string(i));
    ASSERT_EQ(gateway.http_status, 201) << gateway.body;
  }
  std::vector<std::string> violations;
  EXPECT_EQ(gwdb_reliability::CountViolations(db, &violations), 0u);
  gwdb_close(db);
}

TEST(Concurrency, KilledReadersSlotsAreReclaimed) {
  constexpr unsigned kMaxReaders = 4;
  constexpr int kWalkersPerRound = 3;
  const int kRounds = static_cast<int>(
      gwdb_reliability::EnvironmentNumber("GWDB_READER_KILL_ROUNDS", 60));
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  gwdb_options options;
  gwdb_options_init(&options);
  options.max_readers = kMaxReaders;
  gwdb_db* db = gwdb_test::OpenStore(store, options);
  ASSERT_NE(db, nullptr);
  Reply token = gwdb_test::CreateToken(db, kSharedTeam);
  ASSERT_TRUE(token.token_value.has_value());
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(gwdb_test::RegisterGateway(db, *token.token_value,
                                         "g" + std::to_string(i))
                  .http_status,
              201);
  }

  std::mt19937 random(7);
  int killed = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<Child> walkers;
    for (int w = 0; w < kWalkersPerRound; ++w) {
      walkers.push_back(
          SpawnWorker({"walk", store, std::to_string(kMaxReaders)}));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + random() % 40));
    for (const Child& walker : walkers) kill(walker.pid, SIGKILL);
    for (const Child& walker : walkers) {
      std::string output;
      const int status = Collect(walker, &output);
      EXPECT_TRUE(WIFSIGNALED(status)) << "walker failed: " << output;
      killed += WIFSIGNALED(status);
    }
    // Stale slots of the killed walkers must not make this read fail.
    Reply page = gwdb_test::Request(
        db, "GET", std::string("/v1/teams/") + kSharedTeam + "/gateways");
    ASSERT_EQ(page.http_status, 200) << "round " << round << ": " << page.body;
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("reader slots: %d readers killed mid-walk with max_readers "
              "%u\n",
              killed, kMaxReaders);
  gwdb_close(db);
}

// Reads a line from the child's pipe without waiting for it to end.
std::string ReadLine(const Child& child) {
  std::string line;
  char byte;
  while (read(child.output_fd, &byte, 1) == 1 && byte != '\n') line += byte;
  return line;
}

TEST(Concurrency, DeadHoldersOfEveryReaderSlotAreReclaimed) {
  constexpr unsigned kMaxReaders = 4;
  const int kRounds = 10;
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  gwdb_options options;
  gwdb_options_init(&options);
  options.max_readers = kMaxReaders;
  gwdb_db* db = gwdb_test::OpenStore(store, options);
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(gwdb_test::CreateToken(db, kSharedTeam).http_status, 201);

  for (int round = 0; round < kRounds; ++round) {
    // Fill every reader slot with a process that then dies holding it.
    std::vector<Child> holders;
    for (unsigned h = 0; h < kMaxReaders; ++h) {
      holders.push_back(
          SpawnWorker({"hold", store, std::to_string(kMaxReaders)}));
    }
    int ready = 0;
    for (const Child& holder : holders) ready += ReadLine(holder) == "ready";
    for (const Child& holder : holders) kill(holder.pid, SIGKILL);
    for (const Child& holder : holders) {
      std::string ignored;
      Collect(holder, &ignored);
    }
    ASSERT_EQ(ready, static_cast<int>(kMaxReaders))
        << "not every holder got a reader slot in round " << round;

    Reply page = gwdb_test::Request(
        db, "GET", std::string("/v1/teams/") + kSharedTeam +
                       "/gateway_setup_tokens");
    ASSERT_EQ(page.http_status, 200) << "round " << round << ": " << page.body;
    Reply created = gwdb_test::CreateToken(db, kSharedTeam);
    ASSERT_EQ(created.http_status, 201) << created.body;
  }
  gwdb_close(db);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_worker_path = argv[1];
  return RUN_ALL_TESTS();
}
