#include "spec/seccomp.h"

#include <algorithm>
#include <array>

namespace rampart::spec {
namespace {

bool in(std::string_view name, const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string at(const std::string& base, const std::string& member) { return base + "." + member; }

std::string element(const std::string& base, const std::string& member, size_t i) {
  return base + "." + member + "[" + std::to_string(i) + "]";
}

// The spec's errnoRet/defaultErrnoRet: an errno value for SCMP_ACT_ERRNO, a tracer's message
// for SCMP_ACT_TRACE. libseccomp keeps 16 bits of it.
constexpr uint32_t kMaxErrnoRet = 0xffff;

}  // namespace

const std::vector<std::string>& seccomp_actions() {
  static const std::vector<std::string> kActions = {
      "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",
      "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",        "SCMP_ACT_LOG",         "SCMP_ACT_NOTIFY"};
  return kActions;
}

const std::vector<std::string>& seccomp_operators() {
  static const std::vector<std::string> kOps = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",       "SCMP_CMP_EQ",
                                                "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};
  return kOps;
}

const std::vector<std::string>& seccomp_architectures() {
  static const std::vector<std::string> kArches = {
      "SCMP_ARCH_X86",       "SCMP_ARCH_X86_64",    "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
      "SCMP_ARCH_AARCH64",   "SCMP_ARCH_MIPS",      "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
      "SCMP_ARCH_MIPSEL",    "SCMP_ARCH_MIPSEL64",  "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
      "SCMP_ARCH_PPC64",     "SCMP_ARCH_PPC64LE",   "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
      "SCMP_ARCH_PARISC",    "SCMP_ARCH_PARISC64",  "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
      "SCMP_ARCH_M68K",      "SCMP_ARCH_SH",        "SCMP_ARCH_SHEB"};
  return kArches;
}

const std::vector<std::string>& seccomp_flags() {
  static const std::vector<std::string> kFlags = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                                                  "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                                                  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
  return kFlags;
}

bool is_seccomp_action(std::string_view name) { return in(name, seccomp_actions()); }
bool is_seccomp_operator(std::string_view name) { return in(name, seccomp_operators()); }
bool is_seccomp_architecture(std::string_view name) { return in(name, seccomp_architectures()); }
bool is_seccomp_flag(std::string_view name) { return in(name, seccomp_flags()); }

bool uses_notify(const Seccomp& profile) {
  if (profile.default_action == "SCMP_ACT_NOTIFY") return true;
  for (const auto& sc : profile.syscalls)
    if (sc.action == "SCMP_ACT_NOTIFY") return true;
  return false;
}

Result<void> validate_seccomp(const Seccomp& s, const std::string& base) {
  const char* op = "invalid seccomp profile";
  if (s.default_action.empty()) return fail(op, at(base, "defaultAction") + ": required");
  if (!is_seccomp_action(s.default_action))
    return fail(op, at(base, "defaultAction") + ": unknown action " + quoted(s.default_action));
  // runc refuses it too: every syscall, execve included, would wait for the listener.
  if (s.default_action == "SCMP_ACT_NOTIFY")
    return fail(op, at(base, "defaultAction") + ": SCMP_ACT_NOTIFY cannot be the default action");
  if (s.default_errno_ret && *s.default_errno_ret > kMaxErrnoRet)
    return fail(op, at(base, "defaultErrnoRet") + ": " + std::to_string(*s.default_errno_ret) + " is above 65535");
  for (size_t i = 0; i < s.architectures.size(); ++i)
    if (!is_seccomp_architecture(s.architectures[i]))
      return fail(op, element(base, "architectures", i) + ": unknown architecture " + quoted(s.architectures[i]));
  for (size_t i = 0; i < s.flags.size(); ++i)
    if (!is_seccomp_flag(s.flags[i]))
      return fail(op, element(base, "flags", i) + ": unsupported flag " + quoted(s.flags[i]));
  for (size_t i = 0; i < s.syscalls.size(); ++i) {
    const SeccompSyscall& sc = s.syscalls[i];
    const std::string path = element(base, "syscalls", i);
    if (sc.action.empty()) return fail(op, at(path, "action") + ": required");
    if (!is_seccomp_action(sc.action)) return fail(op, at(path, "action") + ": unknown action " + quoted(sc.action));
    if (sc.errno_ret && *sc.errno_ret > kMaxErrnoRet)
      return fail(op, at(path, "errnoRet") + ": " + std::to_string(*sc.errno_ret) + " is above 65535");
    for (size_t a = 0; a < sc.args.size(); ++a) {
      const SeccompArg& arg = sc.args[a];
      const std::string ap = element(path, "args", a);
      if (arg.index > 5) return fail(op, at(ap, "index") + ": " + std::to_string(arg.index) + " is past the sixth argument");
      if (arg.op.empty()) return fail(op, at(ap, "op") + ": required");
      if (!is_seccomp_operator(arg.op)) return fail(op, at(ap, "op") + ": unknown operator " + quoted(arg.op));
    }
  }
  if (uses_notify(s) && s.listener_path.empty())
    return fail(op, at(base, "listenerPath") + ": required when an action is SCMP_ACT_NOTIFY");
  return {};
}

std::vector<SeccompSyscall> expand_seccomp_rules(const Seccomp& profile) {
  std::vector<SeccompSyscall> out;
  for (const auto& sc : profile.syscalls) {
    std::array<int, 6> per_arg{};
    bool repeated = false;
    for (const auto& a : sc.args)
      if (a.index < per_arg.size() && ++per_arg[a.index] > 1) repeated = true;
    if (!repeated) {
      out.push_back(sc);
      continue;
    }
    for (const auto& a : sc.args) {
      SeccompSyscall one = sc;
      one.args = {a};
      out.push_back(std::move(one));
    }
  }
  return out;
}

}  // namespace rampart::spec
