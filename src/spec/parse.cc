// config.json -> spec::Config. Field names follow runtime-spec 1.2 exactly; unknown fields are
// ignored, as the spec requires. A JSON null counts as an absent field (Go's decoder, and so runc,
// treats it that way). Type errors name the field path: "mounts[2].destination: expected a string".
#include "spec/parse.h"

#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "spec/process_settings.h"
#include "spec/seccomp.h"

namespace rampart::spec {
namespace {

using nlohmann::json;

// Thrown inside this file only; parse_config/parse_process turn it into an Error.
struct FieldError {
  std::string path;
  std::string what;
};

[[noreturn]] void bad(const std::string& path, std::string what) {
  throw FieldError{path.empty() ? std::string("(top level)") : path, std::move(what)};
}

std::string member(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string element(const std::string& base, size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

// A string from the config as shown in a message: quoted, control bytes escaped, and cut after
// 128 bytes, so a hostile 10 MB value gives a readable line (the log printer caps lines too).
std::string shown_value(std::string_view s) {
  constexpr size_t kShown = 128;
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "\"";
  if (s.size() > kShown) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string kind_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a fractional number";
    default: return "an unsupported value";
  }
}

[[noreturn]] void expected(const json& j, const std::string& path, std::string_view what) {
  bad(path, "expected " + std::string(what) + ", got " + kind_of(j));
}

void need_object(const json& j, const std::string& path) {
  if (!j.is_object()) expected(j, path, "an object");
}

void need_array(const json& j, const std::string& path) {
  if (!j.is_array()) expected(j, path, "an array");
}

// The value of obj[key], or nullptr when absent or null.
const json* field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// Field values end up as C strings (paths, argv, env, hostnames): a NUL byte would silently cut
// one ("/\u0000/etc" becomes "/"), so a config that hides one is refused, as Go's syscall
// package (and so runc) refuses it with EINVAL.
void no_nul(const std::string& s, const std::string& path) {
  if (s.find('\0') != std::string::npos) bad(path, "contains a NUL byte");
}

std::string get_string(const json& j, const std::string& path) {
  if (!j.is_string()) expected(j, path, "a string");
  std::string s = j.get<std::string>();
  no_nul(s, path);
  return s;
}

bool get_bool(const json& j, const std::string& path) {
  if (!j.is_boolean()) expected(j, path, "a boolean");
  return j.get<bool>();
}

template <class T>
T get_int(const json& j, const std::string& path) {
  static_assert(std::is_integral_v<T>);
  if (!j.is_number_integer()) expected(j, path, "an integer");
  constexpr auto kMax = std::numeric_limits<T>::max();
  constexpr auto kMin = std::numeric_limits<T>::min();
  auto out_of_range = [&]() [[noreturn]] {
    bad(path, j.dump() + " is out of range (" + std::to_string(kMin) + ".." + std::to_string(kMax) + ")");
  };
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(kMax)) out_of_range();
    return static_cast<T>(v);
  }
  int64_t v = j.get<int64_t>();
  if constexpr (std::is_unsigned_v<T>) {
    if (v < 0 || static_cast<uint64_t>(v) > static_cast<uint64_t>(kMax)) out_of_range();
  } else {
    if (v < static_cast<int64_t>(kMin) || v > static_cast<int64_t>(kMax)) out_of_range();
  }
  return static_cast<T>(v);
}

std::vector<std::string> get_strings(const json& j, const std::string& path) {
  need_array(j, path);
  std::vector<std::string> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) out.push_back(get_string(j[i], element(path, i)));
  return out;
}

std::map<std::string, std::string> get_string_map(const json& j, const std::string& path) {
  need_object(j, path);
  std::map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string p = path + "[" + shown_value(it.key()) + "]";
    no_nul(it.key(), p);
    out[it.key()] = get_string(it.value(), p);
  }
  return out;
}

// Calls fn(value, path) when obj has a non-null `key`.
template <class F>
void with(const json& obj, const char* key, const std::string& base, F&& fn) {
  if (const json* v = field(obj, key)) fn(*v, member(base, key));
}

