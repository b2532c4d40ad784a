// The checks of a process that depend on this host, made before anything of the container (or
// of an `exec`) exists, so a config the host cannot honour fails `create` with one clear line
// instead of half-way through the init; and the warnings for what is ignored as runc ignores it.
#pragma once

#include <string>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::container {

// - rlimits: a hard limit above the runtime's own needs CAP_SYS_RESOURCE (of the initial user
//   namespace), which the runtime may lack (a shim without it, a rootless run): refused, naming
//   the limit, its value and the runtime's own.
// - apparmorProfile / selinuxLabel on a host without AppArmor / SELinux: refused. Ignoring them
//   would run the process unconfined while the caller believes it confined.
// `base` is the field path prefix ("process" for config.json, "" for a process.json).
Result<void> check_process_on_host(const spec::Process& p, const std::string& base);

// Logs one warning (log::warn: the log file, never stderr) per ignored setting.
void warn_ignored(const spec::Config& c);
void warn_ignored(const spec::Process& p);

}  // namespace rampart::container
