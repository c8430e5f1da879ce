// Store::List: one page of a list, read in one read transaction as a seek
// plus a sequential cursor walk. The work grows with the entries the walk
// touches, never with the size of the team.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "errors.h"
#include "page_cursor.h"
#include "status_macros.h"
#include "store.h"

namespace gwdb {
namespace {

// ASCII case-insensitive substring test; `needle` is already lower case.
bool ContainsFolded(absl::string_view haystack, absl::string_view needle) {
  auto found = std::search(haystack.begin(), haystack.end(), needle.begin(),
                           needle.end(), [](char a, char b) {
                             return absl::ascii_tolower(a) == b;
                           });
  return found != haystack.end();
}

// Applies `contains` and `status`. When the walk runs over the names
// index, both are decided from the index entry alone; otherwise `contains`
// is decided from the record.
class ListFilter {
 public:
  ListFilter(RecordKind kind, const ListQuery& query, bool names_index)
      : kind_(kind),
        needle_(absl::AsciiStrToLower(query.contains)),
        status_(query.status),
        names_index_(names_index) {}

  bool MatchesEntry(absl::string_view entry) const {
    if (!names_index_) return true;
    if (entry.empty()) return false;
    if (status_ && static_cast<uint8_t>(entry[0]) !=
                       static_cast<uint8_t>(*status_)) {
      return false;
    }
    return absl::StrContains(entry.substr(1), needle_);
  }

  bool MatchesRecord(const RecordBuffer& record) const {
    if (names_index_ || needle_.empty()) return true;
    const flatbuffers::String* text =
        kind_ == RecordKind::kGateway ? AsGateway(record)->name()
                                      : AsToken(record)->description();
    return text != nullptr && ContainsFolded(View(text), needle_);
  }

 private:
  RecordKind kind_;
  std::string needle_;
  std::optional<Lifecycle> status_;
  bool names_index_;
};

// Walks from the cursor's position, appending matching records to `out`
// until it contains `limit` of them. Returns whether the limit was reached.
absl::StatusOr<bool> Collect(PageCursor& cursor, bool positioned,
                             const ListFilter& filter, size_t limit,
                             std::vector<RecordBuffer>& out) {
  for (bool more = positioned; more && out.size() < limit;) {
    if (filter.MatchesEntry(cursor.IndexValue())) {
      GWDB_ASSIGN_OR_RETURN(RecordBuffer record, cursor.Load());
      if (filter.MatchesRecord(record)) out.push_back(std::move(record));
      if (out.size() == limit) break;
    }
    GWDB_ASSIGN_OR_RETURN(more, cursor.Next());
  }
  return out.size() == limit;
}

absl::Status InvalidOffset(const Uuid& offset, RecordKind kind,
                           absl::string_view team) {
  const std::string message = absl::StrCat(
      "offset ", FormatUuid(offset), " is not a ",
      kind == RecordKind::kGateway ? "gateway" : "gateway setup token",
      " of team ", Quote(team),
      " (nor one deleted within the tombstone retention)");
  return InvalidRequest(message, {{"offset", message}});
}

}  // namespace

absl::StatusOr<Page> Store::List(absl::string_view team, RecordKind kind,
                                 const ListQuery& query) {
  GWDB_ASSIGN_OR_RETURN(Txn txn, BeginRead());
  GWDB_ASSIGN_OR_RETURN(auto team_id, FindTeam(txn, team));
  Page page;
  if (!team_id) {
    if (query.offset) return InvalidOffset(*query.offset, kind, team);
    return page;
  }

  // Resolve the offset to its position: a live record, or a tombstone
  // still within its retention.
  // Pick the index to walk: the names index when a gateway name filter is
  // given, the status index for a status filter alone, else the records.
  const bool gateways = kind == RecordKind::kGateway;
  const bool by_name = gateways && !query.contains.empty();
  const bool by_status = gateways && query.status && !by_name;
  const uint8_t tag = by_status ? static_cast<uint8_t>(*query.status)
                                : static_cast<uint8_t>(kind);
  std::optional<RecordKey> position;
  if (query.offset) {
    GWDB_ASSIGN_OR_RETURN(auto created_at,
                          FindCreatedAt(txn, *team_id, kind, *query.offset));
    if (!created_at) {
      const IdKey id_key = MakeIdKey(*team_id, kind, *query.offset);
      GWDB_ASSIGN_OR_RETURN(auto tombstone,
                            txn.Get(dbs_.tombstones, ToVal(id_key)));
      if (!tombstone || tombstone->size() != 16) {
        return InvalidOffset(*query.offset, kind, team);
      }
      const auto* bytes = reinterpret_cast<const uint8_t*>(tombstone->data());
      if (GetTime(bytes + 8) + options_.tombstone_retention_us <= Now()) {
        return InvalidOffset(*query.offset, kind, team);
      }
      created_at = GetTime(bytes);
    }
    position = MakeRecordKey(*team_id, tag, *created_at, *query.offset);
  }

  std::array<uint8_t, 5> prefix;
  PutU32(prefix.data(), *team_id);
  prefix[4] = tag;
  GWDB_ASSIGN_OR_RETURN(
      PageCursor cursor,
      PageCursor::Open(txn,
                       by_name     ? dbs_.gateway_names
                       : by_status ? dbs_.status_index
                                   : dbs_.records,
                       dbs_.records, prefix, kind));
  const ListFilter filter(kind, query, by_name);

  // Walk away from the offset in the page's direction; one match past the
  // page shows whether the far side has more.
  const bool forward = query.descending == query.prev;
  GWDB_ASSIGN_OR_RETURN(bool positioned,
                        cursor.Seek(position, forward, false));
  GWDB_ASSIGN_OR_RETURN(
      bool full, Collect(cursor, positioned, filter, query.count, page.items));
  bool far_side = false;
  if (full) {
    std::vector<RecordBuffer> beyond;
    GWDB_ASSIGN_OR_RETURN(bool more, cursor.Next());
    GWDB_ASSIGN_OR_RETURN(far_side,
                          Collect(cursor, more, filter, 1, beyond));
  }

  // The near side: a match at or behind the offset.
  bool near_side = false;
  if (position && !page.items.empty()) {
    std::vector<RecordBuffer> behind;
    GWDB_ASSIGN_OR_RETURN(bool found, cursor.Seek(position, !forward, true));
    GWDB_ASSIGN_OR_RETURN(near_side,
                          Collect(cursor, found, filter, 1, behind));
  }
  if (page.items.empty()) return page;

  if (query.prev) {
    std::reverse(page.items.begin(), page.items.end());
    page.has_prev = far_side;
    page.has_next = near_side;
  } else {
    page.has_next = far_side;
    page.has_prev = near_side;
  }
  return page;
}

}  // namespace gwdb
