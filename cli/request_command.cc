#include "request_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "exit_codes.h"
#include "http_output.h"
#include "store.h"

namespace gwdb_cli {
namespace {

// Reads a whole file in binary mode. Returns std::nullopt and fills `error`
// when the file cannot be read.
std::optional<std::string> ReadFile(const std::string& path,
                                    std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "failed to read body file '" + path + "': " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) {
    error = "failed to read body file '" + path + "': read error";
    return std::nullopt;
  }
  return contents.str();
}

std::optional<std::string> ReadStandardInput(std::string& error) {
  std::string contents{std::istreambuf_iterator<char>(std::cin),
                       std::istreambuf_iterator<char>()};
  if (std::cin.bad()) {
    error = "failed to read the body from standard input";
    return std::nullopt;
  }
  return contents;
}

// Turns the BODY argument into the request body: "@FILE" reads FILE, "-"
// reads standard input, and anything else is the body itself.
std::optional<std::string> ResolveBody(const std::string& argument,
                                       std::string& error) {
  if (argument == "-") {
    return ReadStandardInput(error);
  }
  if (!argument.empty() && argument[0] == '@') {
    return ReadFile(argument.substr(1), error);
  }
  return argument;
}

}  // namespace

CLI::App* AddRequestCommand(CLI::App& parent, RequestArguments& arguments) {
  CLI::App* command = parent.add_subcommand(
      "request",
      "Serve one Gateways API request and print the response as HTTP/1.1: "
      "the status line, one header per line, an empty line, then the JSON "
      "body. Exits 0 whenever a response was produced, whatever its status.");
  command
      ->add_option("METHOD", arguments.method,
                   "HTTP method: GET, POST, PUT or DELETE (case-sensitive)")
      ->required();
  command
      ->add_option("TARGET", arguments.target,
                   "Request path with an optional percent-encoded query, "
                   "such as /v1/teams/acme/gateways?count=10")
      ->required();
  command->add_option(
      "BODY", arguments.body,
      "Request body: inline JSON, @FILE to read the file FILE, or - to read "
      "standard input. Omit it for no body.");
  return command;
}

int RunRequestCommand(const std::string& store_path,
                      const RequestArguments& arguments) {
  std::string error;
  std::optional<std::string> body = ResolveBody(arguments.body, error);
  if (!body.has_value()) {
    std::fprintf(stderr, "gatewaydb: %s\n", error.c_str());
    return kExitUsage;
  }

  DbHandle db = OpenStore(store_path);
  if (!db) {
    return kExitFailure;
  }

  Response response =
      SendRequest(db.get(), arguments.method, arguments.target, *body);
  if (!response) {
    std::fprintf(stderr, "gatewaydb: the library returned no response\n");
    return kExitFailure;
  }
  std::string text = FormatResponse(response.get());
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitSuccess;
}

}  // namespace gwdb_cli