// Calls fn(element, path) for each element of the array obj[key], if present.
template <class F>
void each(const json& obj, const char* key, const std::string& base, F&& fn) {
  with(obj, key, base, [&](const json& arr, const std::string& path) {
    need_array(arr, path);
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string p = element(path, i);
      need_object(arr[i], p);
      fn(arr[i], p);
    }
  });
}

// Shorthands for "set out from obj[key] if present".
void opt(const json& o, const char* k, const std::string& b, std::string& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_string(v, p); });
}
void opt(const json& o, const char* k, const std::string& b, bool& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_bool(v, p); });
}
void opt(const json& o, const char* k, const std::string& b, std::optional<bool>& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_bool(v, p); });
}
void opt(const json& o, const char* k, const std::string& b, std::vector<std::string>& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_strings(v, p); });
}
template <class T>
  requires std::is_integral_v<T>
void opt(const json& o, const char* k, const std::string& b, T& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_int<T>(v, p); });
}
template <class T>
  requires std::is_integral_v<T>
void opt(const json& o, const char* k, const std::string& b, std::optional<T>& out) {
  with(o, k, b, [&](const json& v, const std::string& p) { out = get_int<T>(v, p); });
}

// A member of T and the key it is read from, for list_from.
template <class T, class M>
struct Field {
  const char* key;
  M T::*member;
};
template <class T, class M>
Field<T, M> field(const char* key, M T::*member) {
  return {key, member};
}

// Reads each field of item from its key in the object v, in the order given.
template <class T, class... M>
void read_fields(const json& v, const std::string& path, T& item, Field<T, M>... fields) {
  (opt(v, fields.key, path, item.*fields.member), ...);
}

// The array obj[key] (if present) as T values, each member read from its key, in the order given.
template <class T, class... M>
std::vector<T> list_from(const json& obj, const char* key, const std::string& base, Field<T, M>... fields) {
  std::vector<T> out;
  each(obj, key, base, [&](const json& v, const std::string& path) {
    T item;
    read_fields(v, path, item, fields...);
    out.push_back(std::move(item));
  });
  return out;
}

// The object obj[key] (if present) as a T, each member read from its key, in the order given.
template <class T, class... M>
std::optional<T> object_from(const json& obj, const char* key, const std::string& base, Field<T, M>... fields) {
  std::optional<T> out;
  with(obj, key, base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    T item;
    read_fields(v, path, item, fields...);
    out = std::move(item);
  });
  return out;
}

Process process_from(const json& j, const std::string& base) {
  need_object(j, base);
  Process p;
  opt(j, "terminal", base, p.terminal);
  p.console_size = object_from<ConsoleSize>(j, "consoleSize", base, field("height", &ConsoleSize::height),
                                           field("width", &ConsoleSize::width));
  with(j, "user", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "uid", path, p.user.uid);
    opt(v, "gid", path, p.user.gid);
    opt(v, "umask", path, p.user.umask);
    with(v, "additionalGids", path, [&](const json& arr, const std::string& ap) {
      need_array(arr, ap);
      for (size_t i = 0; i < arr.size(); ++i) p.user.additional_gids.push_back(get_int<uint32_t>(arr[i], element(ap, i)));
    });
  });
  opt(j, "args", base, p.args);
  opt(j, "env", base, p.env);
  p.cwd.clear();  // required: no default, so that a missing cwd is reported (runc refuses it too)
  opt(j, "cwd", base, p.cwd);
  p.capabilities = object_from<Capabilities>(
      j, "capabilities", base, field("bounding", &Capabilities::bounding), field("effective", &Capabilities::effective),
      field("inheritable", &Capabilities::inheritable), field("permitted", &Capabilities::permitted),
      field("ambient", &Capabilities::ambient));
  p.rlimits = list_from<Rlimit>(j, "rlimits", base, field("type", &Rlimit::type), field("hard", &Rlimit::hard),
                                field("soft", &Rlimit::soft));
  opt(j, "noNewPrivileges", base, p.no_new_privileges);
  opt(j, "oomScoreAdj", base, p.oom_score_adj);
  opt(j, "apparmorProfile", base, p.apparmor_profile);
  opt(j, "selinuxLabel", base, p.selinux_label);
  p.scheduler = object_from<Scheduler>(
      j, "scheduler", base, field("policy", &Scheduler::policy), field("nice", &Scheduler::nice),
      field("priority", &Scheduler::priority), field("flags", &Scheduler::flags), field("runtime", &Scheduler::runtime),
      field("deadline", &Scheduler::deadline), field("period", &Scheduler::period));
  p.io_priority = object_from<IoPriority>(j, "ioPriority", base, field("class", &IoPriority::io_class),
                                         field("priority", &IoPriority::priority));
  p.exec_cpu_affinity = object_from<CpuAffinity>(j, "execCPUAffinity", base, field("initial", &CpuAffinity::initial),
                                                field("final", &CpuAffinity::final));
  return p;
}

