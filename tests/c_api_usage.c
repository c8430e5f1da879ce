/*
 * Uses the public header the way a C11 program would: opens a store in a
 * fresh temporary directory, creates a setup token, registers a gateway,
 * lists gateways, reads headers and frees everything. Prints each failed
 * check on stderr and exits 1 if any failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <gatewaydb/gatewaydb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

static void check(int condition, const char *description) {
  if (!condition) {
    fprintf(stderr, "c_api_usage: check failed: %s\n", description);
    failures++;
  }
}

static int contains(const char *text, size_t length, const char *needle) {
  size_t needle_length = strlen(needle);
  size_t i;
  if (needle_length > length) {
    return 0;
  }
  for (i = 0; i + needle_length <= length; i++) {
    if (memcmp(text + i, needle, needle_length) == 0) {
      return 1;
    }
  }
  return 0;
}

static int text_equals(const char *text, const char *expected) {
  return text != NULL && strcmp(text, expected) == 0;
}

static void remove_store(const char *directory) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/store/data.mdb", directory);
  unlink(path);
  snprintf(path, sizeof(path), "%s/store/lock.mdb", directory);
  unlink(path);
  snprintf(path, sizeof(path), "%s/store", directory);
  rmdir(path);
  rmdir(directory);
}

static void use_store(gwdb_db *db) {
  gwdb_token_spec spec;
  gwdb_label labels[2];
  gwdb_registration registration;
  gwdb_list_query query;
  gwdb_response *token = NULL;
  gwdb_response *gateway = NULL;
  gwdb_response *list = NULL;
  gwdb_response *missing = NULL;
  const char *name = NULL;
  const char *value = NULL;
  const char *body;
  size_t length = 0;
  int code;

  labels[0].key = "env";
  labels[0].value = "dev";
  labels[1].key = "region";
  labels[1].value = "us-west-2";
  gwdb_token_spec_init(&spec);
  spec.description = "made by the C usage test";
  spec.labels = labels;
  spec.label_count = 2;
  code = gwdb_token_create(db, "c-team", &spec, &token);
  check(code == GWDB_OK, "gwdb_token_create returns GWDB_OK");
  check(token != NULL, "gwdb_token_create stores a response");
  if (token == NULL) {
    return;
  }
  check(gwdb_response_http_status(token) == 201, "token create is 201");
  if (gwdb_response_token_value(token) == NULL) {
    check(0, "token value present");
    goto done;
  }
  check(strncmp(gwdb_response_token_value(token), "gwst_", 5) == 0,
        "token value starts with gwst_");
  body = gwdb_response_body(token, &length);
  check(length > 0 && body[length] == '\0', "body is NUL-terminated");
  check(contains(body, length, "\"registration_type\":\"gateway-agent\""),
        "token body has registration_type");
  check(!contains(body, length, gwdb_response_token_value(token)),
        "token body does not contain the secret value");
  check(text_equals(gwdb_response_header_value(token, "content-type"),
                    "application/json"),
        "Content-Type is application/json");

  gwdb_registration_init(&registration);
  registration.token = gwdb_response_token_value(token);
  registration.name = "c-gateway";
  registration.access_address = "10.0.0.1";
  code = gwdb_gateway_register(db, &registration, &gateway);
  check(code == GWDB_OK, "gwdb_gateway_register returns GWDB_OK");
  if (gateway == NULL) {
    check(0, "gwdb_gateway_register stores a response");
    goto done;
  }
  check(gwdb_response_http_status(gateway) == 201, "register is 201");
  body = gwdb_response_body(gateway, &length);
  check(contains(body, length, "\"labels\":{\"env\":\"dev\""),
        "gateway has the token's labels");
  check(contains(body, length, "\"status\":\"ACTIVE\""),
        "gateway status is ACTIVE");

  gwdb_list_query_init(&query);
  query.count = 1;
  code = gwdb_gateway_list(db, "c-team", &query, &list);
  check(code == GWDB_OK, "gwdb_gateway_list returns GWDB_OK");
  if (list == NULL) {
    check(0, "gwdb_gateway_list stores a response");
    goto done;
  }
  check(gwdb_response_http_status(list) == 200, "list is 200");
  check(gwdb_response_item_count(list) == 1, "list has one item");
  check(gwdb_response_next_offset(list) == NULL, "no next page");
  check(gwdb_response_prev_offset(list) == NULL, "no previous page");
  check(gwdb_response_header_count(list) == 1, "list has one header");
  code = gwdb_response_header(list, 0, &name, &value);
  check(code == GWDB_OK, "gwdb_response_header returns GWDB_OK");
  check(text_equals(name, "Content-Type"), "header 0 is Content-Type");
  check(text_equals(value, "application/json"),
        "header 0 value is application/json");
  check(gwdb_response_header(list, 1, &name, &value) == GWDB_INVALID_ARGUMENT,
        "header index out of range is GWDB_INVALID_ARGUMENT");
  check(gwdb_response_header_value(list, "Link") == NULL, "no Link header");

  code = gwdb_request(db, "GET", "/v1/teams/c-team/gateways/nope", NULL, 0,
                      &missing);
  check(code == GWDB_INVALID_REQUEST, "malformed id is GWDB_INVALID_REQUEST");
  if (missing == NULL) {
    check(0, "gwdb_request stores a response");
    goto done;
  }
  check(gwdb_response_http_status(missing) == 400, "malformed id is 400");
  check(strlen(gwdb_response_message(missing)) > 0, "error has a message");
  check(text_equals(gwdb_code_name(gwdb_response_code(missing)),
                    "invalid_request"),
        "code name is invalid_request");

done:
  gwdb_response_free(missing);
  gwdb_response_free(list);
  gwdb_response_free(gateway);
  gwdb_response_free(token);
}

int main(void) {
  char directory[] = "/tmp/gwdb-c-usage-XXXXXX";
  char store_path[4096];
  char version_text[32];
  gwdb_options options;
  gwdb_db *db = NULL;
  char *error = NULL;
  int code;

  if (mkdtemp(directory) == NULL) {
    perror("c_api_usage: mkdtemp");
    return 1;
  }
  snprintf(store_path, sizeof(store_path), "%s/store", directory);
  check(gwdb_version_number() == GWDB_VERSION_NUMBER,
        "runtime version matches the header");
  snprintf(version_text, sizeof(version_text), "%d.%d.%d",
           GWDB_VERSION_MAJOR, GWDB_VERSION_MINOR, GWDB_VERSION_PATCH);
  check(text_equals(gwdb_version(), version_text),
        "version text matches the header's version macros");

  gwdb_options_init(&options);
  check(options.struct_size == sizeof(options), "options struct_size set");
  code = gwdb_open(store_path, &options, &db, &error);
  check(code == GWDB_OK, "gwdb_open returns GWDB_OK");
  if (code != GWDB_OK) {
    fprintf(stderr, "c_api_usage: %s\n", error != NULL ? error : "");
    gwdb_string_free(error);
    remove_store(directory);
    return 1;
  }
  use_store(db);
  gwdb_close(db);
  remove_store(directory);

  if (failures != 0) {
    fprintf(stderr, "c_api_usage: %d checks failed\n", failures);
    return 1;
  }
  printf("c_api_usage: all checks passed\n");
  return 0;
}
