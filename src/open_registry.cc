#include "open_registry.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "errors.h"

namespace gwdb {
namespace {

// Open directories by (device, inode), each with the process that opened
// it. A child process inherits the map, but not the right to its entries.
struct Registry {
  std::mutex mutex;
  std::map<std::pair<dev_t, ino_t>, pid_t> open;
};

Registry& TheRegistry() {
  // Never destroyed, so that stores closed during static destruction can
  // still unregister.
  static Registry* registry = new Registry;
  return *registry;
}

}  // namespace

absl::StatusOr<OpenRegistration> OpenRegistration::Register(
    const std::string& directory) {
  struct stat info;
  if (stat(directory.c_str(), &info) != 0) {
    return absl::InternalError(absl::StrCat(
        "cannot open store ", Quote(directory, directory.size()), ": ",
        std::strerror(errno)));
  }
  const pid_t pid = getpid();
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto [entry, inserted] =
      registry.open.try_emplace({info.st_dev, info.st_ino}, pid);
  if (!inserted) {
    if (entry->second == pid) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot open store ", Quote(directory, directory.size()),
          ": this process already has it open, and LMDB forbids a second "
          "open; share the first gwdb_db handle between threads instead"));
    }
    entry->second = pid;
  }
  return OpenRegistration(info.st_dev, info.st_ino, pid);
}

OpenRegistration::OpenRegistration(OpenRegistration&& other) noexcept
    : device_(other.device_),
      inode_(other.inode_),
      pid_(other.pid_),
      active_(std::exchange(other.active_, false)) {}

OpenRegistration::~OpenRegistration() {
  if (!active_ || pid_ != getpid()) return;
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto entry = registry.open.find({device_, inode_});
  if (entry != registry.open.end() && entry->second == pid_) {
    registry.open.erase(entry);
  }
}

}  // namespace gwdb
