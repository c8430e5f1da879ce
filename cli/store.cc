#include "store.h"

#include <cstdio>
#include <cstdlib>

namespace gwdb_cli {

std::string ResolveStorePath(const std::string& db_flag) {
  if (!db_flag.empty()) {
    return db_flag;
  }
  const char* from_environment = std::getenv("GATEWAYDB_PATH");
  if (from_environment != nullptr && from_environment[0] != '\0') {
    return from_environment;
  }
  return kDefaultStorePath;
}

DbHandle OpenStore(const std::string& path, bool bulk_load) {
  gwdb_options options;
  gwdb_options_init(&options);
  options.no_sync = bulk_load ? 1 : 0;

  gwdb_db* db = nullptr;
  char* error = nullptr;
  int code = gwdb_open(path.c_str(), &options, &db, &error);
  if (code != GWDB_OK) {
    // The library's message names the path and the cause.
    if (error != nullptr) {
      std::fprintf(stderr, "gatewaydb: %s\n", error);
    } else {
      std::fprintf(stderr, "gatewaydb: failed to open store '%s': %s\n",
                   path.c_str(), gwdb_code_name(code));
    }
    gwdb_string_free(error);
    return DbHandle();
  }
  return DbHandle(db);
}

DbHandle OpenExistingStore(const std::string& path) {
  gwdb_options options;
  gwdb_options_init(&options);
  options.read_only = 1;
  gwdb_db* db = nullptr;
  char* error = nullptr;
  if (gwdb_open(path.c_str(), &options, &db, &error) != GWDB_OK) {
    std::fprintf(stderr, "gatewaydb: %s\n",
                 error ? error : "cannot open the store");
    gwdb_string_free(error);
    return DbHandle();
  }
  return DbHandle(db);
}

Response SendRequest(gwdb_db* db, const std::string& method,
                     const std::string& target, const std::string& body) {
  gwdb_response* response = nullptr;
  gwdb_request(db, method.c_str(), target.c_str(), body.data(), body.size(),
               &response);
  return Response(response);
}

std::string ResponseBody(const gwdb_response* response) {
  size_t length = 0;
  const char* bytes = gwdb_response_body(response, &length);
  if (bytes == nullptr) {
    return std::string();
  }
  return std::string(bytes, length);
}

}  // namespace gwdb_cli
