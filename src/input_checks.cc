#include "input_checks.h"

#include "validation.h"

namespace gwdb {

void CheckTokenSpec(const TokenSpec& spec, absl::string_view labels_path,
                    FieldErrors& errors) {
  if (spec.description) {
    CheckDescription("description", *spec.description, errors);
  }
  CheckLabels(labels_path, spec.labels, errors);
}

void CheckRegistration(const RegistrationInput& registration,
                       FieldErrors& errors) {
  CheckName("name", registration.name, errors);
  if (registration.description) {
    CheckDescription("description", *registration.description, errors);
  }
  if (registration.access_address) {
    CheckAddress("access_address", *registration.access_address, errors);
  }
  if (registration.default_address) {
    CheckAddress("default_address", *registration.default_address, errors);
  }
  if (registration.cloud_provider) {
    CheckAddress("cloud_provider", *registration.cloud_provider, errors);
  }
}

void CheckGatewayUpdate(const GatewayUpdateInput& update,
                        FieldErrors& errors) {
  CheckName("name", update.name, errors);
  CheckLabels("labels", update.labels, errors);
  if (update.description && *update.description) {
    CheckDescription("description", **update.description, errors);
  }
}

}  // namespace gwdb
