#include "progress_meter.h"

#include <unistd.h>

namespace gwdb_cli {

std::string WithThousands(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      text += ',';
    }
    text += digits[i];
  }
  return text;
}

ProgressMeter::ProgressMeter(std::string label, std::string unit,
                             uint64_t total, FILE* stream)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      stream_(stream),
      is_terminal_(isatty(fileno(stream)) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressMeter::Update(uint64_t done, uint64_t calls) {
  if (is_terminal_) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      Draw(done, calls, false);
    }
    return;
  }

  uint64_t tenth = total_ == 0 ? 10 : done * 10 / total_;
  if (tenth > last_tenth_ && tenth < 10) {
    last_tenth_ = tenth;
    Draw(done, calls, false);
  }
}

void ProgressMeter::Finish(uint64_t done, uint64_t calls) {
  Draw(done, calls, true);
}

void ProgressMeter::Draw(uint64_t done, uint64_t calls, bool final_line) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
  double rate = seconds > 0 ? static_cast<double>(calls) / seconds : 0.0;
  unsigned percent =
      total_ == 0 ? 100 : static_cast<unsigned>(done * 100 / total_);

  // On a terminal, '\r' returns to the start of the line and the trailing
  // spaces erase what a longer previous line left behind.
  const char* start = is_terminal_ ? "\r" : "";
  const char* end = (!is_terminal_ || final_line) ? "\n" : "   ";
  std::fprintf(stream_, "%s%s: %3u%% (%s/%s %s, %.0f calls/s, %.1f s)%s", start,
               label_.c_str(), percent, WithThousands(done).c_str(),
               WithThousands(total_).c_str(), unit_.c_str(), rate, seconds,
               end);
  std::fflush(stream_);
}

}  // namespace gwdb_cli
