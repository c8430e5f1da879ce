// Early-return helpers for absl::Status and absl::StatusOr (Abseil 20220623
// ships none).
#ifndef GATEWAYDB_SRC_STATUS_MACROS_H_
#define GATEWAYDB_SRC_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define GWDB_CONCAT_INNER(a, b) a##b
#define GWDB_CONCAT(a, b) GWDB_CONCAT_INNER(a, b)

// Returns the status from the enclosing function unless it is OK.
#define GWDB_RETURN_IF_ERROR(expr)             \
  do {                                         \
    ::absl::Status gwdb_status_ = (expr);      \
    if (!gwdb_status_.ok()) return gwdb_status_; \
  } while (0)

// Declares `lhs` from a StatusOr, or returns its error.
#define GWDB_ASSIGN_OR_RETURN(lhs, expr) \
  GWDB_ASSIGN_OR_RETURN_IMPL(GWDB_CONCAT(gwdb_or_, __LINE__), lhs, expr)

#define GWDB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(*tmp)

#endif  // GATEWAYDB_SRC_STATUS_MACROS_H_
