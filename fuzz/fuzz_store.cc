#include "fuzz_store.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace gwdb_fuzz {
namespace {

// 2026-12-04T16:20:59.123456Z; the clock advances 1 us per reading.
int64_t g_clock_us = 1796401259123456;
uint64_t g_random_state = 0x9e3779b97f4a7c15u;

int64_t ReadClock(void*) { return g_clock_us++; }

// splitmix64: deterministic bytes, so that a crash replays exactly.
int FillRandom(void*, uint8_t* buffer, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    g_random_state += 0x9e3779b97f4a7c15u;
    uint64_t z = g_random_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    buffer[i] = static_cast<uint8_t>(z ^ (z >> 31));
  }
  return 0;
}

std::string IdOf(gwdb_response* response) {
  size_t length = 0;
  const char* body = gwdb_response_body(response, &length);
  const char* id = body ? std::strstr(body, "\"id\":\"") : nullptr;
  return id ? std::string(id + 6, 36) : "";
}

[[noreturn]] void Abort(const char* what, gwdb_response* response) {
  std::fprintf(stderr, "fuzz store: %s failed: %s\n", what,
               response ? gwdb_response_message(response) : "");
  std::abort();
}

FuzzStore* OpenStore() {
  char directory[] = "/tmp/gwdb-fuzz-XXXXXX";
  if (mkdtemp(directory) == nullptr) Abort("mkdtemp", nullptr);
  auto* store = new FuzzStore;
  gwdb_options options;
  gwdb_options_init(&options);
  options.no_sync = 1;
  options.map_size_max = uint64_t{1} << 30;
  options.clock = ReadClock;
  options.random = FillRandom;
  const std::string path = std::string(directory) + "/store";
  if (gwdb_open(path.c_str(), &options, &store->db, nullptr) != GWDB_OK) {
    Abort("opening the store", nullptr);
  }

  gwdb_response* response = nullptr;
  if (gwdb_token_create(store->db, "acme", nullptr, &response) != GWDB_OK) {
    Abort("creating a setup token", response);
  }
  store->token_value = gwdb_response_token_value(response);
  store->token_id = IdOf(response);
  gwdb_response_free(response);

  gwdb_registration registration;
  gwdb_registration_init(&registration);
  registration.token = store->token_value.c_str();
  registration.name = "edge-1";
  if (gwdb_gateway_register(store->db, &registration, &response) !=
      GWDB_OK) {
    Abort("registering a gateway", response);
  }
  store->gateway_id = IdOf(response);
  gwdb_response_free(response);
  // NOTE: the directory is left behind when the process ends; libFuzzer
  // gives no hook after the last input.
  return store;
}

void ReplaceAll(std::string& text, const std::string& from,
                const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

FuzzStore& SharedStore() {
  static FuzzStore* store = OpenStore();
  return *store;
}

std::string FillPlaceholders(std::string text, const FuzzStore& store) {
  ReplaceAll(text, "@TOKEN@", store.token_value);
  ReplaceAll(text, "@TOKEN_ID@", store.token_id);
  ReplaceAll(text, "@GATEWAY_ID@", store.gateway_id);
  return text;
}

}  // namespace gwdb_fuzz
