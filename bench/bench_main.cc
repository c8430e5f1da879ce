// gatewaydb_bench: compares gatewaydb with SQLite 3 and a raw-LMDB floor on
// the gateway list and on durable writes. See docs/benchmarks.md.
//
// Own flags (all others go to Google Benchmark):
//   --quick            small data, short cases, and a check that all engines
//                      return the same pages (also GWDB_BENCH_QUICK=1)
//   --repetitions=N    repetitions per case (default 5, quick 1)
//   --small-teams=N --team-size=N --big-team=N --bulk=N   data sizes
//   --keep-stores      leave the stores on disk after the run
// GWDB_BENCH_READ_DIR and GWDB_BENCH_WRITE_DIR choose where the read
// stores (default /dev/shm) and the durable write stores (default the
// temporary directory) live.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_cases.h"
#include "consistency_check.h"
#include "dataset.h"
#include "gatewaydb_engine.h"
#include "lmdb_floor.h"
#include "python_case.h"
#include "query_sets.h"
#include "sqlite_engine.h"

namespace gwdb_bench {
namespace {

struct Options {
  bool quick = false;
  bool min_time_given = false;  // --benchmark_min_time is on the command line
  bool keep_stores = false;
  int repetitions = 0;  // 0: the mode's default
  DatasetSpec spec;
  size_t bulk_records = 100000;
};

bool TakeValue(const char* arg, const char* flag, long long* value) {
  size_t length = std::strlen(flag);
  if (std::strncmp(arg, flag, length) != 0 || arg[length] != '=') return false;
  char* end = nullptr;
  *value = std::strtoll(arg + length + 1, &end, 10);
  if (*end != '\0' || *value < 0) {
    throw std::invalid_argument(std::string("invalid value in ") + arg +
                                ": expected a non-negative integer");
  }
  return true;
}

// Parses and removes this program's own flags from argv.
Options ParseOptions(int* argc, char** argv) {
  Options options;
  const char* quick_env = std::getenv("GWDB_BENCH_QUICK");
  if (quick_env && *quick_env && std::strcmp(quick_env, "0") != 0) {
    options.quick = true;
  }
  bool sizes_given[4] = {};
  long long values[4] = {};
  const char* size_flags[4] = {"--small-teams", "--team-size", "--big-team",
                               "--bulk"};
  long long repetitions = 0;

  int write_index = 1;
  for (int i = 1; i < *argc; ++i) {
    const char* arg = argv[i];
    bool own = false;
    if (std::strcmp(arg, "--quick") == 0) {
      options.quick = own = true;
    } else if (std::strcmp(arg, "--keep-stores") == 0) {
      options.keep_stores = own = true;
    } else if (TakeValue(arg, "--repetitions", &repetitions)) {
      own = true;
    }
    for (int f = 0; f < 4 && !own; ++f) {
      if (TakeValue(arg, size_flags[f], &values[f])) {
        sizes_given[f] = own = true;
      }
    }
    if (std::strncmp(arg, "--benchmark_min_time", 20) == 0) {
      options.min_time_given = true;
    }
    if (!own) argv[write_index++] = argv[i];
  }
  *argc = write_index;

  if (options.quick) {
    options.spec.small_teams = 20;
    options.spec.gateways_per_small_team = 200;
    options.spec.big_team_gateways = 4000;
    options.bulk_records = 500;
  }
  if (sizes_given[0]) options.spec.small_teams = values[0];
  if (sizes_given[1]) options.spec.gateways_per_small_team = values[1];
  if (sizes_given[2]) options.spec.big_team_gateways = values[2];
  if (sizes_given[3]) options.bulk_records = values[3];
  options.repetitions = static_cast<int>(repetitions);
  return options;
}

std::string MakeDirectory(const char* env_name, const std::string& fallback,
                          const std::string& label) {
  const char* chosen = std::getenv(env_name);
  std::string root = chosen && *chosen ? chosen : fallback;
  std::string pattern = root + "/gwdb-bench-" + label + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("cannot create a directory under " + root +
                             ": " + std::strerror(errno));
  }
  return buffer.data();
}

std::string Subdirectory(const std::string& parent, const char* name) {
  std::string path = parent + "/" + name;
  std::filesystem::create_directories(path);
  return path;
}

// Drops the engines that are missing (a build without one of them).
template <typename Engine>
std::vector<Engine*> WithoutNull(std::vector<Engine*> engines) {
  std::erase(engines, nullptr);
  return engines;
}

// Prints how long `step` took.
template <typename Step>
auto Timed(const char* step_name, Step step) {
  auto start = std::chrono::steady_clock::now();
  auto result = step();
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  std::fprintf(stderr, "%s: %.1f s\n", step_name, elapsed.count());
  return result;
}

// Removes the run's store directories when the run ends, unless asked to
// keep them. Declared before the engines, so it runs after they close.
class DirectoryCleanup {
 public:
  DirectoryCleanup(std::vector<std::string> directories, bool keep)
      : directories_(std::move(directories)), keep_(keep) {}
  ~DirectoryCleanup() {
    if (keep_) return;
    for (const std::string& directory : directories_) {
      std::error_code ignored;
      std::filesystem::remove_all(directory, ignored);
    }
  }