std::vector<Hook> hooks_from(const json& hooks, const char* key, const std::string& base) {
  return list_from<Hook>(hooks, key, base, field("path", &Hook::path), field("args", &Hook::args),
                         field("env", &Hook::env), field("timeout", &Hook::timeout));
}

std::vector<IdMapping> id_mappings_from(const json& j, const char* key, const std::string& base) {
  return list_from<IdMapping>(j, key, base, field("containerID", &IdMapping::container_id),
                              field("hostID", &IdMapping::host_id), field("size", &IdMapping::size));
}

std::vector<ThrottleDevice> throttle_from(const json& j, const char* key, const std::string& base) {
  return list_from<ThrottleDevice>(j, key, base, field("major", &ThrottleDevice::major),
                                   field("minor", &ThrottleDevice::minor), field("rate", &ThrottleDevice::rate));
}

Resources resources_from(const json& j, const std::string& base) {
  need_object(j, base);
  Resources r;
  r.devices_given = field(j, "devices") != nullptr;
  r.devices = list_from<DeviceRule>(j, "devices", base, field("allow", &DeviceRule::allow),
                                   field("type", &DeviceRule::type), field("major", &DeviceRule::major),
                                   field("minor", &DeviceRule::minor), field("access", &DeviceRule::access));
  with(j, "memory", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "limit", path, r.memory_limit);
    opt(v, "reservation", path, r.memory_reservation);
    opt(v, "swap", path, r.memory_swap);
    opt(v, "kernel", path, r.memory_kernel);
    opt(v, "kernelTCP", path, r.memory_kernel_tcp);
    opt(v, "swappiness", path, r.memory_swappiness);
    opt(v, "disableOOMKiller", path, r.memory_disable_oom_killer);
    opt(v, "useHierarchy", path, r.memory_use_hierarchy);
    opt(v, "checkBeforeUpdate", path, r.memory_check_before_update);
  });
  with(j, "cpu", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "shares", path, r.cpu_shares);
    opt(v, "quota", path, r.cpu_quota);
    opt(v, "burst", path, r.cpu_burst);
    opt(v, "period", path, r.cpu_period);
    opt(v, "realtimeRuntime", path, r.cpu_realtime_runtime);
    opt(v, "realtimePeriod", path, r.cpu_realtime_period);
    opt(v, "cpus", path, r.cpuset_cpus);
    opt(v, "mems", path, r.cpuset_mems);
    opt(v, "idle", path, r.cpu_idle);
  });
  with(j, "pids", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "limit", path, r.pids_limit);
  });
  with(j, "blockIO", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "weight", path, r.blkio_weight);
    opt(v, "leafWeight", path, r.blkio_leaf_weight);
    r.blkio_weight_device =
        list_from<WeightDevice>(v, "weightDevice", path, field("major", &WeightDevice::major),
                                field("minor", &WeightDevice::minor), field("weight", &WeightDevice::weight),
                                field("leafWeight", &WeightDevice::leaf_weight));
    r.blkio_throttle_read_bps = throttle_from(v, "throttleReadBpsDevice", path);
    r.blkio_throttle_write_bps = throttle_from(v, "throttleWriteBpsDevice", path);
    r.blkio_throttle_read_iops = throttle_from(v, "throttleReadIOPSDevice", path);
    r.blkio_throttle_write_iops = throttle_from(v, "throttleWriteIOPSDevice", path);
  });
  r.hugepage_limits = list_from<HugepageLimit>(j, "hugepageLimits", base, field("pageSize", &HugepageLimit::page_size),
                                               field("limit", &HugepageLimit::limit));
  with(j, "network", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "classID", path, r.network_class_id);
    r.network_priorities = list_from<NetworkPriority>(v, "priorities", path, field("name", &NetworkPriority::name),
                                                      field("priority", &NetworkPriority::priority));
  });
  with(j, "rdma", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string p = path + "[\"" + it.key() + "\"]";
      need_object(it.value(), p);
      RdmaLimit l;
      opt(it.value(), "hcaHandles", p, l.hca_handles);
      opt(it.value(), "hcaObjects", p, l.hca_objects);
      r.rdma[it.key()] = l;
    }
  });
  with(j, "unified", base, [&](const json& v, const std::string& path) { r.unified = get_string_map(v, path); });
  return r;
}

