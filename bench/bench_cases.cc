#include "bench_cases.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>

namespace gwdb_bench {
namespace {

using Clock = std::chrono::steady_clock;

// Per-iteration latencies of one benchmark thread, published as the p50
// and p99 counters (microseconds) that Google Benchmark's own mean does not
// give.
class LatencyRecorder {
 public:
  LatencyRecorder() { samples_.reserve(1 << 16); }

  void Add(Clock::duration elapsed) {
    samples_.push_back(
        std::chrono::duration<double, std::micro>(elapsed).count());
  }

  void Publish(benchmark::State& state) {
    if (samples_.empty()) return;
    std::sort(samples_.begin(), samples_.end());
    auto at = [&](double quantile) {
      size_t index = static_cast<size_t>(quantile * (samples_.size() - 1));
      return samples_[index];
    };
    // Threads average their quantiles rather than add them.
    auto flags = benchmark::Counter::kAvgThreads;
    state.counters["p50_us"] = benchmark::Counter(at(0.50), flags);
    state.counters["p99_us"] = benchmark::Counter(at(0.99), flags);
  }

 private:
  std::vector<double> samples_;
};

std::atomic<int> failed_cases{0};

// Runs one case body; an exception marks the case as failed instead of
// ending the process.
template <typename Body>
void Guarded(benchmark::State& state, Body body) {
  try {
    body();
  } catch (const std::exception& error) {
    ++failed_cases;
    state.SkipWithError(error.what());
  }
}

// Seeds for the write pools, distinct for every thread and case.
uint64_t NextSeed() {
  static std::atomic<uint64_t> seed{7001};
  return seed.fetch_add(1);
}

// Names and serials for gateways that the write cases create.
std::vector<Gateway> MakePool(const Dataset& data, size_t size,
                              std::mt19937_64& rng) {
  static std::atomic<uint64_t> serial{1};
  std::vector<Gateway> pool;
  pool.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    pool.push_back(MakeExtraGateway(data, 0, serial.fetch_add(1), rng));
  }
  return pool;
}

void RunPages(benchmark::State& state, PageEngine* engine,
              const QuerySet* set) {
  LatencyRecorder latency;
  size_t next = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    const PageQuery& query = set->queries[next];
    next = next + 1 == set->queries.size() ? 0 : next + 1;
    Clock::time_point start = Clock::now();
    bytes += engine->ServePage(query);
    latency.Add(Clock::now() - start);
  }
  benchmark::DoNotOptimize(bytes);
  latency.Publish(state);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void RunRegister(benchmark::State& state, WriteEngine* engine,
                 const Dataset* data) {
  std::unique_ptr<Writer> writer = engine->OpenWriter();
  std::mt19937_64 rng(NextSeed());
  std::vector<Gateway> pool = MakePool(*data, 64, rng);
  LatencyRecorder latency;
  size_t next = 0;
  for (auto _ : state) {
    Gateway& gateway = pool[next++ % pool.size()];
    gateway.id = MakeUuid(rng);
    Clock::time_point start = Clock::now();
    writer->Register(gateway);
    latency.Add(Clock::now() - start);
  }
  latency.Publish(state);
  state.SetItemsProcessed(state.iterations());
}

void RunStatusReport(benchmark::State& state, WriteEngine* engine) {
  std::unique_ptr<Writer> writer = engine->OpenWriter();
  const std::vector<std::string>& ids = engine->SeedIds();
  LatencyRecorder latency;
  uint64_t next = 0;
  for (auto _ : state) {
    const std::string& id = ids[next % ids.size()];
    Clock::time_point start = Clock::now();
    writer->ReportStatus(id, next++);
    latency.Add(Clock::now() - start);
  }
  latency.Publish(state);
  state.SetItemsProcessed(state.iterations());
}

void RunBulkImport(benchmark::State& state, WriteEngine* engine,
                   const Dataset* data, size_t records) {
  std::unique_ptr<Writer> writer = engine->OpenWriter();
  std::mt19937_64 rng(NextSeed());
  std::vector<Gateway> pool = MakePool(*data, records, rng);
  for (auto _ : state) {
    writer->BulkImport(pool);
    state.PauseTiming();
    for (Gateway& gateway : pool) gateway.id = MakeUuid(rng);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records));
}

