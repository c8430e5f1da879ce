// A progress indicator for long loads, written to standard error.

#ifndef GATEWAYDB_CLI_PROGRESS_METER_H_
#define GATEWAYDB_CLI_PROGRESS_METER_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace gwdb_cli {

// Progress shown as "<label>: 42% (4,200/10,000 <unit>, 812 calls/s)". On a
// terminal the line is redrawn in place with '\r', at most ten times a
// second. Otherwise a new line is written each time another 10% is done.
// Not thread-safe.
class ProgressMeter {
 public:
  ProgressMeter(std::string label, std::string unit, uint64_t total,
                FILE* stream = stderr);

  // Records that `done` units are finished and `calls` library calls were
  // made so far, and redraws when due.
  void Update(uint64_t done, uint64_t calls);

  // Draws the final state and ends the line.
  void Finish(uint64_t done, uint64_t calls);

 private:
  void Draw(uint64_t done, uint64_t calls, bool final_line);

  std::string label_;
  std::string unit_;
  uint64_t total_;
  FILE* stream_;
  bool is_terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  uint64_t last_tenth_ = 0;
};

// Formats an integer with thousands separators, such as "100,000".
std::string WithThousands(uint64_t value);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_PROGRESS_METER_H_