Seccomp seccomp_from(const json& j, const std::string& base) {
  need_object(j, base);
  Seccomp s;
  opt(j, "defaultAction", base, s.default_action);
  opt(j, "defaultErrnoRet", base, s.default_errno_ret);
  opt(j, "architectures", base, s.architectures);
  opt(j, "flags", base, s.flags);
  opt(j, "listenerPath", base, s.listener_path);
  opt(j, "listenerMetadata", base, s.listener_metadata);
  each(j, "syscalls", base, [&](const json& v, const std::string& path) {
    SeccompSyscall sc;
    opt(v, "names", path, sc.names);
    opt(v, "action", path, sc.action);
    opt(v, "errnoRet", path, sc.errno_ret);
    sc.args = list_from<SeccompArg>(v, "args", path, field("index", &SeccompArg::index),
                                    field("value", &SeccompArg::value), field("valueTwo", &SeccompArg::value_two),
                                    field("op", &SeccompArg::op));
    s.syscalls.push_back(std::move(sc));
  });
  return s;
}

Linux linux_from(const json& j, const std::string& base) {
  need_object(j, base);
  Linux l;
  each(j, "namespaces", base, [&](const json& v, const std::string& path) {
    const json* type = field(v, "type");
    if (type == nullptr) bad(member(path, "type"), "required");
    const std::string name = get_string(*type, member(path, "type"));
    auto t = namespace_from_name(name);
    if (!t) bad(member(path, "type"), "unknown namespace type " + shown_value(name));
    Namespace ns{*t, {}};
    opt(v, "path", path, ns.path);
    l.namespaces.push_back(std::move(ns));
  });
  l.uid_mappings = id_mappings_from(j, "uidMappings", base);
  l.gid_mappings = id_mappings_from(j, "gidMappings", base);
  each(j, "devices", base, [&](const json& v, const std::string& path) {
    Device d;
    opt(v, "path", path, d.path);
    with(v, "type", path, [&](const json& t, const std::string& tp) {
      const std::string s = get_string(t, tp);
      if (s.size() != 1) bad(tp, shown_value(s) + " is not a device type (one of c, b, u, p)");
      d.type = s[0];
    });
    opt(v, "major", path, d.major);
    opt(v, "minor", path, d.minor);
    opt(v, "fileMode", path, d.file_mode);
    opt(v, "uid", path, d.uid);
    opt(v, "gid", path, d.gid);
    l.devices.push_back(std::move(d));
  });
  opt(j, "cgroupsPath", base, l.cgroups_path);
  with(j, "resources", base, [&](const json& v, const std::string& path) { l.resources = resources_from(v, path); });
  opt(j, "rootfsPropagation", base, l.rootfs_propagation);
  with(j, "personality", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    Personality p;
    opt(v, "domain", path, p.domain);
    opt(v, "flags", path, p.flags);
    l.personality = std::move(p);
  });
  opt(j, "maskedPaths", base, l.masked_paths);
  opt(j, "readonlyPaths", base, l.readonly_paths);
  with(j, "sysctl", base, [&](const json& v, const std::string& path) { l.sysctl = get_string_map(v, path); });
  with(j, "seccomp", base, [&](const json& v, const std::string& path) { l.seccomp = seccomp_from(v, path); });
  opt(j, "mountLabel", base, l.mount_label);
  with(j, "timeOffsets", base, [&](const json& v, const std::string& path) {
    need_object(v, path);
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string p = member(path, it.key());
      need_object(it.value(), p);
      TimeOffset off;
      opt(it.value(), "secs", p, off.secs);
      opt(it.value(), "nanosecs", p, off.nanosecs);
      l.time_offsets[it.key()] = off;
    }
  });
  return l;
}

