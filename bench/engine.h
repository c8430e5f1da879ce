// The interface that each store under comparison implements: gatewaydb
// through its C ABI, SQLite 3, and the raw-LMDB floor.
#ifndef GATEWAYDB_BENCH_ENGINE_H_
#define GATEWAYDB_BENCH_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dataset.h"

namespace gwdb_bench {

// One page request of the gateway list, with the API's paging semantics:
// order by (created_at, id), `offset` is an id whose position the page
// starts strictly after (before with `prev`), filters apply inside the walk.
struct PageQuery {
  std::string team;
  std::string offset;  // empty: no offset
  uint32_t count = 100;
  bool descending = false;
  bool prev = false;
  std::string contains;  // empty: no filter
  bool active_only = false;
  // The same request as an HTTP request target, for gwdb_request.
  std::string target;
};

// Builds the request target of `query`, such as
// "/v1/teams/t/gateways?offset=ID&count=100&descending=true".
std::string MakeTarget(const PageQuery& query);

// The ids, next offset and body of one page, for comparing engines.
struct PageResult {
  std::vector<std::string> ids;
  // Offset of the next page: the last id when a matching item follows the
  // page, else empty. Compared only for pages without `prev`, because the
  // SQLite and floor engines do not look past a prev page's last item.
  std::string next_offset;
  // The JSON body {"list":[...]}, or empty when the engine renders none.
  std::string body;
};

// Size of a store after the load.
struct StoreSize {
  uint64_t file_bytes = 0;  // summed sizes of the store's files
  uint64_t used_bytes = 0;  // bytes of pages in use, as the engine reports
};

// Direction of an engine's walk over its (team, created_at, id) order.
struct WalkPlan {
  bool backward = false;  // walk toward older records
  bool reverse = false;   // reverse the collected items before returning
};

// Returns the walk for `query`: a prev page walks against the list order
// from its offset (or from the end) and is reversed into list order.
WalkPlan PlanWalk(const PageQuery& query);

// Formats microseconds since the epoch as 2026-12-04T16:20:59.123456Z.
std::string FormatTimestamp(int64_t micros);

// Serves gateway list pages from a store loaded with a Dataset.
class PageEngine {
 public:
  virtual ~PageEngine() = default;
  virtual std::string Name() const = 0;
  // Serves one page the way a user of the engine would and returns a size
  // read from the result (bytes or items), so the work is not optimized
  // away.
  virtual size_t ServePage(const PageQuery& query) = 0;
  // Serves one page and extracts its ids, next offset and body. Returns
  // false and sets *error when the engine reports a failure.
  virtual bool ReadPage(const PageQuery& query, PageResult* result,
                        std::string* error) = 0;
  // Returns the size of the store behind this engine.
  virtual StoreSize Size() = 0;
};

// Team that all write cases register into, and the labels its setup token
// carries.
inline constexpr char kWriteTeam[] = "bench-writes";
inline constexpr char kWriteLabelKey[] = "env";
inline constexpr char kWriteLabelValue[] = "bench";

// A durable writer bound to one thread: SQLite needs a connection per
// thread, the LMDB-based engines share one environment.
class Writer {
 public:
  virtual ~Writer() = default;
  // Creates one gateway in kWriteTeam durably in its own transaction. Only
  // the gateway's name, description and addresses are used.
  virtual void Register(const Gateway& gateway) = 0;
  // Stores a status report for gateway `id` durably.
  virtual void ReportStatus(const std::string& id,
                            uint64_t active_connections) = 0;
  // Creates all `gateways` as fast as the engine allows while still ending
  // durable on disk.
  virtual void BulkImport(std::span<const Gateway> gateways) = 0;
};

// A store on disk for the durable write cases.
class WriteEngine {
 public:
  virtual ~WriteEngine() = default;
  virtual std::string Name() const = 0;
  virtual std::unique_ptr<Writer> OpenWriter() = 0;
  // Ids of gateways created at setup, for the status report case.
  virtual const std::vector<std::string>& SeedIds() const = 0;
};

// Returns the summed sizes of the regular files in `directory`.
uint64_t DirectoryBytes(const std::string& directory);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_ENGINE_H_
