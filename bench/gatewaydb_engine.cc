#include "gatewaydb_engine.h"

#include <gatewaydb/gatewaydb.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>
#include <vector>

namespace gwdb_bench {
namespace {

struct ResponseFree {
  void operator()(gwdb_response* response) const {
    gwdb_response_free(response);
  }
};
using Response = std::unique_ptr<gwdb_response, ResponseFree>;

// Throws with the call's code and message unless `code` is GWDB_OK.
void CheckOk(int code, const Response& response, const std::string& operation) {
  if (code == GWDB_OK) return;
  std::string message = response ? gwdb_response_message(response.get()) : "";
  throw std::runtime_error("gatewaydb: " + operation + " failed: " +
                           gwdb_code_name(code) + ": " + message);
}

std::string_view Body(const Response& response) {
  size_t length = 0;
  const char* body = gwdb_response_body(response.get(), &length);
  return std::string_view(body, length);
}

// Clock that the loader sets to each gateway's created_at; 0 falls back to
// the system clock.
int64_t InjectedClock(void* context) {
  auto* now = static_cast<std::atomic<int64_t>*>(context);
  int64_t value = now->load(std::memory_order_relaxed);
  if (value != 0) return value;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Deterministic random source (splitmix64 over a counter), so that a run's
// ids and token values repeat from run to run.
int SeededRandom(void* context, uint8_t* buffer, size_t size) {
  auto* counter = static_cast<std::atomic<uint64_t>*>(context);
  for (size_t i = 0; i < size; i += 8) {
    uint64_t z = counter->fetch_add(0x9E3779B97F4A7C15ULL) +
                 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    for (size_t j = 0; j < 8 && i + j < size; ++j) {
      buffer[i + j] = static_cast<uint8_t>(z >> (8 * j));
    }
  }
  return 0;
}

// An open store and the state its callbacks read.
struct Store {
  gwdb_db* db = nullptr;
  std::atomic<int64_t> now{0};
  std::atomic<uint64_t> random_counter{20261204};

  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store() { gwdb_close(db); }
};

std::shared_ptr<Store> OpenStore(const std::string& directory,
                                 bool inject_clock) {
  auto store = std::make_shared<Store>();
  gwdb_options options;
  gwdb_options_init(&options);
  if (inject_clock) {
    options.clock = InjectedClock;
    options.clock_context = &store->now;
    options.random = SeededRandom;
    options.random_context = &store->random_counter;
  }
  char* error = nullptr;
  int code = gwdb_open(directory.c_str(), &options, &store->db, &error);
  if (code != GWDB_OK) {
    std::string message = error ? error : gwdb_code_name(code);
    gwdb_string_free(error);
    throw std::runtime_error("gatewaydb: opening " + directory +
                             " failed: " + message);
  }
  return store;
}

// Creates a setup token with `labels` in `team` and returns its value.
std::string CreateToken(gwdb_db* db, const std::string& team,
                        const std::vector<Label>& labels) {
  std::vector<gwdb_label> c_labels;
  for (const Label& label : labels) {
    c_labels.push_back({label.first.c_str(), label.second.c_str()});
  }
  gwdb_token_spec spec;
  gwdb_token_spec_init(&spec);
  spec.labels = c_labels.data();
  spec.label_count = c_labels.size();

  gwdb_response* raw = nullptr;
  int code = gwdb_token_create(db, team.c_str(), &spec, &raw);
  Response response(raw);
  CheckOk(code, response, "creating a setup token in " + team);
  return gwdb_response_token_value(response.get());
}

const char* OrNull(const std::string& text) {
  return text.empty() ? nullptr : text.c_str();
}

// Registers `gateway` with `token` and returns the id gatewaydb assigned.
std::string Register(gwdb_db* db, const std::string& token,
                     const Gateway& gateway) {
  gwdb_registration registration;
  gwdb_registration_init(&registration);
  registration.token = token.c_str();
  registration.name = gateway.name.c_str();
  registration.description = OrNull(gateway.description);
  registration.access_address = OrNull(gateway.access_address);
  registration.default_address = OrNull(gateway.default_address);
  registration.cloud_provider = OrNull(gateway.cloud_provider);

  gwdb_response* raw = nullptr;
  int code = gwdb_gateway_register(db, &registration, &raw);
  Response response(raw);
  CheckOk(code, response, "registering gateway " + gateway.name);
  std::string_view body = Body(response);
  return nlohmann::json::parse(body.begin(), body.end())["id"]
      .get<std::string>();
}

// Shared by the typed and the request engine: reading a page's response.
class GatewaydbPageBase : public PageEngine {
 public:
  explicit GatewaydbPageBase(std::shared_ptr<Store> store)
      : store_(std::move(store)) {}

  size_t ServePage(const PageQuery& query) override {
    gwdb_response* raw = nullptr;
    Call(query, &raw);
    size_t size = Consume(raw);
    gwdb_response_free(raw);
    return size;
  }

  bool ReadPage(const PageQuery& query, PageResult* result,
                std::string* error) override {
    *result = PageResult();
    gwdb_response* raw = nullptr;
    int code = Call(query, &raw);
    Response response(raw);
    if (code != GWDB_OK) {
      *error = std::string(gwdb_code_name(code)) + ": " +
               gwdb_response_message(response.get());
      return false;
    }

    result->body = std::string(Body(response));
    nlohmann::json body = nlohmann::json::parse(result->body);
    for (const auto& item : body.at("list")) {
      result->ids.push_back(item.at("id").get<std::string>());
    }
    const char* next = gwdb_response_next_offset(response.get());
    if (next != nullptr) result->next_offset = next;
    return true;
  }

  StoreSize Size() override {
    gwdb_store_stats stats = {};
    stats.struct_size = sizeof(stats);
    StoreSize size;
    if (gwdb_stats(store_->db, &stats, nullptr, nullptr, nullptr) ==
        GWDB_OK) {
      size.file_bytes = stats.file_bytes;
      size.used_bytes = stats.used_bytes;
    }
    return size;
  }

 protected:
  virtual int Call(const PageQuery& query, gwdb_response** response) = 0;
  // Reads what a user of this way of calling needs from the response.
  virtual size_t Consume(const gwdb_response* response) = 0;

  std::shared_ptr<Store> store_;
};

class TypedPages : public GatewaydbPageBase {
 public:
  using GatewaydbPageBase::GatewaydbPageBase;
  std::string Name() const override { return "gatewaydb"; }

 protected:
  int Call(const PageQuery& query, gwdb_response** response) override {
    gwdb_list_query list;
    gwdb_list_query_init(&list);
    list.offset = OrNull(query.offset);
    list.count = query.count;
    list.descending = query.descending;
    list.prev = query.prev;
    list.contains = OrNull(query.contains);
    list.status = query.active_only ? "ACTIVE" : nullptr;
    return gwdb_gateway_list(store_->db, query.team.c_str(), &list, response);
  }

  // A typed caller reads the page through the accessors; the body is
  // fetched only when it wants the records' JSON.
  size_t Consume(const gwdb_response* response) override {
    return gwdb_response_item_count(response) +
           (gwdb_response_next_offset(response) != nullptr);
  }
};

class RequestPages : public GatewaydbPageBase {
 public:
  using GatewaydbPageBase::GatewaydbPageBase;
  std::string Name() const override { return "gatewaydb_request"; }

 protected:
  int Call(const PageQuery& query, gwdb_response** response) override {
    return gwdb_request(store_->db, "GET", query.target.c_str(), nullptr, 0,
                        response);
  }

  // An HTTP frontend sends the body and the Link header.
  size_t Consume(const gwdb_response* response) override {
    size_t length = 0;
    gwdb_response_body(response, &length);
    const char* link = gwdb_response_header_value(response, "Link");
    return length + (link != nullptr);
  }
};

class GatewaydbWriter : public Writer {
 public:
  GatewaydbWriter(std::shared_ptr<Store> store, const std::string& token)
      : store_(std::move(store)), token_(token) {}

  void Register(const Gateway& gateway) override {
    gwdb_bench::Register(store_->db, token_, gateway);
  }

  void ReportStatus(const std::string& id,
                    uint64_t active_connections) override {
    gwdb_status_report report;
    gwdb_status_report_init(&report);
    report.online = 1;
    report.active_connections = active_connections;
    report.total_storage_bytes = uint64_t{1} << 40;
    report.used_storage_bytes = uint64_t{1} << 30;

    gwdb_response* raw = nullptr;
    int code = gwdb_gateway_report_status(store_->db, kWriteTeam, id.c_str(),
                                          &report, &raw);
    Response response(raw);
    CheckOk(code, response, "reporting the status of " + id);
  }

  // Registers the gateways through gwdb_gateway_register_batch in chunks,
  // which commits up to 2048 registrations per durable transaction.
  void BulkImport(std::span<const Gateway> gateways) override {
    constexpr size_t kChunk = 4096;
    std::vector<gwdb_registration> registrations;
    std::vector<gwdb_response*> responses;
    for (size_t start = 0; start < gateways.size(); start += kChunk) {
      const size_t end = std::min(gateways.size(), start + kChunk);
      registrations.assign(end - start, gwdb_registration{});
      for (size_t i = start; i < end; ++i) {
        gwdb_registration& item = registrations[i - start];
        gwdb_registration_init(&item);
        item.token = token_.c_str();
        item.name = gateways[i].name.c_str();
        item.description = OrNull(gateways[i].description);
        item.access_address = OrNull(gateways[i].access_address);
        item.default_address = OrNull(gateways[i].default_address);
        item.cloud_provider = OrNull(gateways[i].cloud_provider);
      }
      responses.assign(registrations.size(), nullptr);
      int code = gwdb_gateway_register_batch(
          store_->db, registrations.data(), registrations.size(),
          responses.data());
      if (code != GWDB_OK) {
        throw std::runtime_error("gwdb_gateway_register_batch failed");
      }
      for (size_t i = 0; i < responses.size(); ++i) {
        Response response(responses[i]);
        CheckOk(gwdb_response_code(responses[i]), response,
                "registering gateway " + gateways[start + i].name);
      }
    }
  }

 private:
  std::shared_ptr<Store> store_;
  std::string token_;
};

class GatewaydbWrites : public WriteEngine {
 public:
  GatewaydbWrites(std::shared_ptr<Store> store, std::string token,
                  std::vector<std::string> seed_ids)
      : store_(std::move(store)),
        token_(std::move(token)),
        seed_ids_(std::move(seed_ids)) {}

  std::string Name() const override { return "gatewaydb"; }
  std::unique_ptr<Writer> OpenWriter() override {
    return std::make_unique<GatewaydbWriter>(store_, token_);
  }
  const std::vector<std::string>& SeedIds() const override {
    return seed_ids_;
  }

 private:
  std::shared_ptr<Store> store_;
  std::string token_;
  std::vector<std::string> seed_ids_;
};

}  // namespace

GatewaydbPages LoadGatewaydb(Dataset& data, const std::string& directory) {
  std::shared_ptr<Store> store = OpenStore(directory, true);

  // Tokens are created a second before the first gateway.
  store->now = data.start_us - 1000000;
  std::vector<std::string> token_values(data.label_sets.size());
  for (const Team& team : data.teams) {
    for (uint32_t set : team.label_sets) {
      token_values[set] =
          CreateToken(store->db, team.name, data.label_sets[set].labels);
    }
  }

  auto start = std::chrono::steady_clock::now();
  for (Gateway& gateway : data.gateways) {
    store->now = gateway.created_at_us;
    gateway.id = Register(store->db, token_values[gateway.label_set], gateway);
  }
  std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  store->now = 0;

  GatewaydbPages pages;
  pages.typed = std::make_unique<TypedPages>(store);
  pages.request = std::make_unique<RequestPages>(store);
  pages.store = store;
  pages.load_records_per_second =
      data.gateways.size() / std::max(elapsed.count(), 1e-9);
  return pages;
}

std::unique_ptr<WriteEngine> OpenGatewaydbWrites(
    const std::string& directory, std::span<const Gateway> seeds) {
  std::shared_ptr<Store> store = OpenStore(directory, false);
  std::string token =
      CreateToken(store->db, kWriteTeam, {{kWriteLabelKey, kWriteLabelValue}});
  std::vector<std::string> ids;
  for (const Gateway& gateway : seeds) {
    ids.push_back(Register(store->db, token, gateway));
  }
  return std::make_unique<GatewaydbWrites>(store, token, std::move(ids));
}

}  // namespace gwdb_bench
