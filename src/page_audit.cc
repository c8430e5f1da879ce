#include "page_audit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace gwdb {
namespace {

// LMDB 0.9 on-disk layout (mdb.c of LMDB 0.9.x, data format version 1),
// as written on a 64-bit little- or big-endian host in native byte order.
constexpr uint32_t kMetaMagic = 0xBEEFC0DE;
constexpr uint32_t kDataVersion = 1;
// Page header: page number (8), padding (2), flags (2), then either the
// free-space bounds lower and upper (2 + 2) or an overflow page count (4).
constexpr size_t kPageHeaderSize = 16;
// Node header: data size or child page number low bits (2 + 2), flags or
// page number high bits (2), key size (2); the key follows.
constexpr size_t kNodeHeaderSize = 8;
// A database record: pad/page size (4), flags (2), depth (2), branch,
// leaf and overflow page counts, entries and root page (8 each).
constexpr size_t kDbRecordSize = 48;
// Meta: magic (4), version (4), address (8), map size (8), the free and
// main database records, last page number (8), transaction id (8).
constexpr size_t kMetaDbsOffset = 24;
constexpr size_t kMetaLastPageOffset = kMetaDbsOffset + 2 * kDbRecordSize;
constexpr size_t kMetaTxnidOffset = kMetaLastPageOffset + 8;
constexpr size_t kMetaSize = kMetaTxnidOffset + 8;

constexpr uint16_t kPageBranch = 0x01;
constexpr uint16_t kPageLeaf = 0x02;
constexpr uint16_t kPageOverflow = 0x04;
constexpr uint16_t kPageMeta = 0x08;
constexpr uint16_t kPageLeaf2 = 0x20;
constexpr uint16_t kPageSubpage = 0x40;
constexpr uint16_t kNodeBigData = 0x01;
constexpr uint16_t kNodeSubData = 0x02;
constexpr uint16_t kNodeDupData = 0x04;
constexpr uint16_t kDbIntegerKey = 0x08;
constexpr uint16_t kDbUnsupportedKeys = 0x02 | 0x04 | 0x10 | 0x20 | 0x40;
constexpr uint64_t kNoPage = ~uint64_t{0};
constexpr int kMaxTreeDepth = 64;
constexpr int kMaxWalks = 3;

template <typename T>
T Load(const uint8_t* bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

struct DbRecord {
  uint32_t pad = 0;
  uint16_t flags = 0;
  uint16_t depth = 0;
  uint64_t branch_pages = 0;
  uint64_t leaf_pages = 0;
  uint64_t overflow_pages = 0;
  uint64_t entries = 0;
  uint64_t root = kNoPage;
};

DbRecord ParseDbRecord(const uint8_t* bytes) {
  DbRecord record;
  record.pad = Load<uint32_t>(bytes);
  record.flags = Load<uint16_t>(bytes + 4);
  record.depth = Load<uint16_t>(bytes + 6);
  record.branch_pages = Load<uint64_t>(bytes + 8);
  record.leaf_pages = Load<uint64_t>(bytes + 16);
  record.overflow_pages = Load<uint64_t>(bytes + 24);
  record.entries = Load<uint64_t>(bytes + 32);
  record.root = Load<uint64_t>(bytes + 40);
  return record;
}

struct Meta {
  std::string problem;  // Empty when the page is a usable meta page.
  uint32_t page_size = 0;
  DbRecord free_db;
  DbRecord main_db;
  uint64_t last_page = 0;
  uint64_t txnid = 0;
};

class DataFile {
 public:
  static absl::StatusOr<DataFile> Open(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const std::string message =
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno));
      return errno == ENOENT ? absl::NotFoundError(message)
                             : absl::InternalError(message);
    }
    struct stat info;
    if (fstat(fd, &info) != 0) {
      close(fd);
      return absl::InternalError(
          absl::StrCat("cannot stat ", path, ": ", std::strerror(errno)));
    }
    return DataFile(fd, static_cast<uint64_t>(info.st_size));
  }

  DataFile(DataFile&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}
  DataFile(const DataFile&) = delete;
  ~DataFile() {
    if (fd_ >= 0) close(fd_);
  }

  uint64_t size() const { return size_; }

  // Reads `length` bytes at `offset`; false when the file is shorter.
  bool Read(uint64_t offset, size_t length, uint8_t* out) const {
    size_t done = 0;
    while (done < length) {
      const ssize_t got = pread(fd_, out + done, length - done,
                                static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      done += static_cast<size_t>(got);
    }
    return true;
  }

 private:
  DataFile(int fd, uint64_t size) : fd_(fd), size_(size) {}

  int fd_;
  uint64_t size_;
};

