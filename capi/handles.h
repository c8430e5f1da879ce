// Definitions of the C ABI's opaque handles. Only the C ABI layer sees
// these; callers hold pointers to incomplete types.
#ifndef GATEWAYDB_CAPI_HANDLES_H_
#define GATEWAYDB_CAPI_HANDLES_H_

#include <memory>

#include "gatewaydb/gatewaydb.h"
#include "response.h"
#include "store.h"

struct gwdb_db {
  std::unique_ptr<gwdb::Store> store;
};

struct gwdb_response {
  gwdb::Response response;
};

namespace gwdb {

// Stores `response` in *out (when out is not NULL) and returns its code.
int Deliver(Response response, gwdb_response** out);

// Delivers a GWDB_INVALID_ARGUMENT response naming the broken rule.
int DeliverInvalidArgument(const char* message, gwdb_response** out);

}  // namespace gwdb

#endif  // GATEWAYDB_CAPI_HANDLES_H_
