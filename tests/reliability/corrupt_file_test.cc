// Damaged data files: copies of a known store get random byte flips,
// zeroed pages or truncation, then `gatewaydb check` runs on each copy in
// a child process with a time limit. It must never crash or hang. When
// check passes a copy, every request must return what it returned on the
// original. A store written by a newer on-disk format is rejected.
//
// Arguments: the gatewaydb binary, then optionally page_audit_tool, whose
// verdict on each copy is counted too. GWDB_CORRUPT_COPIES sets the number
// of damaged copies (default 400) and GWDB_CORRUPT_SEED the seed of the
// damage (default 4242): the same seed damages the same bytes.
// NOTE: LMDB 0.9 trusts its page structure, so a damaged branch page can
// crash any reader; this suite counts such crashes and fails on them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <lmdb.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "reliability_support.h"
#include "test_support.h"

namespace {

using gwdb_test::Json;
using gwdb_test::Reply;

std::string g_cli_path;
std::string g_audit_path;
std::string g_self_path;

// Request targets whose responses are compared, one per line, then a line
// "=" and the answers in the same order, each as "<status> <body>".
std::vector<std::string> AnswerTargets(gwdb_db* db) {
  std::vector<std::string> targets;
  for (const std::string team : {"alpha", "beta"}) {
    const std::string base = "/v1/teams/" + team;
    for (const std::string kind : {"/gateways", "/gateway_setup_tokens"}) {
      std::string offset;
      do {
        std::string target = base + kind + "?count=7";
        if (!offset.empty()) target += "&offset=" + offset;
        targets.push_back(target);
        Reply page = gwdb_test::Request(db, "GET", target);
        for (const std::string& id : page.ListIds()) {
          targets.push_back(base + kind + "/" + id);
          targets.push_back(base + kind + "/" + id +
                            (kind == "/gateways" ? "/status" : "/token"));
        }
        offset = page.next_offset.value_or("");
      } while (!offset.empty());
      targets.push_back(base + kind + "?descending=true&contains=1");
    }
  }
  return targets;
}

std::string Answer(gwdb_db* db, const std::string& target) {
  Reply reply = gwdb_test::Request(db, "GET", target);
  return std::to_string(reply.http_status) + " " + reply.body;
}

// Fills a store with two teams of tokens, gateways, status reports and
// deleted records.
void FillStore(gwdb_db* db) {
  for (const std::string team : {"alpha", "beta"}) {
    for (int t = 0; t < 3; ++t) {
      Reply token = gwdb_test::CreateToken(
          db, team,
          Json{{"description", "token " + std::to_string(t)},
               {"labels", {{"site", "s" + std::to_string(t)}}}}
              .dump());
      ASSERT_EQ(token.http_status, 201);
      for (int g = 0; g < 40; ++g) {
        Reply gateway = gwdb_test::RegisterGateway(
            db, *token.token_value,
            "gw-" + std::to_string(t) + "-" + std::to_string(g));
        ASSERT_EQ(gateway.http_status, 201);
        const std::string path = "/v1/teams/" + team + "/gateways/" +
                                 gateway.json["id"].get<std::string>();
        if (g % 3 == 0) {
          gwdb_test::Request(db, "PUT", path + "/status",
                             R"({"status":"ONLINE","active_connections":4,)"
                             R"("total_storage_bytes":10,)"
                             R"("used_storage_bytes":5})");
        }
        if (g % 7 == 0) gwdb_test::Request(db, "DELETE", path);
      }
    }
  }
}

void CopyStore(const std::string& from, const std::string& to) {
  std::filesystem::create_directory(to);
  for (const char* file : {"/data.mdb", "/lock.mdb"}) {
    std::filesystem::copy_file(from + file, to + file);
  }
}

// Damages data.mdb of `store` in one of five ways; returns a description.
std::string Damage(const std::string& store, std::mt19937_64& random) {
  const std::string path = store + "/data.mdb";
  const uint64_t size = std::filesystem::file_size(path);
  const long page = sysconf(_SC_PAGESIZE);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  auto flip = [&](uint64_t offset) {
    char byte;
    file.seekg(offset);
    file.read(&byte, 1);
    byte ^= static_cast<char>(1 + random() % 255);
    file.seekp(offset);
    file.write(&byte, 1);
  };
  std::ostringstream what;
  switch (random() % 5) {
    case 0: {
      const int flips = 1 + random() % 8;
      what << "flipped " << flips << " random bytes at";
      for (int i = 0; i < flips; ++i) {
        const uint64_t offset = random() % size;
        flip(offset);
        what << " " << offset;
      }
      break;
    }
    case 1: {
      // Page headers and the first nodes, where LMDB keeps its structure.
      const uint64_t offset =
          (random() % (size / page)) * page + random() % 64;
      flip(offset);
      what << "flipped the byte at " << offset << " in a page header";
      break;
    }
    case 2: {
      const uint64_t offset = random() % (2 * page);
      flip(offset);
      what << "flipped the meta page byte at " << offset;
      break;
    }
    case 3: {
      const uint64_t first = (random() % (size / page)) * page;
      const std::string zeros(page, '\0');
      file.seekp(first);
      file.write(zeros.data(), page);
      what << "zeroed the page at " << first;
      break;
    }
    default: {
      file.close();
      const uint64_t length = random() % size;
      std::filesystem::resize_file(path, length);
      what << "truncated to " << length << " bytes";
      return what.str();
    }
  }
  return what.str();
}

struct DamageTally {
  int copies = 0;
  int passed = 0;
  int detected = 0;
  int crashed = 0;
  int hung = 0;
  int wrong_answers = 0;
  int replay_crashed = 0;
  // The page audit (page_audit_tool) on the same copies.
  int audit_flagged = 0;
  int crashes_audit_flagged = 0;
  int passes_audit_flagged = 0;
  std::vector<std::string> failures;
};

// Runs the page audit on the copy. Returns true when it reported damage;
// a crash or hang of the audit itself is a failure.
bool AuditFlags(const std::string& copy, const std::string& what,
                DamageTally* tally, std::string* output) {
  if (g_audit_path.empty()) return false;
  auto audit = gwdb_reliability::RunProcess(
      {g_audit_path, copy + "/data.mdb"}, 20000);
  if (audit.timed_out || audit.signal != 0) {
    tally->failures.push_back("the page audit crashed or hung: " + what);
    return false;
  }
  if (audit.exit_code == 2 && what.find("truncated") == std::string::npos) {
    tally->failures.push_back("the page audit could not read the copy: " +
                              audit.output);
  }
  const bool flagged = audit.exit_code != 0;
  tally->audit_flagged += flagged;
  *output = audit.output.substr(0, audit.output.find('\n'));
  return flagged;
}

TEST(CorruptFile, CheckNeverCrashesOnDamagedCopies) {
  ASSERT_FALSE(g_cli_path.empty()) << "pass the gatewaydb binary path";
  const long copies =
      gwdb_reliability::EnvironmentNumber("GWDB_CORRUPT_COPIES", 400);
  gwdb_test::TempDir dir;
  const std::string original = dir.Child("original");
  const std::string answers_path = dir.Child("answers");
  {
    // A fixed clock and random source make the original store, and so each
    // damaged copy, the same on every run.
    gwdb_test::TestClock clock;
    gwdb_test::TestRandom ids(7);
    clock.RepeatOften(11, 30);
    gwdb_options options;
    gwdb_options_init(&options);
    options.clock = &gwdb_test::TestClock::ReadCallback;
    options.clock_context = &clock;
    options.random = &gwdb_test::TestRandom::FillCallback;
    options.random_context = &ids;
    gwdb_db* db = gwdb_test::OpenStore(original, options);
    ASSERT_NE(db, nullptr);
    FillStore(db);
    std::ofstream answers(answers_path);
    const std::vector<std::string> targets = AnswerTargets(db);
    for (const std::string& target : targets) answers << target << "\n";
    answers << "=\n";
    for (const std::string& target : targets) {
      answers << Answer(db, target) << "\n";
    }
    gwdb_close(db);
  }
  auto clean = gwdb_reliability::RunProcess(
      {g_cli_path, "--db", original, "check"}, 30000);
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  if (!g_audit_path.empty()) {
    auto audit = gwdb_reliability::RunProcess(
        {g_audit_path, original + "/data.mdb"}, 30000);
    ASSERT_EQ(audit.exit_code, 0) << "audit of the clean store: "
                                  << audit.output;
  }

  const long seed = gwdb_reliability::EnvironmentNumber("GWDB_CORRUPT_SEED",
                                                       4242);
  std::mt19937_64 random(seed);
  DamageTally tally;
  for (long i = 0; i < copies; ++i) {
    const std::string copy = dir.Child("copy" + std::to_string(i));
    CopyStore(original, copy);
    const std::string what =
        "copy " + std::to_string(i) + ": " + Damage(copy, random);
    ++tally.copies;
    std::string audit_output;
    const bool audit_flagged = AuditFlags(copy, what, &tally, &audit_output);
    auto check = gwdb_reliability::RunProcess(
        {g_cli_path, "--db", copy, "check"}, 20000);
    if (check.timed_out) {
      ++tally.hung;
      tally.failures.push_back("check hung: " + what);
    } else if (check.signal != 0) {
      ++tally.crashed;
      tally.crashes_audit_flagged += audit_flagged;
      tally.failures.push_back("check died of signal " +
                               std::to_string(check.signal) + ": " + what);
    } else if (check.exit_code == 0) {
      ++tally.passed;
      tally.passes_audit_flagged += audit_flagged;
      if (audit_flagged) {
        std::printf("check passed, the page audit did not (%s): %s\n",
                    what.c_str(), audit_output.c_str());
      }
      auto replay = gwdb_reliability::RunProcess(
          {g_self_path, "--replay", copy, answers_path}, 20000);
      if (replay.signal != 0 || replay.timed_out) {
        ++tally.replay_crashed;
        tally.failures.push_back("requests crashed after check passed: " +
                                 what);
      } else if (replay.exit_code != 0) {
        ++tally.wrong_answers;
        tally.failures.push_back("check passed but answers differ (" + what +
                                 "): " + replay.output.substr(0, 400));
      }
    } else if (check.exit_code == 1) {
      ++tally.detected;
    } else {
      tally.failures.push_back("check exited with " +
                               std::to_string(check.exit_code) + ": " + what);
    }
    std::filesystem::remove_all(copy);
  }
  std::printf("damaged copies: %d; check passed %d (answers compared), "
              "reported damage in %d, crashed on %d, hung on %d; "
              "requests crashed on %d, gave other answers on %d\n"
              "page audit: reported damage in %d copies, including %d of "
              "the %d that crashed check and %d that check passed\n",
              tally.copies, tally.passed, tally.detected, tally.crashed,
              tally.hung, tally.replay_crashed, tally.wrong_answers,
              tally.audit_flagged, tally.crashes_audit_flagged,
              tally.crashed, tally.passes_audit_flagged);
  // Wrong answers are always shown; of the crashes, the first 20 explain
  // enough and the counts above give the rest.
  size_t shown = 0;
  for (const std::string& failure : tally.failures) {
    const bool crash = failure.find("died of signal") != std::string::npos;
    if (crash && ++shown > 20) continue;
    ADD_FAILURE() << failure;
  }
  EXPECT_EQ(tally.failures.size(), 0u) << "failures in all";
}

// Rewrites meta/format_version of a closed store with the LMDB C API.
void SetFormatVersion(const std::string& store, const std::string& value) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  ASSERT_EQ(mdb_env_set_maxdbs(env, 16), 0);
  ASSERT_EQ(mdb_env_open(env, store.c_str(), 0, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  MDB_dbi meta;
  ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
  MDB_val key{14, const_cast<char*>("format_version")};
  MDB_val data{value.size(), const_cast<char*>(value.data())};
  ASSERT_EQ(mdb_put(txn, meta, &key, &data, 0), 0);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
}

std::string OpenError(const std::string& store) {
  gwdb_options options;
  gwdb_options_init(&options);
  gwdb_db* db = nullptr;
  char* error = nullptr;
  const int code = gwdb_open(store.c_str(), &options, &db, &error);
  EXPECT_EQ(code, GWDB_UNKNOWN_ERROR);
  EXPECT_EQ(db, nullptr);
  std::string message = error ? error : "";
  gwdb_string_free(error);
  gwdb_close(db);
  return message;
}

TEST(CorruptFile, NewerFormatVersionIsRejected) {
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  gwdb_options options;
  gwdb_options_init(&options);
  gwdb_close(gwdb_test::OpenStore(store, options));
  SetFormatVersion(store, std::string("\0\0\0\2", 4));

  const std::string message = OpenError(store);
  EXPECT_NE(message.find("version 2"), std::string::npos) << message;
  EXPECT_NE(message.find(store), std::string::npos) << message;
  auto check =
      gwdb_reliability::RunProcess({g_cli_path, "--db", store, "check"},
                                   20000);
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("version 2"), std::string::npos)
      << check.output;

  SetFormatVersion(store, std::string("\0\1", 2));
  EXPECT_NE(OpenError(store).find("version"), std::string::npos);
}

TEST(CorruptFile, ForeignLmdbFileIsRejected) {
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  std::filesystem::create_directory(store);
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), 0);
  ASSERT_EQ(mdb_env_open(env, store.c_str(), 0, 0600), 0);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  MDB_dbi main_dbi;
  ASSERT_EQ(mdb_dbi_open(txn, nullptr, 0, &main_dbi), 0);
  MDB_val key{3, const_cast<char*>("key")};
  MDB_val data{5, const_cast<char*>("value")};
  ASSERT_EQ(mdb_put(txn, main_dbi, &key, &data, 0), 0);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
  EXPECT_NE(OpenError(store).find("not a gatewaydb store"), std::string::npos);
}

