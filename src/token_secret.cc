#include "token_secret.h"

#include <xxhash.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "key_codec.h"

namespace gwdb {

std::string FormatTokenValue(
    const std::array<uint8_t, kTokenRandomBytes>& random) {
  return absl::StrCat(kTokenPrefix,
                      absl::WebSafeBase64Escape(AsView(random.data(),
                                                       random.size())));
}

std::array<uint8_t, 16> TokenValueKey(absl::string_view value) {
  const XXH128_hash_t hash = XXH3_128bits(value.data(), value.size());
  std::array<uint8_t, 16> key;
  PutU64(key.data(), hash.high64);
  PutU64(key.data() + 8, hash.low64);
  return key;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  // Every byte is compared, with no early exit. Reading the result back
  // through a volatile keeps the compiler from adding one.
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference = static_cast<unsigned char>(difference | (a[i] ^ b[i]));
  }
  volatile unsigned char result = difference;
  return result == 0;
}

}  // namespace gwdb