benchmark::internal::Benchmark* Configure(benchmark::internal::Benchmark* case_,
                                          int repetitions, double min_time) {
  // A min_time of 0 leaves it to --benchmark_min_time.
  if (min_time > 0) case_->MinTime(min_time);
  case_->Repetitions(repetitions)->Unit(benchmark::kMicrosecond);
  if (repetitions > 1) case_->ReportAggregatesOnly(true);
  return case_;
}

}  // namespace

void RegisterReadCases(const std::vector<QuerySet>& sets,
                       const std::vector<PageEngine*>& engines,
                       const BenchConfig& config) {
  for (const QuerySet& set : sets) {
    for (PageEngine* engine : engines) {
      std::string name = "page/" + set.name + "/" + engine->Name() +
                         "/team_size:" + std::to_string(set.team_size);
      auto* case_ = benchmark::RegisterBenchmark(
          name.c_str(), [engine, &set](benchmark::State& state) {
            Guarded(state, [&] { RunPages(state, engine, &set); });
          });
      Configure(case_, config.repetitions, config.read_min_time);
    }
  }
}

void RegisterWriteCases(const Dataset& data,
                        const std::vector<WriteEngine*>& engines,
                        const BenchConfig& config) {
  const Dataset* dataset = &data;
  for (WriteEngine* engine : engines) {
    std::string name = "write/register/" + engine->Name();
    Configure(benchmark::RegisterBenchmark(
                  name.c_str(),
                  [engine, dataset](benchmark::State& state) {
                    Guarded(state,
                            [&] { RunRegister(state, engine, dataset); });
                  }),
              config.repetitions, config.write_min_time)
        ->UseRealTime();

    name = "write/status_report/" + engine->Name();
    Configure(benchmark::RegisterBenchmark(
                  name.c_str(),
                  [engine](benchmark::State& state) {
                    Guarded(state, [&] { RunStatusReport(state, engine); });
                  }),
              config.repetitions, config.write_min_time)
        ->UseRealTime();

    name = "write/register_concurrent/" + engine->Name();
    auto* concurrent = benchmark::RegisterBenchmark(
        name.c_str(), [engine, dataset](benchmark::State& state) {
          Guarded(state, [&] { RunRegister(state, engine, dataset); });
        });
    Configure(concurrent, config.repetitions, config.write_min_time);
    concurrent->UseRealTime();
    for (int threads : config.writer_threads) concurrent->Threads(threads);
  }

  // The bulk import is long, so it runs once per engine.
  for (WriteEngine* engine : engines) {
    size_t records = config.bulk_records;
    std::string name = "write/bulk_import/" + engine->Name() +
                       "/records:" + std::to_string(records);
    benchmark::RegisterBenchmark(
        name.c_str(),
        [engine, dataset, records](benchmark::State& state) {
          Guarded(state, [&] {
            RunBulkImport(state, engine, dataset, records);
          });
        })
        ->Iterations(1)
        ->Repetitions(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

void RegisterStoreSizes(const std::vector<PageEngine*>& stores,
                        size_t records, double gatewaydb_load_rate) {
  for (PageEngine* store : stores) {
    std::string name = "store/size/" + store->Name() +
                       "/records:" + std::to_string(records);
    double load_rate = store->Name() == "gatewaydb" ? gatewaydb_load_rate : 0;
    benchmark::RegisterBenchmark(
        name.c_str(),
        [store, records, load_rate](benchmark::State& state) {
          for (auto _ : state) {
          }
          StoreSize size = store->Size();
          state.counters["file_bytes"] = static_cast<double>(size.file_bytes);
          state.counters["used_bytes"] = static_cast<double>(size.used_bytes);
          state.counters["used_bytes_per_record"] =
              static_cast<double>(size.used_bytes) / std::max<size_t>(records, 1);
          if (load_rate > 0) state.counters["load_records_per_s"] = load_rate;
        })
        ->Iterations(1)
        ->Repetitions(1);
  }
}

int FailedCases() { return failed_cases.load(); }

void RegisterExternalResult(const std::string& name, double median_us) {
  benchmark::RegisterBenchmark(
      name.c_str(),
      [median_us](benchmark::State& state) {
        for (auto _ : state) state.SetIterationTime(median_us / 1e6);
      })
      ->UseManualTime()
      ->Iterations(1)
      ->Repetitions(1)
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace gwdb_bench
