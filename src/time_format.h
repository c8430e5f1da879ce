// RFC 3339 timestamps in UTC with microsecond precision, formatted by Abseil.
#ifndef GATEWAYDB_SRC_TIME_FORMAT_H_
#define GATEWAYDB_SRC_TIME_FORMAT_H_

#include <cstdint>
#include <string>

namespace gwdb {

// Formats microseconds since the Unix epoch as "2026-12-04T16:20:59.123456Z".
std::string FormatTimestamp(int64_t micros);

// Returns the system clock in microseconds since the Unix epoch.
int64_t SystemClockMicros();

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_TIME_FORMAT_H_
