#include "cli/commands.h"
#include "container/id.h"
#include "util/log.h"

namespace rampart::cli {

int report(std::string_view command, std::string_view id, const Error& e, int code) {
  std::string context = command.empty() ? "" : std::string(command);
  // An id that is not one (too long, control bytes) is shown quoted and shortened.
  if (!id.empty())
    context += " " + (container::validate_container_id(id) ? std::string(id) : container::shown_container_id(id));
  Error err = e;
  // One style, no doubled prefixes: an operation that only repeats the command goes.
  if (!command.empty()) {
    std::string prefix = std::string(command) + ": ";
    if (err.op == command) err.op.clear();
    else if (err.op.starts_with(prefix)) err.op.erase(0, prefix.size());
  }
  std::string msg = err.message();
  if (!context.empty()) msg = context + ": " + msg;
  if (e.kind == ErrorKind::Usage)
    msg += command.empty() ? " (see rampart --help)" : " (see rampart " + std::string(command) + " --help)";
  log::error(msg);
  return code;
}

}  // namespace rampart::cli
