#include "response.h"

#include <nlohmann/json.hpp>

#include "errors.h"

namespace gwdb {

Response::~Response() {
  volatile char* secret = token_value.data();
  for (size_t i = 0; i < token_value.size(); ++i) secret[i] = '\0';
}

const std::string& Response::Body() {
  if (render_body && !json_ready_) {
    body = render_body(BodyFormat::kJson);
    json_ready_ = true;
  }
  return body;
}

const std::string& Response::MsgpackBody() {
  if (msgpack_ready_) return msgpack_body_;
  if (render_body) {
    msgpack_body_ = render_body(BodyFormat::kMsgpack);
  } else if (!body.empty()) {
    // Every body without a renderer is JSON that this library wrote, so
    // parse() throws only on a library bug. ordered_json keeps key order.
    nlohmann::ordered_json::to_msgpack(nlohmann::ordered_json::parse(body),
                                       msgpack_body_);
  }
  msgpack_ready_ = true;
  return msgpack_body_;
}

Response ErrorResponse(const absl::Status& status) {
  Response response;
  response.code = GwdbCodeOf(status);
  response.http_status = HttpStatusOf(response.code);
  // Messages may quote bytes of the request; the replace handler turns any
  // invalid UTF-8 into U+FFFD so that the accessor and the body agree.
  const std::string quoted =
      nlohmann::json(std::string(status.message()))
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.message = nlohmann::json::parse(quoted).get<std::string>();

  nlohmann::ordered_json body;
  const int api_code = response.code == 8 ? 7 : response.code;
  body["code"] = ApiCodeName(api_code);
  body["message"] = response.message;
  const FieldErrors fields = FieldErrorsOf(status);
  if (!fields.empty()) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const FieldError& field : fields) {
      errors.push_back({{"path", field.path}, {"message", field.message}});
    }
    body["errors"] = std::move(errors);
  }
  response.body =
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Content-Type", "application/json");
  return response;
}

Response JsonResponse(int http_status, std::string body) {
  Response response;
  response.http_status = http_status;
  response.body = std::move(body);
  if (!response.body.empty()) {
    response.headers.emplace_back("Content-Type", "application/json");
  }
  return response;
}

}  // namespace gwdb
