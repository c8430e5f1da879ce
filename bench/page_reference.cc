// gatewaydb_page_reference: times, from C, the calls that the Python
// bindings wrap in bench/python/bench_page.py, on a store that the script
// filled, so that both sides read the same page of the same data.
//
// Own flags (all required; all other flags go to Google Benchmark):
//   --store=PATH   directory of an existing store, opened read-only
//   --team=NAME    team whose first page every case reads
//   --count=N      gateways per page, 1 to 1000
//
// Cases, each on the first page of N gateways of the team:
//   c/list        gwdb_gateway_list, then gwdb_response_free. The body is
//                 never read, so no JSON is rendered.
//   c/list_body   gwdb_gateway_list, gwdb_response_body (which renders the
//                 JSON), then free. A C caller can read the records of a
//                 typed list only through that body.
//   c/list_msgpack gwdb_gateway_list, gwdb_response_body_msgpack, then free:
//                 the bytes the Python bindings decode, left undecoded.
//   c/request     gwdb_request GET /v1/teams/NAME/gateways?count=N,
//                 gwdb_response_body, then free.
#include <benchmark/benchmark.h>
#include <gatewaydb/gatewaydb.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gwdb_bench {
namespace {

// The page size limits of gwdb_list_query.count and of the count query
// parameter, as the header documents them.
constexpr long kMinCount = 1;
constexpr long kMaxCount = 1000;
constexpr char kCountRange[] = "1 to 1000";

struct Options {
  std::string store;
  std::string team;
  long count = 0;
};

// Returns the value of `arg` when it reads "<flag>=<value>", or nullopt when
// `arg` is another flag. The bare flag throws, so that "--store PATH" fails
// with a hint instead of reaching Google Benchmark as an unknown argument.
std::optional<std::string> TakeValue(std::string_view arg,
                                     std::string_view flag,
                                     std::string_view placeholder) {
  if (arg == flag) {
    throw std::invalid_argument("missing value for " + std::string(flag) +
                                ": write " + std::string(flag) + "=" +
                                std::string(placeholder));
  }
  if (!arg.starts_with(flag) || arg[flag.size()] != '=') return std::nullopt;
  return std::string(arg.substr(flag.size() + 1));
}

long ParseCount(const std::string& text) {
  long count = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, count);
  if (text.empty() || error != std::errc() || stop != end ||
      count < kMinCount || count > kMaxCount) {
    throw std::invalid_argument("invalid --count=" + text +
                                ": expected an integer from " + kCountRange);
  }
  return count;
}

// Parses and removes this program's own flags from argv.
Options ParseOptions(int* argc, char** argv) {
  Options options;
  std::optional<std::string> count_text;
  int write_index = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg = argv[i];
    if (auto value = TakeValue(arg, "--store", "PATH")) {
      options.store = *value;
    } else if (auto value = TakeValue(arg, "--team", "NAME")) {
      options.team = *value;
    } else if (auto value = TakeValue(arg, "--count", "N")) {
      count_text = *value;
    } else {
      argv[write_index++] = argv[i];
    }
  }
  *argc = write_index;

  if (options.store.empty()) {
    throw std::invalid_argument(
        "missing --store=PATH: the directory of an existing store");
  }
  if (options.team.empty()) {
    throw std::invalid_argument(
        "missing --team=NAME: the team whose first page is read");
  }
  if (!count_text) {
    throw std::invalid_argument(
        std::string("missing --count=N: the gateways per page, ") +
        kCountRange);
  }
  options.count = ParseCount(*count_text);
  return options;
}

struct ResponseDeleter {
  void operator()(gwdb_response* response) const {
    gwdb_response_free(response);
  }
};
using ResponsePtr = std::unique_ptr<gwdb_response, ResponseDeleter>;

struct DbDeleter {
  void operator()(gwdb_db* db) const { gwdb_close(db); }
};
using DbPtr = std::unique_ptr<gwdb_db, DbDeleter>;

DbPtr OpenReadOnly(const std::string& path) {
  gwdb_options options;
  gwdb_options_init(&options);
  options.read_only = 1;
  gwdb_db* db = nullptr;
  char* error = nullptr;
  int code = gwdb_open(path.c_str(), &options, &db, &error);
  if (code != GWDB_OK) {
    std::string message = "cannot open --store=" + path +
                          " read-only: " + gwdb_code_name(code) + ": " +
                          (error ? error : "no message");
    gwdb_string_free(error);
    throw std::runtime_error(message);
  }
  return DbPtr(db);
}

