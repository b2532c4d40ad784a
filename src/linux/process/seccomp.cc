#include "linux/process/seccomp.h"

#include <seccomp.h>

#include <memory>

namespace rampart::process {
namespace {

Result<uint32_t> action_of(const std::string& name, std::optional<uint32_t> errno_ret) {
  if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
  if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL_THREAD;
  if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
  if (name == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
  if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
  if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(errno_ret.value_or(EPERM));
  if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(errno_ret.value_or(EPERM));
  return fail("seccomp", "unsupported action " + name);
}

Result<scmp_compare> op_of(const std::string& name) {
  if (name == "SCMP_CMP_NE") return SCMP_CMP_NE;
  if (name == "SCMP_CMP_LT") return SCMP_CMP_LT;
  if (name == "SCMP_CMP_LE") return SCMP_CMP_LE;
  if (name == "SCMP_CMP_EQ") return SCMP_CMP_EQ;
  if (name == "SCMP_CMP_GE") return SCMP_CMP_GE;
  if (name == "SCMP_CMP_GT") return SCMP_CMP_GT;
  if (name == "SCMP_CMP_MASKED_EQ") return SCMP_CMP_MASKED_EQ;
  return fail("seccomp", "unsupported operator " + name);
}

Result<uint32_t> arch_of(const std::string& name) {
  std::string lower;
  std::string n = name.starts_with("SCMP_ARCH_") ? name.substr(10) : name;
  for (char c : n) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  uint32_t a = seccomp_arch_resolve_name(lower.c_str());
  if (a == 0) return fail("seccomp", "unsupported architecture " + name);
  return a;
}

}  // namespace

Result<void> load_seccomp(const spec::Seccomp& profile) {
  uint32_t def = TRY(action_of(profile.default_action, profile.default_errno_ret));
  std::unique_ptr<void, void (*)(scmp_filter_ctx)> ctx(seccomp_init(def), seccomp_release);
  if (!ctx) return fail("seccomp", "seccomp_init failed");
  for (const auto& a : profile.architectures) {
    uint32_t arch = TRY(arch_of(a));
    int r = seccomp_arch_add(ctx.get(), arch);
    if (r < 0 && r != -EEXIST) return sys_error("seccomp add architecture", a, -r);
  }
  // libseccomp sets no_new_privs on load unless told not to: a process whose config says
  // noNewPrivileges false would get it anyway (runc clears the attribute too). NNP is set, when
  // configured, by its own step (finish.cc); without it the filter is loaded while still
  // privileged (CAP_SYS_ADMIN). No TSYNC needed: the init is single-threaded.
  if (int r = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_NNP, 0); r < 0)
    return sys_error("seccomp set attribute", "no_new_privs", -r);
  for (const auto& sc : profile.syscalls) {
    uint32_t act = TRY(action_of(sc.action, sc.errno_ret));
    if (act == def) continue;  // libseccomp refuses rules equal to the default action
    std::vector<scmp_arg_cmp> cmps;
    for (const auto& arg : sc.args) {
      scmp_compare op = TRY(op_of(arg.op));
      cmps.push_back(scmp_arg_cmp{arg.index, op, arg.value, arg.value_two});
    }
    for (const auto& name : sc.names) {
      int nr = seccomp_syscall_resolve_name(name.c_str());
      if (nr == __NR_SCMP_ERROR) continue;  // not on this kernel/arch: skipped like runc
      int r = seccomp_rule_add_array(ctx.get(), act, nr, static_cast<unsigned>(cmps.size()), cmps.data());
      if (r < 0) return sys_error("seccomp add rule", name, -r);
    }
  }
  int r = seccomp_load(ctx.get());
  if (r < 0) return sys_error("seccomp load", {}, -r);
  return {};
}

}  // namespace rampart::process
