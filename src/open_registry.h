// The process-wide list of open store directories. LMDB forbids opening one
// environment twice in a process at the same time: its locks on the lock
// file belong to the process, so closing either handle releases the other's
// locks and lets another process's writer corrupt the store. gwdb_open
// therefore rejects a second open of a directory that is still open here.
#ifndef GATEWAYDB_SRC_OPEN_REGISTRY_H_
#define GATEWAYDB_SRC_OPEN_REGISTRY_H_

#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace gwdb {

// One store directory marked open in this process; unmarks it when
// destroyed. Directories are identified by device and inode, so two paths
// to one directory (a symlink, "./x" and "x") count as the same store.
class OpenRegistration {
 public:
  // Marks `directory` open. Returns FailedPreconditionError naming the path
  // when this process already has it open. A mark inherited from the parent
  // across fork() does not count, because handles do not work after fork.
  static absl::StatusOr<OpenRegistration> Register(
      const std::string& directory);

  OpenRegistration(OpenRegistration&& other) noexcept;
  OpenRegistration& operator=(OpenRegistration&&) = delete;
  OpenRegistration(const OpenRegistration&) = delete;
  OpenRegistration& operator=(const OpenRegistration&) = delete;
  ~OpenRegistration();

 private:
  OpenRegistration(dev_t device, ino_t inode, pid_t pid)
      : device_(device), inode_(inode), pid_(pid), active_(true) {}

  dev_t device_ = 0;
  ino_t inode_ = 0;
  // The process that registered; only it may unregister.
  pid_t pid_ = 0;
  bool active_ = false;
};

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_OPEN_REGISTRY_H_