Config config_from(const json& j) {
  if (!j.is_object()) bad("", "expected a JSON object, got " + kind_of(j));
  Config c;
  opt(j, "ociVersion", "", c.oci_version);
  with(j, "root", "", [&](const json& v, const std::string& path) {
    need_object(v, path);
    opt(v, "path", path, c.root.path);
    opt(v, "readonly", path, c.root.readonly);
  });
  each(j, "mounts", "", [&](const json& v, const std::string& path) {
    Mount m;
    opt(v, "destination", path, m.destination);
    opt(v, "type", path, m.type);
    opt(v, "source", path, m.source);
    opt(v, "options", path, m.options);
    m.uid_mappings = id_mappings_from(v, "uidMappings", path);
    m.gid_mappings = id_mappings_from(v, "gidMappings", path);
    c.mounts.push_back(std::move(m));
  });
  with(j, "process", "", [&](const json& v, const std::string& path) { c.process = process_from(v, path); });
  opt(j, "hostname", "", c.hostname);
  opt(j, "domainname", "", c.domainname);
  with(j, "hooks", "", [&](const json& v, const std::string& path) {
    need_object(v, path);
    c.hooks.prestart = hooks_from(v, "prestart", path);
    c.hooks.create_runtime = hooks_from(v, "createRuntime", path);
    c.hooks.create_container = hooks_from(v, "createContainer", path);
    c.hooks.start_container = hooks_from(v, "startContainer", path);
    c.hooks.poststart = hooks_from(v, "poststart", path);
    c.hooks.poststop = hooks_from(v, "poststop", path);
  });
  with(j, "annotations", "", [&](const json& v, const std::string& path) { c.annotations = get_string_map(v, path); });
  with(j, "linux", "", [&](const json& v, const std::string& path) { c.linux = linux_from(v, path); });
  return c;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; the tag helps nobody.
std::string plain_message(const std::exception& e) {
  std::string s = e.what();
  if (s.starts_with("[json.exception.")) {
    auto end = s.find("] ");
    if (end != std::string::npos) s.erase(0, end + 2);
  }
  return s;
}

// Runs `build` on the parsed document, turning every exception into an Error for `op`.
template <class T, class F>
Result<T> decode(std::string_view text, const char* op, F&& build) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return fail(op, "malformed JSON: " + plain_message(e));
  }
  try {
    return build(doc);
  } catch (const FieldError& e) {
    return fail(op, e.path + ": " + e.what);
  } catch (const std::exception& e) {
    return fail(op, plain_message(e));
  }
}

bool is_absolute(std::string_view p) { return !p.empty() && p.front() == '/'; }

std::string in_quotes(std::string_view s) { return shown_value(s); }

