// The raw-LMDB floor: the least work any LMDB-based store must do to serve
// the gateway list. Records are clustered in paging order under the key
// team NUL | created_at (big-endian) | id (16 bytes), with a small record
// encoding (no flatbuffers, no JSON). A page is one id lookup for the
// offset, one seek and one cursor walk; it returns pointers into the map.
#ifndef GATEWAYDB_BENCH_LMDB_FLOOR_H_
#define GATEWAYDB_BENCH_LMDB_FLOOR_H_

#include <memory>
#include <span>
#include <string>

#include "dataset.h"
#include "engine.h"

namespace gwdb_bench {

// Creates an LMDB environment in `directory`, loads `data` and returns the
// page engine that reads it.
std::unique_ptr<PageEngine> LoadFloor(const Dataset& data,
                                      const std::string& directory);

// Creates an LMDB environment in `directory` for the durable write cases
// (every commit synced), holding `seeds` in kWriteTeam.
std::unique_ptr<WriteEngine> OpenFloorWrites(const std::string& directory,
                                             std::span<const Gateway> seeds);

}  // namespace gwdb_bench

#endif  // GATEWAYDB_BENCH_LMDB_FLOOR_H_
