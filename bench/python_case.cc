#include "python_case.h"

#include <stdio.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "bench_cases.h"

namespace gwdb_bench {
namespace {

// Quotes `text` for the shell inside single quotes.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

// Runs `command` and stores its standard output; returns whether it exited
// with status 0.
bool Capture(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  char buffer[4096];
  size_t read;
  while ((read = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    output->append(buffer, read);
  }
  return pclose(pipe) == 0;
}

}  // namespace

void RegisterPythonCases(uint32_t team_size, bool quick) {
  std::string script =
      std::string(GWDB_BENCH_SOURCE_DIR) + "/python/bench_page.py";
  if (!std::filesystem::exists(script)) {
    std::fprintf(stderr, "Python cases skipped: %s does not exist\n",
                 script.c_str());
    return;
  }

  std::string command =
      "GATEWAYDB_LIBRARY=" + ShellQuote(GWDB_BENCH_LIBRARY) +
      " /usr/bin/python3 " + ShellQuote(script) + " --json --count 100" +
      " --gateways " + std::to_string(team_size) +
      " --c-reference " + ShellQuote(GWDB_BENCH_PAGE_REFERENCE) +
      (quick ? " --calls 100 --repeats 3" : "");
  std::string output;
  if (!Capture(command, &output)) {
    std::fprintf(stderr, "Python cases skipped: the script failed: %s\n",
                 command.c_str());
    return;
  }

  nlohmann::json result = nlohmann::json::parse(output, nullptr, false);
  if (!result.is_object() || !result.contains("us") ||
      !result["us"].is_object()) {
    std::fprintf(stderr, "Python cases skipped: unexpected output: %s\n",
                 output.c_str());
    return;
  }
  for (const auto& [key, microseconds] : result["us"].items()) {
    if (!microseconds.is_number()) continue;
    RegisterExternalResult(
        "page/bindings/" + key + "/team_size:" + std::to_string(team_size),
        microseconds.get<double>());
  }
}

}  // namespace gwdb_bench
