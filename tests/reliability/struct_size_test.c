/* Struct sizes across versions: a caller built against another header
 * passes structs whose struct_size differs from this library's. The header
 * promises GWDB_INVALID_ARGUMENT for any size the library does not know,
 * with nothing done, and success for the current size. Each smaller struct
 * is allocated at exactly its size, so that a library reading past it is
 * caught under AddressSanitizer. */
#define _POSIX_C_SOURCE 200809L
#include <gatewaydb/gatewaydb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures = 0;

#define EXPECT_CODE(call, expected)                                      \
  do {                                                                   \
    int code_ = (call);                                                  \
    if (code_ != (expected)) {                                           \
      fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__,  \
              __LINE__, #call, gwdb_code_name(code_),                    \
              gwdb_code_name(expected));                                 \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

/* A copy of `size` bytes of `source` in a buffer of exactly `size` bytes,
 * with struct_size set to `size`. Bytes beyond source_size are 0xA5: a
 * newer caller's fields that it set to something, which this library
 * cannot honour and so must not silently ignore. */
static void *ResizedCopy(const void *source, size_t source_size,
                         size_t size) {
  unsigned char *copy = malloc(size > 0 ? size : 1);
  size_t declared = size;
  memset(copy, 0xA5, size);
  memcpy(copy, source, size < source_size ? size : source_size);
  if (size >= sizeof(size_t)) memcpy(copy, &declared, sizeof declared);
  return copy;
}

/* Sizes to try for a struct of `current` bytes whose last field starts at
 * `last_field`: a size_t alone, an older layout without the last field,
 * one byte short, and a newer layout with 16 more bytes set to non-zero
 * values. The header rejects every size it does not know. */
static size_t OtherSizes(size_t current, size_t last_field, size_t *sizes) {
  sizes[0] = sizeof(size_t);
  sizes[1] = last_field;
  sizes[2] = current - 1;
  sizes[3] = current + 16;
  return 4;
}

static void CheckResponse(gwdb_response *response, int expected) {
  if (response == NULL) {
    fprintf(stderr, "no response stored\n");
    ++failures;
    return;
  }
  if (gwdb_response_code(response) != expected) {
    fprintf(stderr, "response code %d, expected %d\n",
            gwdb_response_code(response), expected);
    ++failures;
  }
  gwdb_response_free(response);
}

static void TestOptions(const char *directory) {
  gwdb_options current;
  size_t sizes[4];
  size_t count;
  size_t i;
  gwdb_db *db = NULL;
  char *error = NULL;
  char path[512];

  gwdb_options_init(&current);
  count = OtherSizes(sizeof current, offsetof(gwdb_options, no_sync), sizes);
  for (i = 0; i < count; ++i) {
    gwdb_options *resized = ResizedCopy(&current, sizeof current, sizes[i]);
    int code;
    snprintf(path, sizeof path, "%s/options-%zu", directory, sizes[i]);
    db = (gwdb_db *)1;
    code = gwdb_open(path, resized, &db, &error);
    EXPECT_CODE(code, GWDB_INVALID_ARGUMENT);
    if (code == GWDB_OK) {
      /* The open succeeded after all: close it, or it would leak. */
      gwdb_close(db);
    } else if (db != NULL) {
      fprintf(stderr, "db_out not cleared for struct_size %zu\n", sizes[i]);
      ++failures;
    }
    if (error == NULL || strstr(error, "struct_size") == NULL) {
      fprintf(stderr, "open error for struct_size %zu does not name "
              "struct_size: %s\n", sizes[i], error ? error : "(none)");
      ++failures;
    }
    if (access(path, F_OK) == 0) {
      fprintf(stderr, "a rejected open created %s\n", path);
      ++failures;
    }
    gwdb_string_free(error);
    error = NULL;
    free(resized);
  }
  snprintf(path, sizeof path, "%s/options-current", directory);
  EXPECT_CODE(gwdb_open(path, &current, &db, &error), GWDB_OK);
  gwdb_close(db);
}

static void TestCalls(gwdb_db *db) {
  size_t sizes[4];
  size_t count;
  size_t i;
  gwdb_response *response;

  gwdb_list_query query;
  gwdb_token_spec spec;
  gwdb_registration registration;
  gwdb_gateway_changes changes;
  gwdb_status_report report;
  gwdb_store_stats stats;

  gwdb_list_query_init(&query);
  count = OtherSizes(sizeof query, offsetof(gwdb_list_query, status), sizes);
  for (i = 0; i < count; ++i) {
    void *resized = ResizedCopy(&query, sizeof query, sizes[i]);
    response = NULL;
    EXPECT_CODE(gwdb_gateway_list(db, "t", resized, &response),
                GWDB_INVALID_ARGUMENT);
    CheckResponse(response, GWDB_INVALID_ARGUMENT);
    response = NULL;
    EXPECT_CODE(gwdb_token_list(db, "t", resized, &response),
                GWDB_INVALID_ARGUMENT);
    CheckResponse(response, GWDB_INVALID_ARGUMENT);
    free(resized);
  }
  response = NULL;
  EXPECT_CODE(gwdb_gateway_list(db, "t", &query, &response), GWDB_OK);
  gwdb_response_free(response);

  gwdb_token_spec_init(&spec);
  count = OtherSizes(sizeof spec, offsetof(gwdb_token_spec, label_count),
                     sizes);
  for (i = 0; i < count; ++i) {
    void *resized = ResizedCopy(&spec, sizeof spec, sizes[i]);
    response = NULL;
    EXPECT_CODE(gwdb_token_create(db, "t", resized, &response),
                GWDB_INVALID_ARGUMENT);
    CheckResponse(response, GWDB_INVALID_ARGUMENT);
    free(resized);
  }
  response = NULL;
  EXPECT_CODE(gwdb_token_create(db, "t", &spec, &response), GWDB_OK);
  gwdb_registration_init(&registration);
  registration.token = gwdb_response_token_value(response);
  registration.name = "gw";
  count = OtherSizes(sizeof registration,
                     offsetof(gwdb_registration, cloud_provider), sizes);
  for (i = 0; i < count; ++i) {
    void *resized = ResizedCopy(&registration, sizeof registration, sizes[i]);
    gwdb_response *registered = NULL;
    EXPECT_CODE(gwdb_gateway_register(db, resized, &registered),
                GWDB_INVALID_ARGUMENT);
    CheckResponse(registered, GWDB_INVALID_ARGUMENT);
    free(resized);
  }
  {
    gwdb_response *registered = NULL;
    char id[64] = "";
    size_t length = 0;
    const char *body;
    const char *start;
    EXPECT_CODE(gwdb_gateway_register(db, &registration, &registered),
                GWDB_OK);
    body = gwdb_response_body(registered, &length);
    start = body ? strstr(body, "\"id\":\"") : NULL;
    if (start != NULL) {
      memcpy(id, start + 6, 36);
      id[36] = '\0';
    }
    gwdb_response_free(registered);
    gwdb_response_free(response);

    gwdb_gateway_changes_init(&changes);
    changes.name = "renamed";
    count = OtherSizes(sizeof changes,
                       offsetof(gwdb_gateway_changes, refuse_connections),
                       sizes);
    for (i = 0; i < count; ++i) {
      void *resized = ResizedCopy(&changes, sizeof changes, sizes[i]);
      response = NULL;
      EXPECT_CODE(gwdb_gateway_update(db, "t", id, resized, &response),
                  GWDB_INVALID_ARGUMENT);
      CheckResponse(response, GWDB_INVALID_ARGUMENT);
      free(resized);
    }
    response = NULL;
    EXPECT_CODE(gwdb_gateway_update(db, "t", id, &changes, &response),
                GWDB_OK);
    gwdb_response_free(response);

    gwdb_status_report_init(&report);
    count = OtherSizes(sizeof report,
                       offsetof(gwdb_status_report, used_storage_bytes),
                       sizes);
    for (i = 0; i < count; ++i) {
      void *resized = ResizedCopy(&report, sizeof report, sizes[i]);
      response = NULL;
      EXPECT_CODE(gwdb_gateway_report_status(db, "t", id, resized, &response),
                  GWDB_INVALID_ARGUMENT);
      CheckResponse(response, GWDB_INVALID_ARGUMENT);
      free(resized);
    }
    response = NULL;
    EXPECT_CODE(gwdb_gateway_report_status(db, "t", id, &report, &response),
                GWDB_OK);
    gwdb_response_free(response);
  }

  memset(&stats, 0, sizeof stats);
  stats.struct_size = sizeof stats;
  /* Output struct: only smaller sizes, because a larger one would merely
   * leave the newer caller's extra fields unwritten. */
  count = OtherSizes(sizeof stats,
                     offsetof(gwdb_store_stats, format_version), sizes) - 1;
  for (i = 0; i < count; ++i) {
    gwdb_store_stats *resized = ResizedCopy(&stats, sizeof stats, sizes[i]);
    char *error = NULL;
    EXPECT_CODE(gwdb_stats(db, resized, NULL, NULL, &error),
                GWDB_INVALID_ARGUMENT);
    gwdb_string_free(error);
    free(resized);
  }
  EXPECT_CODE(gwdb_stats(db, &stats, NULL, NULL, NULL), GWDB_OK);
  if (stats.gateways != 1 || stats.setup_tokens != 1) {
    fprintf(stderr, "rejected calls changed the store: %llu gateways, %llu "
            "tokens\n", (unsigned long long)stats.gateways,
            (unsigned long long)stats.setup_tokens);
    ++failures;
  }
}

int main(void) {
  char directory[] = "/tmp/gwdb-struct-size-XXXXXX";
  char path[600];
  gwdb_db *db = NULL;
  gwdb_options options;

  if (mkdtemp(directory) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  TestOptions(directory);

  gwdb_options_init(&options);
  snprintf(path, sizeof path, "%s/calls", directory);
  if (gwdb_open(path, &options, &db, NULL) != GWDB_OK) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  TestCalls(db);
  gwdb_close(db);

  snprintf(path, sizeof path, "rm -rf '%s'", directory);
  if (system(path) != 0) fprintf(stderr, "cannot remove %s\n", directory);
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("struct sizes: all checks passed\n");
  return 0;
}
