// Whole-input validation for each write operation, shared by the HTTP body
// decoder and the typed C calls.
#ifndef GATEWAYDB_SRC_INPUT_CHECKS_H_
#define GATEWAYDB_SRC_INPUT_CHECKS_H_

#include "errors.h"
#include "record_types.h"

namespace gwdb {

// `labels_path` is where the labels came from ("labels" or
// "details.labels").
void CheckTokenSpec(const TokenSpec& spec, absl::string_view labels_path,
                    FieldErrors& errors);
void CheckRegistration(const RegistrationInput& registration,
                       FieldErrors& errors);
void CheckGatewayUpdate(const GatewayUpdateInput& update, FieldErrors& errors);

}  // namespace gwdb

#endif  // GATEWAYDB_SRC_INPUT_CHECKS_H_