TEST(CorruptFile, GarbageDataFileIsRejected) {
  gwdb_test::TempDir dir;
  const std::string store = dir.Child("store");
  std::filesystem::create_directory(store);
  std::mt19937_64 random(99);
  std::ofstream data(store + "/data.mdb", std::ios::binary);
  for (int i = 0; i < 64 * 1024; ++i) data.put(static_cast<char>(random()));
  data.close();
  auto check = gwdb_reliability::RunProcess(
      {g_cli_path, "--db", store, "check"}, 20000);
  EXPECT_EQ(check.signal, 0) << check.output;
  EXPECT_EQ(check.exit_code, 1) << check.output;
}

// Child-process mode: opens STORE and compares every response with the file.
int Replay(const std::string& store, const std::string& answers_path) {
  std::ifstream answers(answers_path);
  std::vector<std::string> targets;
  std::string line;
  while (std::getline(answers, line) && line != "=") targets.push_back(line);
  // The original's clock, so that status reports are exactly as fresh.
  gwdb_test::TestClock clock;
  gwdb_options options;
  gwdb_options_init(&options);
  options.clock = &gwdb_test::TestClock::ReadCallback;
  options.clock_context = &clock;
  std::string error;
  gwdb_db* db = gwdb_reliability::OpenOrExplain(store, options, &error);
  if (db == nullptr) {
    std::printf("cannot open the copy: %s\n", error.c_str());
    return 1;
  }
  for (const std::string& target : targets) {
    std::getline(answers, line);
    const std::string got = Answer(db, target);
    if (got != line) {
      std::printf("GET %s\nexpected %s\ngot      %s\n", target.c_str(),
                  line.c_str(), got.c_str());
      return 1;
    }
  }
  gwdb_close(db);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--replay") {
    return Replay(argv[2], argv[3]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) g_cli_path = argv[1];
  if (argc > 2) g_audit_path = argv[2];
  g_self_path = std::filesystem::read_symlink("/proc/self/exe");
  return RUN_ALL_TESTS();
}
