#include "container/discover.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "container/bundle.h"
#include "container/state.h"
#include "util/unique_fd.h"

namespace rampart::container {
namespace {

using nlohmann::json;

Result<json> parse_object(std::string_view text, const char* what) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(what, "not a JSON object");
  return j;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

uint64_t num(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_unsigned() || it->is_number_integer()) return it->get<uint64_t>();
  if (it->is_string()) {  // some runtimes write numbers as strings
    uint64_t v = 0;
    auto s = it->get<std::string>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && end == s.data() + s.size() ? v : 0;
  }
  return 0;
}

bool exists_at(int dirfd, const char* name) {
  struct stat st {};
  return ::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

Result<std::string> read_at(int dirfd, const std::string& dir, const char* name) {
  UniqueFd fd(::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("read", dir + "/" + name);
  std::string text;
  char buf[16384];
  ssize_t n;
  while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  if (n < 0) return sys_error("read", dir + "/" + name);
  return text;
}

int64_t mtime_at(int dirfd, const char* name) {
  struct stat st {};
  return ::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? static_cast<int64_t>(st.st_mtime) : 0;
}

// One entry of a state root.
std::optional<Discovered> read_entry(const std::string& root, const std::string& name) {
  std::string dir = root + "/" + name;
  UniqueFd fd(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::nullopt;
  Discovered d;
  bool found = true;
  Result<Discovered> parsed = fail("", "");
  if (exists_at(fd.get(), "state.json")) {
    auto text = read_at(fd.get(), dir, "state.json");
    if (!text) {
      parsed = std::unexpected(text.error());
    } else {
      auto j = json::parse(*text, nullptr, false);
      parsed = !j.is_discarded() && j.is_object() && j.contains("init_process_pid") ? parse_runc_state(*text)
                                                                                    : parse_rampart_state(*text);
    }
  } else if (exists_at(fd.get(), "status")) {
    auto text = read_at(fd.get(), dir, "status");
    parsed = text ? parse_crun_status(*text) : Result<Discovered>(std::unexpected(text.error()));
  } else {
    // A bundle directory: config.json and the init's pid file, here or in userdata/.
    found = false;
    for (const char* sub : {"", "userdata/"}) {
      for (const char* pidfile : {"init.pid", "pidfile"}) {
        std::string cfg = std::string(sub) + "config.json", pf = std::string(sub) + pidfile;
        if (!exists_at(fd.get(), cfg.c_str()) || !exists_at(fd.get(), pf.c_str())) continue;
        found = true;
        Discovered b;
        b.runtime = "bundle";
        b.bundle = dir + (*sub ? "/userdata" : "");
        b.config_path = dir + "/" + cfg;
        b.pid_file_mtime = mtime_at(fd.get(), pf.c_str());
        auto text = read_at(fd.get(), dir, pf.c_str());
        auto pid = text ? parse_pid_file(*text) : Result<pid_t>(std::unexpected(text.error()));
        if (pid) b.pid = *pid;
        else b.error = pid.error().within(dir + "/" + pf).message();
        parsed = b;
        break;
      }
      if (found) break;
    }
  }
  if (!found) return std::nullopt;
  if (parsed) {
    d = std::move(*parsed);
  } else {
    d.error = parsed.error().message();
  }
  d.id = name;
  d.root = root;
  if (d.config_path.empty()) {
    // rampart and crun keep the config as it was at create; runc and youki only the bundle.
    d.config_path = exists_at(fd.get(), "config.json") ? dir + "/config.json"
                                                       : (d.bundle.empty() ? "" : d.bundle + "/config.json");
  }
  d.created = exists_at(fd.get(), "exec.fifo");
  return d;
}

}  // namespace

Result<Discovered> parse_runc_state(std::string_view text) {
  json j = TRY(parse_object(text, "runc state"));
  Discovered d;
  d.runtime = "runc";
  d.pid = static_cast<pid_t>(num(j, "init_process_pid"));
  d.start_time = num(j, "init_process_start");
  if (auto c = j.find("config"); c != j.end() && c->is_object()) {
    d.rootfs = str(*c, "rootfs");
    if (auto labels = c->find("labels"); labels != c->end() && labels->is_array())
      for (const auto& l : *labels)
        if (l.is_string() && l.get<std::string>().starts_with("bundle=")) d.bundle = l.get<std::string>().substr(7);
  }
  if (auto cg = j.find("cgroup_paths"); cg != j.end() && cg->is_object())
    for (auto it = cg->begin(); it != cg->end(); ++it)
      if (it.value().is_string()) d.cgroup_dirs[it.key()] = it.value().get<std::string>();
  if (d.pid <= 0) return fail("runc state", "no init_process_pid");
  return d;
}

Result<Discovered> parse_rampart_state(std::string_view text) {
  json j = TRY(parse_object(text, "state"));
  Discovered d;
  d.runtime = j.contains("pid_start_time") ? "rampart" : "youki";
  d.pid = static_cast<pid_t>(num(j, "pid"));
  d.start_time = num(j, "pid_start_time");
  d.bundle = str(j, "bundle");
  d.rootfs = str(j, "rootfs");
  if (j.contains("cgroup")) {
    auto st = state_from_json(text);
    if (st) {
      const auto& p = st->cgroup_paths;
      if (!p.unified.empty()) d.cgroup_dirs[""] = p.unified;
      for (const auto& [name, dir] : p.controllers) d.cgroup_dirs[name] = dir;
    }
  }
  if (d.pid <= 0 && str(j, "status") != "stopped") return fail("state", "no pid");
  return d;
}

Result<Discovered> parse_crun_status(std::string_view text) {
  json j = TRY(parse_object(text, "crun status"));
  Discovered d;
  d.runtime = "crun";
  d.pid = static_cast<pid_t>(num(j, "pid"));
  d.start_time = num(j, "process-start-time");
  d.bundle = str(j, "bundle");
  d.rootfs = str(j, "rootfs");
  d.cgroup_everywhere = str(j, "cgroup-path");
  if (d.pid <= 0) return fail("crun status", "no pid");
  return d;
}

Result<pid_t> parse_pid_file(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v <= 0)
    return fail("pid file", "not a pid: \"" + std::string(text.substr(0, 32)) + "\"");
  return static_cast<pid_t>(v);
}

std::vector<Discovered> discover(const std::string& root) {
  std::vector<Discovered> out;
  DIR* d = ::opendir(root.c_str());
  if (!d) return out;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == ".." || n.front() == '.') continue;
    names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& n : names)
    if (auto entry = read_entry(root, n)) out.push_back(std::move(*entry));
  return out;
}

}  // namespace rampart::container
