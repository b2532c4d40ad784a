#include "container/contract_errors.h"

namespace rampart::container {

std::unexpected<Error> does_not_exist(const std::string& id) {
  return fail_as(ErrorKind::NotFound, "", std::string(kTextDoesNotExist) + ": " + id);
}

std::unexpected<Error> not_running(std::string_view status) {
  std::string text(kTextNotRunning);
  if (!status.empty()) text += ": " + std::string(status);
  return fail_as(ErrorKind::Refused, "", text);
}

std::unexpected<Error> already_running() { return fail_as(ErrorKind::Refused, "", std::string(kTextAlreadyRunning)); }

std::unexpected<Error> not_stopped(const std::string& id, std::string_view status) {
  return fail_as(ErrorKind::Refused, "", "cannot delete container " + id + " that is not stopped: " + std::string(status));
}

}  // namespace rampart::container
