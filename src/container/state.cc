#include "container/state.h"
#include "spec/version.h"

#include <fcntl.h>
#include <unistd.h>

#include <limits>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace rampart::container {
namespace {
using nlohmann::json;

json hooks_json(const std::vector<spec::Hook>& hooks) {
  json a = json::array();
  for (const auto& h : hooks) {
    json o = {{"path", h.path}, {"args", h.args}, {"env", h.env}};
    if (h.timeout) o["timeout"] = *h.timeout;
    a.push_back(o);
  }
  return a;
}

// An integer field of a state file that may be damaged: anything but an integer in T's range is
// an error (nlohmann's get<T>() would convert 1e300 or -1 silently, the first being undefined
// behaviour; found by fuzz/state.cc).
template <class T>
T int_at(const json& j, const char* key, std::optional<T> fallback = std::nullopt) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (fallback) return *fallback;
    throw std::runtime_error(std::string("\"") + key + "\" missing");
  }
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<T>::max());
  constexpr auto kMin = static_cast<int64_t>(std::numeric_limits<T>::min());
  if (it->is_number_unsigned() && it->template get<uint64_t>() <= kMax) return static_cast<T>(it->template get<uint64_t>());
  if (it->is_number_integer() && !it->is_number_unsigned()) {
    const int64_t v = it->template get<int64_t>();
    if (v >= kMin && (v < 0 || static_cast<uint64_t>(v) <= kMax)) return static_cast<T>(v);
  }
  throw std::runtime_error(std::string("\"") + key + "\" is not an integer in range: " + it->dump().substr(0, 64));
}

std::vector<spec::Hook> hooks_from(const json& a) {
  std::vector<spec::Hook> out;
  if (!a.is_array()) return out;
  for (const auto& o : a) {
    spec::Hook h;
    h.path = o.value("path", "");
    h.args = o.value("args", std::vector<std::string>{});
    h.env = o.value("env", std::vector<std::string>{});
    if (o.contains("timeout")) h.timeout = int_at<int>(o, "timeout");
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::Creating: return "creating";
    case Status::Created: return "created";
    case Status::Running: return "running";
    case Status::Paused: return "paused";
    case Status::Stopped: return "stopped";
    case Status::Unknown: return "unknown";
  }
  return "unknown";
}

std::string to_json(const State& s) {
  json j = {{"id", s.id},
            {"pid", s.pid},
            {"pid_start_time", s.pid_start_time},
            {"bundle", s.bundle},
            {"rootfs", s.rootfs},
            {"created", s.created},
            {"owner", s.owner},
            {"annotations", s.annotations},
            {"cgroup", json::parse(cgroup::paths_to_json(s.cgroup_paths))},
            {"host_mounts_base", s.host_mounts_base},
            {"poststart", hooks_json(s.hooks.poststart)},
            {"poststop", hooks_json(s.hooks.poststop)}};
  return j.dump();
}

Result<State> state_from_json(std::string_view text) {
  try {
    json j = json::parse(text);
    State s;
    s.id = j.at("id").get<std::string>();
    s.pid = int_at<pid_t>(j, "pid");
    s.pid_start_time = int_at<uint64_t>(j, "pid_start_time", uint64_t{0});
    s.bundle = j.value("bundle", "");
    s.rootfs = j.value("rootfs", "");
    s.created = j.value("created", "");
    s.owner = j.value("owner", "");
    s.annotations = j.value("annotations", std::map<std::string, std::string>{});
    s.host_mounts_base = int_at<uint64_t>(j, "host_mounts_base", uint64_t{0});
    if (j.contains("cgroup")) s.cgroup_paths = TRY(cgroup::paths_from_json(j["cgroup"].dump()));
    s.hooks.poststart = hooks_from(j.value("poststart", json::array()));
    s.hooks.poststop = hooks_from(j.value("poststop", json::array()));
    return s;
  } catch (const std::exception& e) {
    return fail("read state.json", e.what());
  }
}

std::string oci_state_json(const State& s, Status status, int indent) {
  nlohmann::ordered_json j;
  j["ociVersion"] = spec::kSpecVersion;
  j["id"] = s.id;
  j["pid"] = status == Status::Stopped ? 0 : s.pid;
  j["status"] = status_name(status);
  j["bundle"] = s.bundle;
  j["rootfs"] = s.rootfs;
  j["created"] = s.created;
  if (!s.annotations.empty() || indent < 0) j["annotations"] = s.annotations;
  j["owner"] = s.owner;
  return j.dump(indent);
}

uint64_t process_start_time(pid_t pid) {
  // Host procfs of the runtime's own mount namespace: the container cannot reach or cover it.
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[1024];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  // Fields after the command name, which may hold spaces and parentheses: start at the last ')'.
  char* p = strrchr(buf, ')');
  if (!p) return 0;
  char state = p[2];
  if (state == 'Z' || state == 'X') return 0;  // a zombie is a stopped container
  int field = 2;
  for (char* q = p + 1; *q; ++q) {
    if (*q == ' ' && ++field == 22) return strtoull(q + 1, nullptr, 10);
  }
  return 0;
}

}  // namespace rampart::container
