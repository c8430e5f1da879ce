// A structural check of an LMDB 0.9 data file that reads it with pread()
// and trusts nothing in it, so that damage which would crash LMDB (which
// follows page numbers and node offsets without bounds checks) is reported
// instead. It runs on the file alone, before the environment is opened.
#ifndef GATEWAYDB_SRC_PAGE_AUDIT_H_
#define GATEWAYDB_SRC_PAGE_AUDIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gwdb {

struct PageAuditReport {
  // Transaction id of the meta page that LMDB would open.
  uint64_t txnid = 0;
  uint32_t page_size = 0;
  // Pages read: branch, leaf and overflow pages of every tree.
  uint64_t pages_checked = 0;
  // One message per problem found, each naming the page number.
  std::vector<std::string> violations;
};

// Checks only the two meta pages and that the file holds every page the
// newer one counts: cheap enough to run before every open. A truncated
// file makes LMDB fault with SIGBUS on first access, so this catches the
// most common damage. Returns an InternalError that names the file and the
// problem, or OK.
absl::Status CheckDataFileBounds(const std::string& data_path);

// Walks every B-tree of the file from the newer meta page: the free-page
// database, the main database and every named database in it. Checks page
// numbers (within the file, no page reached twice, header page number as
// referenced), page kinds and tree depth, node offsets and sizes within
// their page, strictly increasing keys within each page and within the
// bounds of the parent's separators, overflow chains, entry and page
// counts against the database records, and free-page lists.
//
// Errors: NotFound or Internal when the file cannot be read. A file that
// is read but damaged returns OK with violations in the report; at most
// `max_violations` are kept.
//
// NOTE: the file is read without LMDB's reader lock, so a writer committing
// meanwhile can make a clean store look damaged. AuditDataFile therefore
// repeats the walk (up to three times) when it finds violations and the
// newest transaction id changed during the walk.
absl::StatusOr<PageAuditReport> AuditDataFile(const std::string& data_path,
                                              size_t max_violations = 100);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_PAGE_AUDIT_H_
