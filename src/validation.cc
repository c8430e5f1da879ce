#include "validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace gwdb {
namespace {

// Returns the length of the UTF-8 sequence starting at text[i], or 0 when
// it is malformed.
size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t at) {
    return static_cast<unsigned char>(text[at]);
  };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;

  size_t length = 0;
  uint32_t min_value = 0;
  uint32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min_value = 0x80, value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min_value = 0x800, value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min_value = 0x10000, value = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;

  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < min_value || value > 0x10FFFF || surrogate) return 0;
  return length;
}

// Finds C0 controls, DEL and the C1 controls U+0080 to U+009F (encoded as
// 0xC2 0x80 to 0xC2 0x9F). `text` must be valid UTF-8.
bool HasControlCharacter(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) return true;
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

void CheckLabelText(absl::string_view path, absl::string_view what,
                    absl::string_view text, size_t min_bytes,
                    size_t max_bytes, FieldErrors& errors) {
  if (text.size() < min_bytes || text.size() > max_bytes) {
    errors.push_back(
        {std::string(path),
         absl::StrCat("label ", what, " ", Quote(text), " is ", text.size(),
                      " bytes long; it must be ", min_bytes, " to ",
                      max_bytes, " bytes")});
  } else if (!IsValidUtf8(text)) {
    errors.push_back({std::string(path),
                      absl::StrCat("label ", what, " ", Quote(text),
                                   " is not valid UTF-8")});
  } else if (HasControlCharacter(text)) {
    errors.push_back({std::string(path),
                      absl::StrCat("label ", what, " ", Quote(text),
                                   " contains a control character")});
  }
}

}  // namespace

bool IsValidName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

void CheckName(absl::string_view path, absl::string_view name,
               FieldErrors& errors) {
  if (IsValidName(name)) return;
  errors.push_back(
      {std::string(path),
       absl::StrCat(path, " ", Quote(name),
                    " is invalid: it must be 1 to 255 characters of letters, "
                    "digits, '_', '-' or '.'")});
}

absl::Status CheckTeamName(absl::string_view team) {
  FieldErrors errors;
  CheckName("team_name", team, errors);
  return InvalidFields(errors);
}

bool IsValidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

size_t CountCodePoints(absl::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

void CheckDescription(absl::string_view path, absl::string_view description,
                      FieldErrors& errors) {
  if (!IsValidUtf8(description)) {
    errors.push_back({std::string(path),
                      absl::StrCat(path, " is not valid UTF-8")});
    return;
  }
  const size_t characters = CountCodePoints(description);
  if (characters > kMaxDescriptionChars) {
    errors.push_back(
        {std::string(path),
         absl::StrCat(path, " ", Quote(description), " is ", characters,
                      " characters long; the maximum is ",
                      kMaxDescriptionChars)});
  }
}

void CheckLabels(absl::string_view path, const Labels& labels,
                 FieldErrors& errors) {
  if (labels.size() > kMaxLabels) {
    errors.push_back({std::string(path),
                      absl::StrCat(path, " has ", labels.size(),
                                   " labels; the maximum is ", kMaxLabels)});
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    const auto& [key, value] = labels[i];
    CheckLabelText(path, "key", key, 1, kMaxLabelKeyBytes, errors);
    if (i > 0 && labels[i - 1].first == key) {
      errors.push_back({std::string(path),
                        absl::StrCat("label key ", Quote(key),
                                     " appears more than once")});
    }
    CheckLabelText(absl::StrCat(path, ".", key), "value", value, 0,
                   kMaxLabelValueBytes, errors);
  }
}

void CheckAddress(absl::string_view path, absl::string_view value,
                  FieldErrors& errors) {
  bool printable = true;
  for (char c : value) {
    if (c < 0x20 || c > 0x7E) printable = false;
  }
  if (value.size() <= kMaxAddressBytes && printable) return;
  errors.push_back(
      {std::string(path),
       absl::StrCat(path, " ", Quote(value),
                    " is invalid: it must be at most 255 bytes of printable "
                    "ASCII")});
}

void CheckStatusReport(const StatusReportInput& report, FieldErrors& errors) {
  const auto check_range = [&](absl::string_view path, uint64_t value) {
    if (value <= kMaxCounter) return;
    errors.push_back({std::string(path),
                      absl::StrCat(path, " ", value,
                                   " is out of range: it must be 0 to ",
                                   kMaxCounter)});
  };
  check_range("active_connections", report.active_connections);
  check_range("total_storage_bytes", report.total_storage_bytes);
  check_range("used_storage_bytes", report.used_storage_bytes);
  if (report.used_storage_bytes > report.total_storage_bytes) {
    errors.push_back(
        {"used_storage_bytes",
         absl::StrCat("used_storage_bytes ", report.used_storage_bytes,
                      " exceeds total_storage_bytes ",
                      report.total_storage_bytes)});
  }
}

}  // namespace gwdb
