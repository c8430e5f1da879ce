// A child process of the concurrency test, started with fork+exec.
//
// Usage: store_worker write STORE WORKER_NAME THREADS ROUNDS
//        store_worker walk STORE MAX_READERS
// Results go to standard output; see worker_loop.h.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "worker_loop.h"

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
  std::fprintf(stderr,
               "usage: store_worker write STORE WORKER_NAME THREADS ROUNDS\n"
               "       store_worker walk STORE MAX_READERS\n");
  return 2;
}