bool IsValidPageSize(uint32_t size) {
  return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
}

Meta ReadMeta(const DataFile& file, uint64_t offset, int index) {
  Meta meta;
  uint8_t bytes[kPageHeaderSize + kMetaSize];
  if (!file.Read(offset, sizeof bytes, bytes)) {
    meta.problem = absl::StrCat("meta page ", index, " is beyond the end of "
                                "the file");
    return meta;
  }
  const uint8_t* body = bytes + kPageHeaderSize;
  const uint16_t flags = Load<uint16_t>(bytes + 10);
  if ((flags & kPageMeta) == 0) {
    meta.problem = absl::StrCat("page ", index, " is not marked as a meta "
                                "page (flags ", flags, ")");
  } else if (Load<uint32_t>(body) != kMetaMagic) {
    meta.problem = absl::StrCat("meta page ", index, " has a wrong magic "
                                "number");
  } else if (Load<uint32_t>(body + 4) != kDataVersion) {
    meta.problem = absl::StrCat("meta page ", index, " has LMDB data "
                                "version ", Load<uint32_t>(body + 4),
                                ", expected ", kDataVersion);
  }
  meta.free_db = ParseDbRecord(body + kMetaDbsOffset);
  meta.main_db = ParseDbRecord(body + kMetaDbsOffset + kDbRecordSize);
  // LMDB keeps the page size in the free database record's pad field.
  meta.page_size = meta.free_db.pad;
  meta.last_page = Load<uint64_t>(body + kMetaLastPageOffset);
  meta.txnid = Load<uint64_t>(body + kMetaTxnidOffset);
  if (meta.problem.empty() && !IsValidPageSize(meta.page_size)) {
    meta.problem = absl::StrCat("meta page ", index, " has an invalid page "
                                "size ", meta.page_size);
  }
  return meta;
}

// Reads both meta pages and returns the one LMDB would use: the valid one
// with the larger transaction id. Problems go to *violations.
std::optional<Meta> ChooseMeta(const DataFile& file,
                               std::vector<std::string>* violations) {
  Meta first = ReadMeta(file, 0, 0);
  if (!first.problem.empty()) {
    violations->push_back(first.problem);
    return std::nullopt;
  }
  Meta second = ReadMeta(file, first.page_size, 1);
  if (!second.problem.empty()) {
    violations->push_back(second.problem);
    return std::nullopt;
  }
  if (second.page_size != first.page_size) {
    violations->push_back(absl::StrCat(
        "the meta pages disagree on the page size: ", first.page_size,
        " and ", second.page_size));
    return std::nullopt;
  }
  Meta chosen = second.txnid > first.txnid ? second : first;
  const uint64_t pages_in_file = file.size() / chosen.page_size;
  if (chosen.last_page < 1 || chosen.last_page >= pages_in_file) {
    violations->push_back(absl::StrCat(
        "the file holds ", pages_in_file, " pages of ", chosen.page_size,
        " bytes but the meta page of transaction ", chosen.txnid,
        " counts ", chosen.last_page + 1, "; the file is truncated or the "
        "meta page is damaged"));
    return std::nullopt;
  }
  return chosen;
}