// The first page that every case reads: store, team and query.
struct Page {
  gwdb_db* db = nullptr;
  std::string team;
  gwdb_list_query query;
  std::string target;  // the same page as a gwdb_request target
};

// Throws with the library's message when `call` failed. Also throws on an
// empty page, because a wrong --team would otherwise time an empty list.
void CheckPage(const std::string& call, const Options& options, int code,
               const gwdb_response* response) {
  if (code != GWDB_OK) {
    throw std::runtime_error(call + " failed: " + gwdb_code_name(code) + ": " +
                             gwdb_response_message(response));
  }
  if (gwdb_response_item_count(response) == 0) {
    throw std::runtime_error(call +
                             " returned an empty page: --team=" + options.team +
                             " has no gateways in --store=" + options.store);
  }
}

// Runs each case's call once, so that no case times an error response.
void CheckCalls(const Page& page, const Options& options) {
  gwdb_response* response = nullptr;
  int code =
      gwdb_gateway_list(page.db, page.team.c_str(), &page.query, &response);
  ResponsePtr list(response);
  CheckPage("gwdb_gateway_list for team " + page.team, options, code,
            list.get());

  response = nullptr;
  code =
      gwdb_request(page.db, "GET", page.target.c_str(), nullptr, 0, &response);
  ResponsePtr request(response);
  CheckPage("gwdb_request GET " + page.target, options, code, request.get());
}

void RunList(benchmark::State& state, const Page* page) {
  for (auto _ : state) {
    gwdb_response* response = nullptr;
    gwdb_gateway_list(page->db, page->team.c_str(), &page->query, &response);
    benchmark::DoNotOptimize(response);
    gwdb_response_free(response);
  }
}

void RunListBody(benchmark::State& state, const Page* page) {
  for (auto _ : state) {
    gwdb_response* response = nullptr;
    gwdb_gateway_list(page->db, page->team.c_str(), &page->query, &response);
    const char* body = gwdb_response_body(response, nullptr);
    benchmark::DoNotOptimize(body);
    gwdb_response_free(response);
  }
}

void RunListMsgpack(benchmark::State& state, const Page* page) {
  for (auto _ : state) {
    gwdb_response* response = nullptr;
    gwdb_gateway_list(page->db, page->team.c_str(), &page->query, &response);
    const char* body = gwdb_response_body_msgpack(response, nullptr);
    benchmark::DoNotOptimize(body);
    gwdb_response_free(response);
  }
}

void RunRequest(benchmark::State& state, const Page* page) {
  for (auto _ : state) {
    gwdb_response* response = nullptr;
    gwdb_request(page->db, "GET", page->target.c_str(), nullptr, 0, &response);
    const char* body = gwdb_response_body(response, nullptr);
    benchmark::DoNotOptimize(body);
    gwdb_response_free(response);
  }
}

// Registers the cases, which keep a pointer to `page`: it must outlive the
// benchmark run.
void RegisterCases(const Page& page) {
  benchmark::RegisterBenchmark("c/list", RunList, &page)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("c/list_body", RunListBody, &page)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("c/list_msgpack", RunListMsgpack, &page)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("c/request", RunRequest, &page)
      ->Unit(benchmark::kMicrosecond);
}

int Run(int argc, char** argv) {
  Options options = ParseOptions(&argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  DbPtr db = OpenReadOnly(options.store);
  Page page;
  page.db = db.get();
  page.team = options.team;
  gwdb_list_query_init(&page.query);
  page.query.count = static_cast<uint32_t>(options.count);
  // The team goes into the path unescaped. That is safe because CheckCalls
  // runs the typed call first, which rejects any name with characters
  // outside [A-Za-z0-9_.-], and none of those characters need escaping.
  page.target = "/v1/teams/" + options.team +
                "/gateways?count=" + std::to_string(options.count);
  CheckCalls(page, options);

  RegisterCases(page);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace gwdb_bench

int main(int argc, char** argv) {
  try {
    return gwdb_bench::Run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gatewaydb_page_reference: %s\n", error.what());
    return 1;
  }
}