 private:
  std::vector<std::string> directories_;
  bool keep_;
};

int Run(int argc, char** argv) {
  Options options = ParseOptions(&argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  std::string shm = std::filesystem::is_directory("/dev/shm")
                        ? "/dev/shm"
                        : std::filesystem::temp_directory_path().string();
  std::string read_root = MakeDirectory("GWDB_BENCH_READ_DIR", shm, "read");
  std::string write_root = MakeDirectory(
      "GWDB_BENCH_WRITE_DIR", std::filesystem::temp_directory_path(), "write");
  DirectoryCleanup cleanup({read_root, write_root}, options.keep_stores);
  std::fprintf(stderr, "read stores in %s, durable write stores in %s\n",
               read_root.c_str(), write_root.c_str());

  Dataset data = Timed("generating the data", [&] {
    return GenerateDataset(options.spec);
  });
  std::fprintf(stderr, "%zu gateways: %u teams of %u and one of %u\n",
               data.gateways.size(), options.spec.small_teams,
               options.spec.gateways_per_small_team,
               options.spec.big_team_gateways);

  // gatewaydb loads first because it assigns the ids the others reuse.
  GatewaydbPages gatewaydb = Timed("loading gatewaydb", [&] {
    return LoadGatewaydb(data, Subdirectory(read_root, "gatewaydb"));
  });
  std::fprintf(stderr, "gatewaydb load rate: %.0f registrations/s\n",
               gatewaydb.load_records_per_second);
  auto sqlite = Timed("loading SQLite", [&] {
    return LoadSqlite(data, Subdirectory(read_root, "sqlite"));
  });
  auto floor = Timed("loading the LMDB floor", [&] {
    return LoadFloor(data, Subdirectory(read_root, "floor"));
  });

  size_t per_set = options.quick ? 32 : 512;
  std::vector<QuerySet> sets = BuildQuerySets(data, per_set, 99);
  std::vector<PageEngine*> engines = {gatewaydb.typed.get(),
                                      gatewaydb.request.get(), sqlite.get(),
                                      floor.get()};
  if (options.quick) {
    std::vector<PageEngine*> reference_first =
        WithoutNull<PageEngine>({floor.get(), gatewaydb.typed.get(),
                                 gatewaydb.request.get(), sqlite.get()});
    int mismatches = Timed("checking that all engines agree", [&] {
      return CheckEngines(data, reference_first, sets,
                          BuildEdgeQueries(data, 5));
    });
    if (mismatches != 0) return 1;
  }

  std::mt19937_64 seed_rng(42);
  std::vector<Gateway> seeds;
  for (int i = 0; i < (options.quick ? 20 : 100); ++i) {
    seeds.push_back(MakeExtraGateway(data, 0, 900000000 + i, seed_rng));
  }
  auto gatewaydb_writes = Timed("creating the write stores", [&] {
    return OpenGatewaydbWrites(Subdirectory(write_root, "gatewaydb"), seeds);
  });
  auto sqlite_writes =
      OpenSqliteWrites(Subdirectory(write_root, "sqlite"), seeds);
  auto floor_writes =
      OpenFloorWrites(Subdirectory(write_root, "floor"), seeds);

  BenchConfig config;
  config.repetitions =
      options.repetitions > 0 ? options.repetitions : (options.quick ? 1 : 5);
  if (options.quick) {
    config.read_min_time = 0.02;
    config.write_min_time = 0.05;
  }
  if (options.min_time_given) {
    config.read_min_time = 0;
    config.write_min_time = 0;
  }
  config.bulk_records = options.bulk_records;
  RegisterReadCases(sets, WithoutNull(engines), config);
  RegisterWriteCases(data,
                     WithoutNull<WriteEngine>({gatewaydb_writes.get(),
                                               sqlite_writes.get(),
                                               floor_writes.get()}),
                     config);
  RegisterStoreSizes(
      WithoutNull<PageEngine>(
          {gatewaydb.typed.get(), sqlite.get(), floor.get()}),
      data.gateways.size(), gatewaydb.load_records_per_second);
  RegisterPythonCases(options.spec.gateways_per_small_team, options.quick);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  int failed = FailedCases();
  if (failed > 0) {
    std::fprintf(stderr, "gatewaydb_bench: %d cases failed\n", failed);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace gwdb_bench

int main(int argc, char** argv) {
  try {
    return gwdb_bench::Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gatewaydb_bench: %s\n", error.what());
    return 1;
  }
}
