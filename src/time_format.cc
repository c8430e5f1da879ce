#include "time_format.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace gwdb {

std::string FormatTimestamp(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E6SZ", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

int64_t SystemClockMicros() { return absl::ToUnixMicros(absl::Now()); }

}  // namespace gwdb
