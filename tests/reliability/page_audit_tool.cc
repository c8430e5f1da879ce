// Runs the LMDB page-structure audit (src/page_audit.h) on one data file
// and prints each violation. Exit status: 0 clean, 1 damaged, 2 when the
// file cannot be read or on a usage error.
//
// Usage: page_audit_tool DATA_FILE
#include <cstdio>

#include "page_audit.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: page_audit_tool DATA_FILE\n");
    return 2;
  }
  const auto report = gwdb::AuditDataFile(argv[1]);
  if (!report.ok()) {
    std::fprintf(stderr, "page_audit_tool: %s\n",
                 std::string(report.status().message()).c_str());
    return 2;
  }
  for (const std::string& violation : report->violations) {
    std::printf("violation: %s\n", violation.c_str());
  }
  std::printf("%s: %llu pages checked, %zu violations\n", argv[1],
              static_cast<unsigned long long>(report->pages_checked),
              report->violations.size());
  return report->violations.empty() ? 0 : 1;
}