// Checks shared by config.json's "process" and a process.json; `base` prefixes field paths.
Result<void> check_process(const Process& p, const std::string& base, const char* op) {
  if (p.args.empty()) return fail(op, member(base, "args") + ": must not be empty");
  if (p.cwd.empty()) return fail(op, member(base, "cwd") + ": required (an absolute path)");
  if (!is_absolute(p.cwd)) return fail(op, member(base, "cwd") + ": must be an absolute path, got " + in_quotes(p.cwd));
  // PATH_MAX: chdir(2) refuses a longer path, which would surface only once the container exists.
  constexpr size_t kMaxPath = 4096;
  if (p.cwd.size() >= kMaxPath)
    return fail(op, member(base, "cwd") + ": " + std::to_string(p.cwd.size()) + " bytes, longer than PATH_MAX (" +
                        std::to_string(kMaxPath - 1) + ")");
  std::set<std::string> seen;
  for (size_t i = 0; i < p.rlimits.size(); ++i) {
    const Rlimit& r = p.rlimits[i];
    const std::string path = element(member(base, "rlimits"), i);
    if (!is_known_rlimit(r.type)) return fail(op, path + ".type: unknown rlimit " + in_quotes(r.type));
    if (!seen.insert(r.type).second) return fail(op, path + ".type: duplicate rlimit " + in_quotes(r.type));
    if (r.soft > r.hard)
      return fail(op, path + ": soft limit " + std::to_string(r.soft) + " is above hard limit " + std::to_string(r.hard));
  }
  // Unknown capability names are ignored with a warning, as runc does (runtime-spec >= 1.1):
  // a config written for a newer kernel still runs (spec::ignored_settings says which).
  if (p.scheduler) TRY_VOID(check_scheduler(*p.scheduler, base, op));
  if (p.io_priority) TRY_VOID(check_io_priority(*p.io_priority, base, op));
  if (p.exec_cpu_affinity) TRY_VOID(check_cpu_affinity(*p.exec_cpu_affinity, base, op));
  // MAX_ARG_STRLEN (32 pages): execve(2) fails with E2BIG on any longer argument or environment
  // string, which would surface only at the last step of starting the container.
  constexpr size_t kMaxArgString = 32 * 4096;
  using Strings = std::pair<const char*, const std::vector<std::string>*>;
  for (const auto& [key, list] : {Strings{"args", &p.args}, Strings{"env", &p.env}})
    for (size_t i = 0; i < list->size(); ++i)
      if ((*list)[i].size() >= kMaxArgString)
        return fail(op, element(member(base, key), i) + ": " + std::to_string((*list)[i].size()) +
                            " bytes, longer than execve's limit of " + std::to_string(kMaxArgString - 1));
  // NGROUPS_MAX: setgroups(2) refuses more, after the container was half made.
  constexpr size_t kMaxGroups = 65536;
  if (p.user.additional_gids.size() > kMaxGroups)
    return fail(op, member(member(base, "user"), "additionalGids") + ": " + std::to_string(p.user.additional_gids.size()) +
                        " groups, more than the kernel's limit of " + std::to_string(kMaxGroups));
  if (p.oom_score_adj && (*p.oom_score_adj < -1000 || *p.oom_score_adj > 1000))
    return fail(op, member(base, "oomScoreAdj") + ": must be between -1000 and 1000");
  return {};
}

constexpr const char* kValidateOp = "invalid config.json";

Result<void> check_hooks(const std::vector<Hook>& hooks, const char* key) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    const std::string path = element(std::string("hooks.") + key, i);
    if (!is_absolute(hooks[i].path))
      return fail(kValidateOp, path + ".path: must be an absolute path, got " + in_quotes(hooks[i].path));
    if (hooks[i].timeout && *hooks[i].timeout <= 0)
      return fail(kValidateOp, path + ".timeout: must be greater than zero");
  }
  return {};
}

// The kernel takes at most 340 lines per uid_map/gid_map, each with a non-zero size, ranges
// that fit in 32 bits and no two container ranges overlapping (user_namespaces(7)); checked
// here so a bad map is refused before anything exists, naming the entry.
Result<void> check_id_mappings(const std::vector<IdMapping>& maps, const std::string& base) {
  constexpr size_t kMaxLines = 340;
  if (maps.size() > kMaxLines)
    return fail(kValidateOp, base + ": " + std::to_string(maps.size()) + " entries, more than the kernel's limit of " +
                                 std::to_string(kMaxLines));
  constexpr uint64_t kIds = uint64_t{1} << 32;
  for (size_t i = 0; i < maps.size(); ++i) {
    const IdMapping& m = maps[i];
    const std::string path = element(base, i);
    if (m.size == 0) return fail(kValidateOp, path + ".size: must be at least 1");
    if (uint64_t{m.container_id} + m.size > kIds || uint64_t{m.host_id} + m.size > kIds)
      return fail(kValidateOp, path + ": the range goes past the largest id 4294967295");
    for (size_t k = 0; k < i; ++k) {
      const IdMapping& o = maps[k];
      if (uint64_t{m.container_id} < uint64_t{o.container_id} + o.size &&
          uint64_t{o.container_id} < uint64_t{m.container_id} + m.size)
        return fail(kValidateOp, path + ": containerID range overlaps " + element(base, k));
      // The kernel refuses a map whose host ranges overlap as well (EINVAL from the uid_map
      // write, after the init exists): said here, before anything starts.
      if (uint64_t{m.host_id} < uint64_t{o.host_id} + o.size && uint64_t{o.host_id} < uint64_t{m.host_id} + m.size)
        return fail(kValidateOp, path + ": hostID range overlaps " + element(base, k));
    }
  }
  return {};
}

