#include "engine.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace gwdb_bench {
namespace {

// Percent-encodes everything but the URI's unreserved characters.
std::string PercentEncode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    bool unreserved = std::isalnum(c) || c == '-' || c == '.' || c == '_' ||
                      c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string MakeTarget(const PageQuery& query) {
  std::string target = "/v1/teams/" + query.team + "/gateways?";
  if (!query.offset.empty()) target += "offset=" + query.offset + "&";
  target += "count=" + std::to_string(query.count);
  if (query.descending) target += "&descending=true";
  if (query.prev) target += "&prev=true";
  if (!query.contains.empty()) {
    target += "&contains=" + PercentEncode(query.contains);
  }
  if (query.active_only) target += "&status=ACTIVE";
  return target;
}

WalkPlan PlanWalk(const PageQuery& query) {
  WalkPlan plan;
  plan.backward = query.descending != query.prev;
  plan.reverse = query.prev;
  return plan;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t seconds = micros / 1000000;
  int64_t fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    seconds -= 1;
  }
  time_t whole = static_cast<time_t>(seconds);
  struct tm parts;
  gmtime_r(&whole, &parts);

  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
                parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<long long>(fraction));
  return text;
}

uint64_t DirectoryBytes(const std::string& directory) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

}  // namespace gwdb_bench
