// spec, features.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "spec/capabilities.h"
#include "spec/defaults.h"

namespace rampart::cli {

void add_spec(CLI::App& app, Globals&, Action& action) {
  auto* bundle = new std::string(".");
  auto* rootless = new bool(false);
  auto* c = app.add_subcommand("spec", "write a default config.json into the bundle");
  c->add_option("-b,--bundle", *bundle, "bundle directory")->capture_default_str();
  c->add_flag("--rootless", *rootless, "a config for a rootless container");
  c->callback([&action, bundle, rootless] {
    action = [bundle, rootless] {
      std::string path = *bundle + "/config.json";
      std::string text = spec::default_config_json(*rootless, ::getuid(), ::getgid());
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (fd < 0 && errno == EEXIST) return report("spec", "File " + path + " exists. Remove it first");
      if (fd < 0) return report("spec", path + ": " + strerror(errno));
      bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      ::close(fd);
      return ok ? 0 : report("spec", path + ": " + strerror(errno));
    };
  });
}

void add_features(CLI::App& app, Globals&, Action& action) {
  auto* c = app.add_subcommand("features", "print what this runtime implements (runtime-spec features.md)");
  c->callback([&action] {
    action = [] {
      using nlohmann::ordered_json;
      ordered_json f;
      f["ociVersionMin"] = "1.0.0";
      f["ociVersionMax"] = "1.2.0";
      f["hooks"] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
      f["mountOptions"] = {"async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec",
                           "lazytime", "mand", "noatime", "nodev", "nodiratime", "noexec", "nolazytime",
                           "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private",
                           "rbind", "relatime", "remount", "ro", "rprivate", "rshared", "rslave",
                           "runbindable", "rw", "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev",
                           "rnoexec", "rexec", "shared", "slave", "strictatime", "suid", "symfollow",
                           "sync", "unbindable"};
      f["annotations"] = ordered_json::object();
      f["potentiallyUnsafeConfigAnnotations"] = ordered_json::array();
      ordered_json l;
      l["namespaces"] = {"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"};
      l["capabilities"] = spec::all_capability_names();
      l["cgroup"] = {{"v1", true}, {"v2", true}, {"systemd", false}, {"systemdUser", false}, {"rdma", false}};
      l["seccomp"] = {{"enabled", true},
                      {"actions", {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                                   "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"}},
                      {"operators", {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                                     "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"}},
                      {"archs", {"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"}},
                      {"knownFlags", ordered_json::array()},
                      {"supportedFlags", ordered_json::array()}};
      l["apparmor"] = {{"enabled", false}};
      l["selinux"] = {{"enabled", false}};
      l["intelRdt"] = {{"enabled", false}};
      l["mountExtensions"] = {{"idmap", {{"enabled", false}}}};
      f["linux"] = l;
      printf("%s\n", f.dump(4).c_str());
      return 0;
    };
  });
}

}  // namespace rampart::cli
