#include "reliability_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace gwdb_reliability {
namespace {

int64_t MonotonicMillis() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

void AppendViolation(void* context, const char* message) {
  static_cast<std::vector<std::string>*>(context)->push_back(message);
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         int timeout_ms) {
  ProcessResult result;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.output = std::string("pipe failed: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  if (pid < 0) {
    close(pipe_fds[0]);
    result.output = std::string("fork failed: ") + std::strerror(errno);
    return result;
  }

  const int64_t deadline = MonotonicMillis() + timeout_ms;
  char buffer[4096];
  for (;;) {
    const int64_t left = deadline - MonotonicMillis();
    if (left <= 0) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd waiting{pipe_fds[0], POLLIN, 0};
    const int ready = poll(&waiting, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    // Keep the first 64 KiB: enough to explain any failure.
    if (result.output.size() < (1u << 16)) result.output.append(buffer, got);
  }
  close(pipe_fds[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

bool WalkGateways(gwdb_db* db, const std::string& team, uint32_t count,
                  bool descending, std::vector<ListedGateway>* gateways,
                  std::string* error) {
  std::set<std::string> seen;
  std::string offset;
  std::pair<std::string, std::string> last_position;
  for (int page = 0;; ++page) {
    gwdb_list_query query;
    gwdb_list_query_init(&query);
    query.count = count;
    query.descending = descending;
    query.offset = offset.empty() ? nullptr : offset.c_str();
    gwdb_response* response = nullptr;
    const int code = gwdb_gateway_list(db, team.c_str(), &query, &response);
    if (code != GWDB_OK) {
      *error = "page " + std::to_string(page) + " failed with " +
               gwdb_code_name(code) + ": " + gwdb_response_message(response);
      gwdb_response_free(response);
      return false;
    }
    size_t length = 0;
    const char* body = gwdb_response_body(response, &length);
    const nlohmann::json parsed =
        nlohmann::json::parse(body, body + length, nullptr, false);
    const char* next = gwdb_response_next_offset(response);
    const std::string next_offset = next ? next : "";
    gwdb_response_free(response);

    if (!parsed.is_object() || !parsed.contains("list") ||
        !parsed["list"].is_array()) {
      *error = "page " + std::to_string(page) + " has no list array";
      return false;
    }
    for (const nlohmann::json& item : parsed["list"]) {
      ListedGateway gateway{item.value("id", ""), item.value("name", ""),
                            item.value("created_at", "")};
      if (!seen.insert(gateway.id).second) {
        *error = "gateway " + gateway.id + " listed twice";
        return false;
      }
      std::pair<std::string, std::string> position{gateway.created_at,
                                                   gateway.id};
      if (!gateways->empty() &&
          (descending ? position >= last_position
                      : position <= last_position)) {
        *error = "gateway " + gateway.id + " is out of order";
        return false;
      }
      last_position = position;
      gateways->push_back(std::move(gateway));
    }
    if (next_offset.empty()) return true;
    offset = next_offset;
  }
}

uint64_t CountViolations(gwdb_db* db, std::vector<std::string>* messages) {
  uint64_t violations = 0;
  char* error = nullptr;
  const int code =
      gwdb_check(db, AppendViolation, messages, &violations, &error);
  if (code != GWDB_OK) {
    messages->push_back(std::string("check failed: ") +
                        (error ? error : gwdb_code_name(code)));
    gwdb_string_free(error);
    return UINT64_MAX;
  }
  return violations;
}

long EnvironmentNumber(const char* name, long fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value <= 0) return fallback;
  return value;
}

gwdb_db* OpenOrExplain(const std::string& path, const gwdb_options& options,
                       std::string* error) {
  gwdb_db* db = nullptr;
  char* message = nullptr;
  const int code = gwdb_open(path.c_str(), &options, &db, &message);
  if (code != GWDB_OK) {
    *error = std::string(gwdb_code_name(code)) + ": " +
             (message ? message : "(no message)");
    gwdb_string_free(message);
    return nullptr;
  }
  return db;
}

}  // namespace gwdb_reliability
