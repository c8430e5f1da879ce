// A child process of the concurrency test, started with fork+exec.
//
// Usage: store_worker write STORE WORKER_NAME THREADS ROUNDS
//        store_worker walk STORE MAX_READERS
//        store_worker hold STORE MAX_READERS
// Results go to standard output; see worker_loop.h. "hold" opens the
// store's LMDB environment directly, begins a read transaction, prints
// "ready" and sleeps until it is killed: a reader that dies while it holds
// a reader slot, which no gatewaydb call can do because every read ends
// within its call.
#include <lmdb.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "worker_loop.h"

namespace {

int HoldReadTransaction(const char* store, unsigned max_readers) {
  MDB_env* env = nullptr;
  MDB_txn* txn = nullptr;
  int rc = mdb_env_create(&env);
  if (rc == 0) rc = mdb_env_set_maxreaders(env, max_readers);
  if (rc == 0) rc = mdb_env_set_maxdbs(env, 16);
  if (rc == 0) rc = mdb_env_open(env, store, MDB_RDONLY, 0600);
  if (rc == 0) rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) {
    std::printf("E holding a read transaction: %s\n", mdb_strerror(rc));
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  for (;;) pause();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::strcmp(argv[1], "write") == 0) {
    return gwdb_reliability::RunWriterProcess(argv[2], argv[3],
                                              std::atoi(argv[4]),
                                              std::atoi(argv[5]),
                                              STDOUT_FILENO);
  }
  if (argc == 4 && std::strcmp(argv[1], "walk") == 0) {
    return gwdb_reliability::RunWalkerProcess(argv[2], std::atoi(argv[3]),
                                              STDOUT_FILENO);
  }
  if (argc == 4 && std::strcmp(argv[1], "hold") == 0) {
    return HoldReadTransaction(argv[2], std::atoi(argv[3]));
  }
  std::fprintf(stderr,
               "usage: store_worker write STORE WORKER_NAME THREADS ROUNDS\n"
               "       store_worker walk STORE MAX_READERS\n"
               "       store_worker hold STORE MAX_READERS\n");
  return 2;
}
