// spec, features.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "container/features.h"
#include "spec/defaults.h"

namespace rampart::cli {

int spec_main(const Globals&, Words w) {
  SpecArgs a;
  if (auto done = parse_or_exit(*find_command("spec"), parse_spec(w), a)) return *done;
  std::string path = a.bundle + "/config.json";
  std::string text = spec::default_config_json(a.rootless, ::getuid(), ::getgid());
  // O_EXCL|O_NOFOLLOW: never overwrite, and never write through a planted symlink.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST)
    return report("spec", "", Error{"write", path, 0, "the file exists: remove it first", ErrorKind::Refused});
  if (fd < 0) return report("spec", "", sys_error("write", path).error());
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int err = errno;
  ::close(fd);
  return ok ? 0 : report("spec", "", sys_error("write", path, err).error());
}

int features_main(const Globals&, Words w) {
  NoArgs a;
  if (auto done = parse_or_exit(*find_command("features"), parse_no_args("features", w), a)) return *done;
  fputs(container::features_json().c_str(), stdout);
  return 0;
}

}  // namespace rampart::cli
