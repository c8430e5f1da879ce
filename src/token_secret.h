// Setup-token values: generation, the lookup key and comparison.
#ifndef GATEWAYDB_SRC_TOKEN_SECRET_H_
#define GATEWAYDB_SRC_TOKEN_SECRET_H_

#include <array>
#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

namespace gwdb {

// Every token value starts with this prefix, so that scanners and people
// can recognize a leaked one.
inline constexpr absl::string_view kTokenPrefix = "gwst_";
// Random bytes per token value: 256 bits.
inline constexpr size_t kTokenRandomBytes = 32;

// Returns kTokenPrefix followed by the URL-safe base64 (unpadded) of
// `random`.
std::string FormatTokenValue(
    const std::array<uint8_t, kTokenRandomBytes>& random);

// Key of the token-value lookup: XXH3-128 of the value. The lookup only
// narrows the search; the stored value is then compared in constant time.
std::array<uint8_t, 16> TokenValueKey(absl::string_view value);

// Compares two byte strings in time that depends only on their lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_TOKEN_SECRET_H_
