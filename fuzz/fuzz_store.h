// A store shared by the inputs of one fuzzing process: a fresh temporary
// directory with no_sync writes, a fixed clock, a seeded random source and
// one team ("acme") holding a setup token and a registered gateway.
#ifndef GATEWAYDB_FUZZ_FUZZ_STORE_H_
#define GATEWAYDB_FUZZ_FUZZ_STORE_H_

#include <gatewaydb/gatewaydb.h>

#include <string>

namespace gwdb_fuzz {

struct FuzzStore {
  gwdb_db* db = nullptr;
  std::string token_value;
  std::string token_id;
  std::string gateway_id;
};

// Opens the store on first use; aborts when that fails.
FuzzStore& SharedStore();

// Replaces the placeholders @TOKEN@, @TOKEN_ID@ and @GATEWAY_ID@ in
// `text` with the shared store's values, so that a corpus file can name
// live records whose values are only known at run time.
std::string FillPlaceholders(std::string text, const FuzzStore& store);

}  // namespace gwdb_fuzz

#endif  // GATEWAYDB_FUZZ_FUZZ_STORE_H_
