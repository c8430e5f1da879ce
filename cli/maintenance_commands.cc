#include "maintenance_commands.h"

#include <sys/stat.h>

#include <cstdio>

#include "exit_codes.h"
#include "gatewaydb/gatewaydb.h"
#include "store.h"

namespace gwdb_cli {
namespace {

long long FileSize(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return -1;
  return static_cast<long long>(info.st_size);
}

void PrintViolation(void*, const char* message) {
  std::printf("violation: %s\n", message);
}

}  // namespace

CLI::App* AddCheckCommand(CLI::App& parent) {
  return parent.add_subcommand(
      "check",
      "Verify every record's checksum and structure and every index entry "
      "against the records; print each violation. Exit 0 when clean, 1 "
      "otherwise");
}

CLI::App* AddCompactCommand(CLI::App& parent, CompactArguments& arguments) {
  CLI::App* command = parent.add_subcommand(
      "compact",
      "Write a compacted copy of the store (free pages dropped) into a new "
      "directory; the store itself is left as it is");
  command
      ->add_option("DEST", arguments.destination,
                   "Directory for the copy; must not exist yet")
      ->required();
  return command;
}

int RunCheckCommand(const std::string& store_path) {
  // gwdb_check_path audits the file before LMDB reads it, so a damaged
  // store is reported instead of crashing the check.
  uint64_t violations = 0;
  char* error = nullptr;
  int code = gwdb_check_path(store_path.c_str(), PrintViolation, nullptr,
                             &violations, &error);
  if (code != GWDB_OK) {
    std::fprintf(stderr, "gatewaydb: check failed: %s\n",
                 error ? error : gwdb_code_name(code));
    gwdb_string_free(error);
    return kExitFailure;
  }
  if (violations == 0) {
    std::printf("%s: no violations found\n", store_path.c_str());
    return kExitSuccess;
  }
  std::printf("%s: %llu violations found\n", store_path.c_str(),
              static_cast<unsigned long long>(violations));
  return kExitFailure;
}

int RunCompactCommand(const std::string& store_path,
                      const CompactArguments& arguments) {
  DbHandle db = OpenExistingStore(store_path);
  if (!db) return kExitFailure;
  char* error = nullptr;
  int code = gwdb_compact(db.get(), arguments.destination.c_str(), &error);
  if (code != GWDB_OK) {
    std::fprintf(stderr, "gatewaydb: compact failed: %s\n",
                 error ? error : gwdb_code_name(code));
    gwdb_string_free(error);
    return kExitFailure;
  }
  std::printf("compacted %s (%lld bytes) into %s (%lld bytes)\n",
              store_path.c_str(), FileSize(store_path + "/data.mdb"),
              arguments.destination.c_str(),
              FileSize(arguments.destination + "/data.mdb"));
  return kExitSuccess;
}

}  // namespace gwdb_cli