Result<void> check_linux(const Config& c) {
  const Linux& l = *c.linux;
  const char* op = kValidateOp;
  std::set<NamespaceType> seen;
  for (size_t i = 0; i < l.namespaces.size(); ++i) {
    const Namespace& ns = l.namespaces[i];
    const std::string path = element("linux.namespaces", i);
    if (!seen.insert(ns.type).second)
      return fail(op, path + ".type: duplicate namespace " + in_quotes(namespace_name(ns.type)));
    if (!ns.path.empty() && !is_absolute(ns.path))
      return fail(op, path + ".path: must be an absolute path, got " + in_quotes(ns.path));
  }
  const Namespace* user_ns = l.find_namespace(NamespaceType::User);
  const bool userns = user_ns != nullptr;
  TRY_VOID(check_id_mappings(l.uid_mappings, "linux.uidMappings"));
  TRY_VOID(check_id_mappings(l.gid_mappings, "linux.gidMappings"));
  // A new user namespace without maps leaves every id unmapped (overflow uid 65534): nothing
  // the process does as "root" works. runc refuses it as well.
  if (user_ns && user_ns->path.empty() && l.uid_mappings.empty())
    return fail(op, "linux.uidMappings: a new user namespace needs uid mappings");
  if (user_ns && user_ns->path.empty() && l.gid_mappings.empty())
    return fail(op, "linux.gidMappings: a new user namespace needs gid mappings");
  if (!l.uid_mappings.empty() && !userns)
    return fail(op, "linux.uidMappings: user namespace mappings need a \"user\" namespace in linux.namespaces");
  if (!l.gid_mappings.empty() && !userns)
    return fail(op, "linux.gidMappings: user namespace mappings need a \"user\" namespace in linux.namespaces");
  for (size_t i = 0; i < l.devices.size(); ++i) {
    const Device& d = l.devices[i];
    const std::string path = element("linux.devices", i);
    if (d.type != 'c' && d.type != 'b' && d.type != 'u' && d.type != 'p')
      return fail(op, path + ".type: " + in_quotes(std::string(1, d.type)) + " is not a device type (one of c, b, u, p)");
    if (!is_absolute(d.path)) return fail(op, path + ".path: must be an absolute path, got " + in_quotes(d.path));
  }
  if (l.resources) {
    auto checked = validate_resources(*l.resources, "linux.resources");
    if (!checked) return fail(op, checked.error().detail);
  }
  static const std::set<std::string, std::less<>> kPropagation = {
      "", "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable"};
  if (!kPropagation.contains(l.rootfs_propagation))
    return fail(op, "linux.rootfsPropagation: unknown propagation " + in_quotes(l.rootfs_propagation));
  for (const auto& [name, off] : l.time_offsets) {
    if (name != "monotonic" && name != "boottime")
      return fail(op, "linux.timeOffsets." + name + ": unknown clock (one of monotonic, boottime)");
    if (off.nanosecs >= 1000000000u)
      return fail(op, "linux.timeOffsets." + name + ".nanosecs: must be below 1000000000");
  }
  if (!l.time_offsets.empty() && !l.find_namespace(NamespaceType::Time))
    return fail(op, "linux.timeOffsets: time offsets need a \"time\" namespace in linux.namespaces");
  if (l.personality) TRY_VOID(check_personality(*l.personality, op));
  if (l.seccomp) {
    auto checked = validate_seccomp(*l.seccomp, "linux.seccomp");
    if (!checked) return fail(op, checked.error().detail);
  }
  return {};
}

}  // namespace

bool is_known_rlimit(std::string_view name) {
  static const std::set<std::string, std::less<>> kNames = {
      "RLIMIT_AS",     "RLIMIT_CORE",    "RLIMIT_CPU",     "RLIMIT_DATA",   "RLIMIT_FSIZE",      "RLIMIT_LOCKS",
      "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",  "RLIMIT_NOFILE", "RLIMIT_NPROC",      "RLIMIT_RSS",
      "RLIMIT_RTPRIO", "RLIMIT_RTTIME",  "RLIMIT_SIGPENDING", "RLIMIT_STACK"};
  return kNames.contains(name);
}

