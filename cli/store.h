// Opening the store and owning library handles in the gatewaydb command.

#ifndef GATEWAYDB_CLI_STORE_H_
#define GATEWAYDB_CLI_STORE_H_

#include <memory>
#include <string>

#include "gatewaydb/gatewaydb.h"

namespace gwdb_cli {

struct DbCloser {
  void operator()(gwdb_db* db) const { gwdb_close(db); }
};
struct ResponseFreer {
  void operator()(gwdb_response* response) const {
    gwdb_response_free(response);
  }
};

using DbHandle = std::unique_ptr<gwdb_db, DbCloser>;
using Response = std::unique_ptr<gwdb_response, ResponseFreer>;

// Directory used when neither --db nor $GATEWAYDB_PATH names one.
inline constexpr const char* kDefaultStorePath = "./gatewaydb-data";

// Returns the store directory: `db_flag` when non-empty, else a non-empty
// $GATEWAYDB_PATH, else kDefaultStorePath.
std::string ResolveStorePath(const std::string& db_flag);

// Opens (creating when missing) the store at `path`. With `bulk_load`,
// writes skip their disk sync until gwdb_sync is called. On failure prints
// gwdb_open's message to stderr and returns an empty handle.
DbHandle OpenStore(const std::string& path, bool bulk_load = false);

// Opens an existing store without write access, so that reading a mistyped
// path reports it instead of creating an empty store. On failure prints
// gwdb_open's message to stderr and returns an empty handle.
DbHandle OpenExistingStore(const std::string& path);

// Serves one request through gwdb_request. Never returns an empty handle
// unless the library broke its own contract.
Response SendRequest(gwdb_db* db, const std::string& method,
                     const std::string& target, const std::string& body);

// Returns the response body as a string (empty for 204).
std::string ResponseBody(const gwdb_response* response);

}  // namespace gwdb_cli

#endif  // GATEWAYDB_CLI_STORE_H_