int CompareKeys(const std::string& a, const std::string& b, bool integer) {
  if (integer && a.size() == b.size() && (a.size() == 4 || a.size() == 8)) {
    const uint64_t x = a.size() == 4
                           ? Load<uint32_t>(reinterpret_cast<const uint8_t*>(a.data()))
                           : Load<uint64_t>(reinterpret_cast<const uint8_t*>(a.data()));
    const uint64_t y = b.size() == 4
                           ? Load<uint32_t>(reinterpret_cast<const uint8_t*>(b.data()))
                           : Load<uint64_t>(reinterpret_cast<const uint8_t*>(b.data()));
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a.compare(b);
}

// Counts found while walking one database.
struct TreeCounts {
  uint64_t branch_pages = 0;
  uint64_t leaf_pages = 0;
  uint64_t overflow_pages = 0;
  uint64_t entries = 0;
  int depth = 0;
};

// A leaf entry handed to the caller of a walk: key, flags and the data
// (read from overflow pages when needed).
struct LeafEntry {
  std::string key;
  uint16_t flags = 0;
  std::string data;
};

class Auditor {
 public:
  Auditor(const DataFile& file, const Meta& meta, size_t max_violations,
          PageAuditReport* report)
      : file_(file),
        meta_(meta),
        max_violations_(max_violations),
        report_(report),
        page_(meta.page_size),
        used_(meta.last_page + 1, false) {
    used_[0] = used_[1] = true;  // The meta pages.
  }

  void Run() {
    std::vector<LeafEntry> free_entries, main_entries;
    WalkDatabase("the free-page database", meta_.free_db, &free_entries);
    WalkDatabase("the main database", meta_.main_db, &main_entries);
    for (const LeafEntry& entry : main_entries) {
      if ((entry.flags & kNodeSubData) == 0) continue;
      const std::string name = "database \"" + entry.key + "\"";
      if (entry.data.size() != kDbRecordSize) {
        Violation(absl::StrCat(name, " has a record of ", entry.data.size(),
                               " bytes, expected ", kDbRecordSize));
        continue;
      }
      WalkDatabase(name, ParseDbRecord(
                             reinterpret_cast<const uint8_t*>(entry.data.data())),
                   nullptr);
    }
    CheckFreeLists(free_entries);
  }

 private:
  void Violation(std::string message) {
    if (report_->violations.size() < max_violations_) {
      report_->violations.push_back(std::move(message));
    }
  }

  bool Full() const { return report_->violations.size() >= max_violations_; }

  bool ValidPageNumber(uint64_t page) const {
    return page >= 2 && page <= meta_.last_page;
  }

  // Marks `page` as used; reports a page reached twice.
  bool Claim(uint64_t page, const std::string& where) {
    if (!ValidPageNumber(page)) {
      Violation(absl::StrCat(where, " refers to page ", page,
                             ", outside pages 2 to ", meta_.last_page));
      return false;
    }
    if (used_[page]) {
      Violation(absl::StrCat(where, " refers to page ", page,
                             ", which is already in use"));
      return false;
    }
    used_[page] = true;
    return true;
  }

  bool ReadPage(uint64_t page, std::vector<uint8_t>* bytes) {
    bytes->resize(page_);
    if (!file_.Read(page * page_, page_, bytes->data())) {
      Violation(absl::StrCat("page ", page, " is beyond the end of the file"));
      return false;
    }
    ++report_->pages_checked;
    if (Load<uint64_t>(bytes->data()) != page) {
      Violation(absl::StrCat("page ", page, " carries page number ",
                             Load<uint64_t>(bytes->data())));
      return false;
    }
    return true;
  }

  void WalkDatabase(const std::string& name, const DbRecord& record,
                    std::vector<LeafEntry>* entries) {
    if (Full()) return;
    if (record.root == kNoPage) {
      if (record.entries != 0 || record.depth != 0) {
        Violation(absl::StrCat(name, " has no root page but counts ",
                               record.entries, " entries"));
      }
      return;
    }
    if ((record.flags & kDbUnsupportedKeys) != 0) {
      Violation(absl::StrCat(name, " has flags ", record.flags,
                             " that gatewaydb never sets"));
      return;
    }
    if (record.depth < 1 || record.depth > kMaxTreeDepth) {
      Violation(absl::StrCat(name, " has an invalid depth ", record.depth));
      return;
    }
    current_ = Tree{name, record, (record.flags & kDbIntegerKey) != 0, {},
                    entries};
    if (!Claim(record.root, name)) return;
    WalkPage(record.root, 1, std::nullopt, std::nullopt);

    const TreeCounts& counts = current_.counts;
    if (counts.entries != record.entries ||
        counts.branch_pages != record.branch_pages ||
        counts.leaf_pages != record.leaf_pages ||
        counts.overflow_pages != record.overflow_pages) {
      Violation(absl::StrCat(
          name, " counts ", record.entries, " entries in ",
          record.branch_pages, "/", record.leaf_pages, "/",
          record.overflow_pages, " branch/leaf/overflow pages, but its tree "
          "holds ", counts.entries, " in ", counts.branch_pages, "/",
          counts.leaf_pages, "/", counts.overflow_pages));
    }
  }

  // Checks the page's free-space bounds and returns its node offsets.
  bool NodeOffsets(uint64_t page, const std::vector<uint8_t>& bytes,
                   std::vector<uint16_t>* offsets) {
    const uint16_t lower = Load<uint16_t>(bytes.data() + 12);
    const uint16_t upper = Load<uint16_t>(bytes.data() + 14);
    if (lower < kPageHeaderSize || lower > upper || upper > page_ ||
        (lower - kPageHeaderSize) % 2 != 0) {
      Violation(absl::StrCat("page ", page, " has invalid free-space bounds ",
                             lower, " and ", upper));
      return false;
    }
    const size_t count = (lower - kPageHeaderSize) / 2;
    for (size_t i = 0; i < count; ++i) {
      const uint16_t offset =
          Load<uint16_t>(bytes.data() + kPageHeaderSize + 2 * i);
      if (offset < upper || offset + kNodeHeaderSize > page_) {
        Violation(absl::StrCat("page ", page, " node ", i, " is at offset ",
                               offset, ", outside the node area ", upper,
                               " to ", page_));
        return false;
      }
      offsets->push_back(offset);
    }
    return true;
  }

  void WalkPage(uint64_t page, int level,
                const std::optional<std::string>& lower_key,
                const std::optional<std::string>& upper_key) {
    if (Full()) return;
    std::vector<uint8_t> bytes;
    if (!ReadPage(page, &bytes)) return;
    const uint16_t flags = Load<uint16_t>(bytes.data() + 10);
    const bool bottom = level == current_.record.depth;
    const uint16_t expected = bottom ? kPageLeaf : kPageBranch;
    if ((flags & (kPageBranch | kPageLeaf | kPageOverflow | kPageMeta |
                  kPageLeaf2 | kPageSubpage)) != expected) {
      Violation(absl::StrCat(current_.name, " page ", page, " at level ",
                             level, " has flags ", flags, ", expected a ",
                             bottom ? "leaf" : "branch", " page"));
      return;
    }
    std::vector<uint16_t> offsets;
    if (!NodeOffsets(page, bytes, &offsets)) return;
    if (offsets.empty() && !(level == 1 && bottom)) {
      Violation(absl::StrCat(current_.name, " page ", page, " is empty"));
      return;
    }
    if (bottom) {
      ++current_.counts.leaf_pages;
      WalkLeaf(page, bytes, offsets, lower_key, upper_key);
    } else {
      ++current_.counts.branch_pages;
      WalkBranch(page, level, bytes, offsets, lower_key, upper_key);
    }
  }

  // Reads the key of the node at `offset`; false when it leaves the page.
  bool NodeKey(uint64_t page, const std::vector<uint8_t>& bytes,
               uint16_t offset, std::string* key) {
    const uint16_t key_size = Load<uint16_t>(bytes.data() + offset + 6);
    if (offset + kNodeHeaderSize + key_size > page_) {
      Violation(absl::StrCat("page ", page, " has a key of ", key_size,
                             " bytes at offset ", offset,
                             " that runs past the page"));
      return false;
    }
    key->assign(
        reinterpret_cast<const char*>(bytes.data() + offset + kNodeHeaderSize),
        key_size);
    return true;
  }

  bool KeyInOrder(uint64_t page, const std::string& key,
                  const std::optional<std::string>& previous,
                  const std::optional<std::string>& lower_key,
                  const std::optional<std::string>& upper_key) {
    const bool integer = current_.integer_keys;
    if ((previous && CompareKeys(*previous, key, integer) >= 0) ||
        (lower_key && CompareKeys(key, *lower_key, integer) < 0) ||
        (upper_key && CompareKeys(key, *upper_key, integer) >= 0)) {
      Violation(absl::StrCat(current_.name, " page ", page,
                             " has a key out of order"));
      return false;
    }
    return true;
  }

  void WalkBranch(uint64_t page, int level, const std::vector<uint8_t>& bytes,
                  const std::vector<uint16_t>& offsets,
                  const std::optional<std::string>& lower_key,
                  const std::optional<std::string>& upper_key) {
    // The first node's key is not stored: its child covers everything from
    // the parent's lower bound to the second node's key.
    std::vector<std::optional<std::string>> separators(offsets.size());
    separators[0] = lower_key;
    for (size_t i = 1; i < offsets.size(); ++i) {
      std::string key;
      if (!NodeKey(page, bytes, offsets[i], &key)) return;
      if (!KeyInOrder(page, key, separators[i - 1], lower_key, upper_key)) {
        return;
      }
      separators[i] = std::move(key);
    }
    for (size_t i = 0; i < offsets.size() && !Full(); ++i) {
      const uint8_t* node = bytes.data() + offsets[i];
      const uint64_t child = uint64_t{Load<uint16_t>(node)} |
                             uint64_t{Load<uint16_t>(node + 2)} << 16 |
                             uint64_t{Load<uint16_t>(node + 4)} << 32;
      if (!Claim(child, absl::StrCat(current_.name, " branch page ", page)))
        return;
      const std::optional<std::string>& next =
          i + 1 < offsets.size() ? separators[i + 1] : upper_key;
      WalkPage(child, level + 1, separators[i], next);
    }
  }

  void WalkLeaf(uint64_t page, const std::vector<uint8_t>& bytes,
                const std::vector<uint16_t>& offsets,
                const std::optional<std::string>& lower_key,
                const std::optional<std::string>& upper_key) {
    std::optional<std::string> previous;
    for (uint16_t offset : offsets) {
      LeafEntry entry;
      if (!NodeKey(page, bytes, offset, &entry.key)) return;
      if (!KeyInOrder(page, entry.key, previous, lower_key, upper_key)) return;
      const uint8_t* node = bytes.data() + offset;
      entry.flags = Load<uint16_t>(node + 4);
      const uint64_t data_size =
          uint64_t{Load<uint16_t>(node)} | uint64_t{Load<uint16_t>(node + 2)}
                                               << 16;
      if (entry.flags & kNodeDupData) {
        Violation(absl::StrCat(current_.name, " page ", page,
                               " has duplicate-key data, which gatewaydb "
                               "never writes"));
        return;
      }
      const size_t data_offset = offset + kNodeHeaderSize + entry.key.size();
      if (entry.flags & kNodeBigData) {
        if (data_offset + 8 > page_ ||
            !ReadOverflow(page, Load<uint64_t>(bytes.data() + data_offset),
                          data_size, &entry.data)) {
          if (data_offset + 8 > page_) {
            Violation(absl::StrCat("page ", page, " has an overflow "
                                   "reference that runs past the page"));
          }
          return;
        }
      } else {
        if (data_offset + data_size > page_) {
          Violation(absl::StrCat(current_.name, " page ", page, " has ",
                                 data_size, " bytes of data at offset ",
                                 data_offset, " that run past the page"));
          return;
        }
        entry.data.assign(
            reinterpret_cast<const char*>(bytes.data() + data_offset),
            data_size);
      }
      ++current_.counts.entries;
      if (current_.entries != nullptr) {
        current_.entries->push_back(entry);
      }
      previous = std::move(entry.key);
    }
  }

  bool ReadOverflow(uint64_t leaf_page, uint64_t first, uint64_t data_size,
                    std::string* data) {
    const std::string where =
        absl::StrCat(current_.name, " leaf page ", leaf_page);
    if (!Claim(first, where)) return false;
    std::vector<uint8_t> header;
    if (!ReadPage(first, &header)) return false;
    const uint16_t flags = Load<uint16_t>(header.data() + 10);
    const uint32_t pages = Load<uint32_t>(header.data() + 12);
    if ((flags & kPageOverflow) == 0 || pages == 0 ||
        first + pages - 1 > meta_.last_page ||
        data_size > uint64_t{pages} * page_ - kPageHeaderSize) {
      Violation(absl::StrCat(where, " refers to overflow page ", first,
                             " (flags ", flags, ", ", pages, " pages) that "
                             "cannot hold ", data_size, " bytes"));
      return false;
    }
    for (uint64_t page = first + 1; page < first + pages; ++page) {
      if (!Claim(page, where)) return false;
    }
    current_.counts.overflow_pages += pages;
    data->resize(data_size);
    if (!file_.Read(first * page_ + kPageHeaderSize, data_size,
                    reinterpret_cast<uint8_t*>(data->data()))) {
      Violation(absl::StrCat("overflow page ", first,
                             " runs past the end of the file"));
      return false;
    }
    return true;
  }

  // Free-page lists: a count followed by that many page numbers, each a
  // page that no tree uses.
  void CheckFreeLists(const std::vector<LeafEntry>& entries) {
    for (const LeafEntry& entry : entries) {
      if (Full()) return;
      const std::string& list = entry.data;
      if (list.size() < 8 || list.size() % 8 != 0 ||
          Load<uint64_t>(reinterpret_cast<const uint8_t*>(list.data())) !=
              list.size() / 8 - 1) {
        Violation(absl::StrCat("a free-page list of ", list.size(),
                               " bytes has an inconsistent count"));
        continue;
      }
      for (size_t i = 8; i < list.size(); i += 8) {
        const uint64_t page = Load<uint64_t>(
            reinterpret_cast<const uint8_t*>(list.data() + i));
        if (!ValidPageNumber(page)) {
          Violation(absl::StrCat("a free-page list holds page ", page,
                                 ", outside pages 2 to ", meta_.last_page));
        } else if (used_[page]) {
          Violation(absl::StrCat("page ", page,
                                 " is both free and in use"));
        } else {
          used_[page] = true;
        }
      }
    }
  }

  struct Tree {
    std::string name;
    DbRecord record;
    bool integer_keys = false;
    TreeCounts counts;
    std::vector<LeafEntry>* entries = nullptr;
  };

  const DataFile& file_;
  const Meta& meta_;
  const size_t max_violations_;
  PageAuditReport* report_;
  const uint32_t page_;
  std::vector<bool> used_;
  Tree current_;
};

absl::StatusOr<PageAuditReport> AuditOnce(const DataFile& file,
                                          size_t max_violations) {
  PageAuditReport report;
  std::optional<Meta> meta = ChooseMeta(file, &report.violations);
  if (!meta) return report;
  report.txnid = meta->txnid;
  report.page_size = meta->page_size;
  Auditor(file, *meta, max_violations, &report).Run();
  return report;
}

}  // namespace

absl::Status CheckDataFileBounds(const std::string& data_path) {
  absl::StatusOr<DataFile> file = DataFile::Open(data_path);
  if (!file.ok()) return file.status();
  std::vector<std::string> violations;
  if (ChooseMeta(*file, &violations)) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("the data file ", data_path, " is damaged: ",
                   violations.empty() ? "unknown problem" : violations[0]));
}

absl::StatusOr<PageAuditReport> AuditDataFile(const std::string& data_path,
                                              size_t max_violations) {
  absl::StatusOr<PageAuditReport> report;
  for (int walk = 1; walk <= kMaxWalks; ++walk) {
    absl::StatusOr<DataFile> file = DataFile::Open(data_path);
    if (!file.ok()) return file.status();
    report = AuditOnce(*file, max_violations);
    if (!report.ok() || report->violations.empty()) return report;
    // A writer may have committed during the walk: look again if so.
    absl::StatusOr<DataFile> again = DataFile::Open(data_path);
    if (!again.ok()) return report;
    std::vector<std::string> ignored;
    std::optional<Meta> now = ChooseMeta(*again, &ignored);
    if (!now || now->txnid == report->txnid) return report;
  }
  return report;
}

}  // namespace gwdb