Result<Config> parse_config(std::string_view json_text) {
  auto config = decode<Config>(json_text, "parse config.json", [](const json& doc) { return config_from(doc); });
  if (!config) return config;
  TRY_VOID(validate(*config));
  return config;
}

Result<Process> parse_process(std::string_view json_text) {
  auto process = decode<Process>(json_text, "parse process.json", [](const json& doc) {
    if (!doc.is_object()) bad("", "expected a JSON object, got " + kind_of(doc));
    return process_from(doc, "");
  });
  if (!process) return process;
  TRY_VOID(check_process(*process, "", "invalid process.json"));
  return process;
}

Result<Resources> parse_resources(std::string_view json_text) {
  auto r = decode<Resources>(json_text, "parse resources", [](const json& doc) {
    if (!doc.is_object()) bad("", "expected a JSON object, got " + kind_of(doc));
    return resources_from(doc, "");
  });
  if (!r) return r;
  TRY_VOID(validate_resources(*r, ""));
  return r;
}

Result<void> validate_process(const Process& process) {
  return check_process(process, "", "invalid process");
}

Result<void> validate(const Config& c) {
  const char* op = kValidateOp;
  if (c.oci_version.empty()) return fail(op, "ociVersion: required");
  if (c.root.path.empty()) return fail(op, "root.path: required");
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const std::string path = element("mounts", i);
    if (c.mounts[i].destination.empty()) return fail(op, path + ".destination: required");
    if (!is_absolute(c.mounts[i].destination))
      return fail(op, path + ".destination: must be an absolute path, got " + in_quotes(c.mounts[i].destination));
    TRY_VOID(check_id_mappings(c.mounts[i].uid_mappings, path + ".uidMappings"));
    TRY_VOID(check_id_mappings(c.mounts[i].gid_mappings, path + ".gidMappings"));
    // An idmapped mount maps both kinds of id (the kernel takes one user namespace for both).
    if (c.mounts[i].uid_mappings.empty() != c.mounts[i].gid_mappings.empty())
      return fail(op, path + ": uidMappings and gidMappings go together (an idmapped mount needs both)");
    // runc hands "remount" to mount(2) as MS_REMOUNT, which changes whatever is mounted at the
    // destination already; rampart makes a new mount at each destination and never remounts
    // what is there, so the option would be dropped: refused instead (docs/compat.md).
    for (const std::string& o : c.mounts[i].options)
      if (o == "remount")
        return fail(op, path + ".options: \"remount\" is not supported (each mount is a new mount; nothing "
                               "already at the destination is remounted)");
  }
  if (c.process) TRY_VOID(check_process(*c.process, "process", op));
  TRY_VOID(check_hooks(c.hooks.prestart, "prestart"));
  TRY_VOID(check_hooks(c.hooks.create_runtime, "createRuntime"));
  TRY_VOID(check_hooks(c.hooks.create_container, "createContainer"));
  TRY_VOID(check_hooks(c.hooks.start_container, "startContainer"));
  TRY_VOID(check_hooks(c.hooks.poststart, "poststart"));
  TRY_VOID(check_hooks(c.hooks.poststop, "poststop"));
  // HOST_NAME_MAX: sethostname(2)/setdomainname(2) refuse longer names.
  constexpr size_t kMaxHostName = 64;
  if (c.hostname.size() > kMaxHostName)
    return fail(op, "hostname: " + std::to_string(c.hostname.size()) + " bytes, longer than the limit of " +
                        std::to_string(kMaxHostName));
  if (c.domainname.size() > kMaxHostName)
    return fail(op, "domainname: " + std::to_string(c.domainname.size()) + " bytes, longer than the limit of " +
                        std::to_string(kMaxHostName));
  if (c.linux) {
    TRY_VOID(check_linux(c));
    const bool uts = c.linux->find_namespace(NamespaceType::Uts) != nullptr;
    if (!c.hostname.empty() && !uts) return fail(op, "hostname: setting it needs a \"uts\" namespace in linux.namespaces");
    if (!c.domainname.empty() && !uts)
      return fail(op, "domainname: setting it needs a \"uts\" namespace in linux.namespaces");
  }
  return {};
}

}  // namespace rampart::spec
