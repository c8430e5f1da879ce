// SQLite 3 as a careful user would run the gateway list: one table, indexes
// on (team, created_at, id) and (team, status, created_at, id), WAL,
// prepared statements, keyset paging, and the page rendered as the API's
// JSON with nlohmann_json.
#ifndef GATEWAYDB_BENCH_SQLITE_ENGINE_H_
#define GATEWAYDB_BENCH_SQLITE_ENGINE_H_

#include <memory>
#include <span>
#include <string>

#include "dataset.h"
#include "engine.h"

namespace gwdb_bench {

// Creates a SQLite database in `directory`, loads `data` into it and returns
// the page engine that reads it.
std::unique_ptr<PageEngine> LoadSqlite(const Dataset& data,
                                       const std::string& directory);

// Creates an empty SQLite database in `directory` with synchronous=FULL for
// the durable write cases, holding `seeds` in kWriteTeam.
std::unique_ptr<WriteEngine> OpenSqliteWrites(const std::string& directory,
                                              std::span<const Gateway> seeds);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_SQLITE_ENGINE_H_
