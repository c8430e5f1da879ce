#include "dataset.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string_view>

namespace gwdb_bench {
namespace {

// Vocabulary for names. None of these contain kAbsentLetter or kMarkerWord.
constexpr std::array<std::string_view, 14> kRoles = {
    "edge",  "relay", "jump", "proxy", "ingress", "egress", "core",
    "access", "gw",   "tunnel", "link", "hub",   "portal",  "node"};
constexpr std::array<std::string_view, 8> kRegions = {
    "us-east-1",  "us-west-2",      "eu-west-1", "eu-central-1",
    "ap-south-1", "ap-northeast-1", "sa-east-1", "ca-central-1"};
constexpr std::array<std::string_view, 6> kEnvironments = {
    "prod", "stage", "dev", "test", "sandbox", "dr"};
constexpr std::array<std::string_view, 3> kCloudProviders = {"aws", "gcp",
                                                             "azure"};

// Vocabulary for descriptions and label values, with a few non-ASCII words
// and a quote so that JSON escaping is exercised.
constexpr std::array<std::string_view, 24> kWords = {
    "gateway",  "for",     "the",      "payments", "cluster", "in",
    "staging",  "managed", "by",       "platform", "team",    "handles",
    "SSH",      "and",     "RDP",      "traffic",  "café",    "Zürich",
    "office",   "\"blue\"", "rollout", "replaces", "legacy",  "host"};
constexpr std::array<std::string_view, 7> kLabelKeys = {
    "app", "cost-center", "env", "owner", "region", "tier", "zone"};

constexpr int64_t kEpoch2025Us = 1735689600LL * 1000000;
constexpr size_t kMaxDescriptionBytes = 300;

template <typename Array>
std::string_view Pick(const Array& values, std::mt19937_64& rng) {
  return values[rng() % values.size()];
}

std::string RandomCase(std::string_view word, std::mt19937_64& rng) {
  std::string out(word);
  for (char& c : out) {
    if (rng() % 2 == 0) c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Returns a name such as "prod-relay-eu-west-1-0042" or
// "Edge.stage.ap-south-1.7", containing the marker word for about 1%.
std::string MakeName(uint64_t serial, std::mt19937_64& rng) {
  std::string role(Pick(kRoles, rng));
  if (rng() % 100 == 0) role = RandomCase(kMarkerWord, rng);

  std::string name;
  char number[24];
  switch (rng() % 3) {
    case 0:
      std::snprintf(number, sizeof(number), "%04llu",
                    static_cast<unsigned long long>(serial % 10000));
      name.append(Pick(kEnvironments, rng)).append("-").append(role);
      name.append("-").append(Pick(kRegions, rng)).append("-").append(number);
      break;
    case 1:
      std::snprintf(number, sizeof(number), "%llu",
                    static_cast<unsigned long long>(serial));
      role[0] = static_cast<char>(std::toupper(role[0]));
      name.append(role).append(".").append(Pick(kEnvironments, rng));
      name.append(".").append(Pick(kRegions, rng)).append(".").append(number);
      break;
    default:
      std::snprintf(number, sizeof(number), "%llx",
                    static_cast<unsigned long long>(rng() & 0xffffff));
      name.append(role).append("_").append(number);
      break;
  }
  return name;
}

// Cuts `text` to at most `length` bytes without splitting a UTF-8
// sequence.
void TruncateUtf8(std::string& text, size_t length) {
  if (text.size() <= length) return;
  while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
    --length;
  text.resize(length);
}

// Returns "" (no description) for 15% of gateways, else 1 to 300 bytes of
// words.
std::string MakeDescription(std::mt19937_64& rng) {
  if (rng() % 100 < 15) return "";
  size_t target = 1 + rng() % kMaxDescriptionBytes;
  std::string text;
  while (text.size() < target) {
    if (!text.empty()) text.push_back(' ');
    text.append(Pick(kWords, rng));
  }
  TruncateUtf8(text, target);
  // A description that ends up empty after the cut would read as null.
  if (text.empty()) text = "gateway";
  return text;
}

LabelSet MakeLabelSet(std::mt19937_64& rng) {
  std::vector<std::string_view> keys(kLabelKeys.begin(), kLabelKeys.end());
  std::shuffle(keys.begin(), keys.end(), rng);
  size_t count = rng() % 5;

  LabelSet set;
  for (size_t i = 0; i < count; ++i) {
    std::string value(Pick(kWords, rng));
    if (value.find('"') != std::string::npos) value = "blue";
    set.labels.emplace_back(std::string(keys[i]), value);
  }
  std::sort(set.labels.begin(), set.labels.end());
  return set;
}

void FillGateway(const Dataset& data, uint32_t team, uint64_t serial,
                 std::mt19937_64& rng, Gateway& gateway) {
  const Team& owner = data.teams[team];
  gateway.team = team;
  gateway.label_set = owner.label_sets[rng() % owner.label_sets.size()];
  gateway.id = MakeUuid(rng);
  gateway.name = MakeName(serial, rng);
  gateway.description = MakeDescription(rng);

  char address[64];
  if (rng() % 10 != 0) {
    std::snprintf(address, sizeof(address), "10.%u.%u.%u",
                  static_cast<unsigned>(rng() % 256),
                  static_cast<unsigned>(rng() % 256),
                  static_cast<unsigned>(1 + rng() % 254));
    gateway.access_address = address;
  }
  std::snprintf(address, sizeof(address), "gw%llu.%s.example.com",
                static_cast<unsigned long long>(serial),
                owner.name.c_str());
  gateway.default_address = address;
  if (rng() % 4 != 0) gateway.cloud_provider = Pick(kCloudProviders, rng);
}

struct Burst {
  uint32_t team;
  uint32_t size;
};

// Splits each team's gateways into registration bursts of 1 to 10 gateways
// that share one created_at, then shuffles the bursts of all teams together.
std::vector<Burst> MakeBursts(const std::vector<uint32_t>& team_sizes,
                              std::mt19937_64& rng) {
  std::vector<Burst> bursts;
  for (uint32_t team = 0; team < team_sizes.size(); ++team) {
    uint32_t left = team_sizes[team];
    while (left > 0) {
      // 85% single registrations, 10% pairs, 4% triples, 1% bursts of 10.
      uint32_t roll = rng() % 100;
      uint32_t size = 10;
      if (roll < 85) {
        size = 1;
      } else if (roll < 95) {
        size = 2;
      } else if (roll < 99) {
        size = 3;
      }
      size = std::min(size, left);
      bursts.push_back({team, size});
      left -= size;
    }
  }
  std::shuffle(bursts.begin(), bursts.end(), rng);
  return bursts;
}

}  // namespace

std::string MakeUuid(std::mt19937_64& rng) {
  uint8_t bytes[16];
  for (int i = 0; i < 16; i += 8) {
    uint64_t word = rng();
    for (int j = 0; j < 8; ++j) bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

Dataset GenerateDataset(const DatasetSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  Dataset data;
  data.spec = spec;

  std::vector<uint32_t> team_sizes(spec.small_teams,
                                   spec.gateways_per_small_team);
  team_sizes.push_back(spec.big_team_gateways);
  for (uint32_t team = 0; team < team_sizes.size(); ++team) {
    char name[32];
    if (team < spec.small_teams) {
      std::snprintf(name, sizeof(name), "team-%05u", team);
    } else {
      std::snprintf(name, sizeof(name), "big-team");
    }
    Team& entry = data.teams.emplace_back();
    entry.name = name;
    for (int i = 0; i < 3; ++i) {
      entry.label_sets.push_back(static_cast<uint32_t>(data.label_sets.size()));
      data.label_sets.push_back(MakeLabelSet(rng));
    }
    entry.gateways.reserve(team_sizes[team]);
  }

  std::vector<Burst> bursts = MakeBursts(team_sizes, rng);
  uint64_t total = 0;
  for (uint32_t size : team_sizes) total += size;
  data.gateways.resize(total);
  data.start_us = kEpoch2025Us;

  int64_t now = kEpoch2025Us;
  uint64_t serial = 0;
  for (const Burst& burst : bursts) {
    // Gaps of 0 to 20 s; a zero gap ties bursts of different teams too.
    now += static_cast<int64_t>(rng() % 20000001);
    for (uint32_t i = 0; i < burst.size; ++i) {
      Gateway& gateway = data.gateways[serial];
      FillGateway(data, burst.team, serial, rng, gateway);
      gateway.created_at_us = now;
      data.teams[burst.team].gateways.push_back(static_cast<uint32_t>(serial));
      ++serial;
    }
  }
  return data;
}

Gateway MakeExtraGateway(const Dataset& data, uint32_t team, uint64_t serial,
                         std::mt19937_64& rng) {
  Gateway gateway;
  FillGateway(data, team, serial, rng, gateway);
  return gateway;
}

}  // namespace gwdb_bench
