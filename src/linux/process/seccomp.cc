#include "linux/process/seccomp.h"

#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstring>
#include <memory>

#include "linux/process/seccomp_cache.h"
#include "spec/seccomp.h"
#include "util/fd_passing.h"
#include "util/log.h"
#include "util/unique_fd.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

namespace rampart::process {
namespace {

Result<uint32_t> action_of(const std::string& name, std::optional<uint32_t> errno_ret) {
  if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
  if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL_THREAD;
  if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
  if (name == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
  if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
  if (name == "SCMP_ACT_NOTIFY") return SCMP_ACT_NOTIFY;
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
  if (a == 0) return fail("seccomp", "architecture not supported by libseccomp " + name);
  return a;
}

// The architectures a process on this host can make system calls in: the native one and its
// compat ABIs (the kernel reports each call's AUDIT_ARCH, and it can only be one of these). A
// profile's other architectures (Docker's default lists aarch64 and arm next to x86_64) are
// dead code in the filter -- no process here can ever reach them -- and cost most of its
// compile time and length. containerd and moby pick the same sets when they write a profile
// for the host (their archMap). A native architecture not in the table keeps every listed one:
// leaving one out that the host can run would kill its callers (libseccomp's bad-arch action),
// so only the sets known to be complete are used.
bool host_can_execute(uint32_t native, uint32_t arch) {
  struct Family {
    uint32_t native;
    std::array<uint32_t, 2> compat;
  };
  static constexpr Family kFamilies[] = {
      {SCMP_ARCH_X86_64, {SCMP_ARCH_X86, SCMP_ARCH_X32}},
      {SCMP_ARCH_X32, {SCMP_ARCH_X86_64, SCMP_ARCH_X86}},
      {SCMP_ARCH_X86, {0, 0}},
      {SCMP_ARCH_AARCH64, {SCMP_ARCH_ARM, 0}},
      {SCMP_ARCH_ARM, {0, 0}},
      {SCMP_ARCH_S390X, {SCMP_ARCH_S390, 0}},
      {SCMP_ARCH_S390, {0, 0}},
      {SCMP_ARCH_MIPS64, {SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64N32}},
      {SCMP_ARCH_MIPS64N32, {SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64}},
      {SCMP_ARCH_MIPSEL64, {SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64N32}},
      {SCMP_ARCH_MIPSEL64N32, {SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64}},
  };
  if (arch == native) return true;
  for (const auto& f : kFamilies)
    if (f.native == native) return arch != 0 && (arch == f.compat[0] || arch == f.compat[1]);
  return true;  // a family not in the table: keep everything, as before
}

long seccomp_call(unsigned op, unsigned flags, void* args) { return ::syscall(SYS_seccomp, op, flags, args); }

// A flag the kernel knows makes seccomp(2) fail on the NULL program (EFAULT); an unknown one
// fails first, with EINVAL -- how libseccomp probes them too.
bool kernel_has_flag(unsigned flag) {
  return seccomp_call(SECCOMP_SET_MODE_FILTER, flag, nullptr) < 0 && errno == EFAULT;
}

Result<unsigned> flags_of(const spec::Seccomp& profile, bool notify) {
  unsigned flags = notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
  for (const auto& f : profile.flags) {
    unsigned flag = 0;
    // TSYNC is accepted and not used (as runc): the filter is for the exec'ing thread only.
    if (f == "SECCOMP_FILTER_FLAG_TSYNC") continue;
    if (f == "SECCOMP_FILTER_FLAG_LOG") flag = SECCOMP_FILTER_FLAG_LOG;
    else if (f == "SECCOMP_FILTER_FLAG_SPEC_ALLOW") flag = SECCOMP_FILTER_FLAG_SPEC_ALLOW;
    else if (f == "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") {
      // It only concerns notifications, and the kernel refuses it without a listener.
      if (!notify) continue;
      flag = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_NEW_LISTENER;
    } else {
      return fail("seccomp", "unsupported flag " + f);
    }
    if (!kernel_has_flag(flag)) return fail("seccomp", "this kernel does not support the flag " + f);
    flags |= flag;
  }
  if (notify && !kernel_has_flag(SECCOMP_FILTER_FLAG_NEW_LISTENER))
    return fail("seccomp", "this kernel does not support SCMP_ACT_NOTIFY (no SECCOMP_FILTER_FLAG_NEW_LISTENER)");
  return flags;
}

// libseccomp 2.5 exports to an fd only: a memfd, read back.
Result<std::vector<uint64_t>> export_program(scmp_filter_ctx ctx) {
  UniqueFd mem(static_cast<int>(::syscall(SYS_memfd_create, "seccomp-bpf", MFD_CLOEXEC)));
  if (!mem) return sys_error("seccomp: memfd_create");
  if (int r = seccomp_export_bpf(ctx, mem.get()); r < 0) return sys_error("seccomp export", {}, -r);
  struct stat st{};
  if (::fstat(mem.get(), &st) < 0) return sys_error("seccomp: fstat");
  if (st.st_size <= 0 || st.st_size % sizeof(sock_filter) != 0)
    return fail("seccomp export", "libseccomp produced " + std::to_string(st.st_size) + " bytes");
  std::vector<uint64_t> program(static_cast<size_t>(st.st_size) / sizeof(sock_filter));
  static_assert(sizeof(sock_filter) == sizeof(uint64_t));
  size_t done = 0, size = static_cast<size_t>(st.st_size);
  while (done < size) {
    ssize_t n = ::pread(mem.get(), reinterpret_cast<char*>(program.data()) + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return sys_error("seccomp: read exported program");
    done += static_cast<size_t>(n);
  }
  if (program.size() > BPF_MAXINSNS)
    return fail("seccomp", "the filter has " + std::to_string(program.size()) + " instructions, more than the kernel's " +
                               std::to_string(BPF_MAXINSNS));
  return program;
}

Result<void> raise_admin() {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &hdr, data) < 0) return sys_error("seccomp: capget");
  constexpr unsigned kAdmin = CAP_SYS_ADMIN;  // < 32
  if (!(data[0].permitted & (1u << kAdmin)))
    return fail("seccomp", "loading a filter without noNewPrivileges needs CAP_SYS_ADMIN, which the runtime lacks");
  data[0].effective |= 1u << kAdmin;
  if (::syscall(SYS_capset, &hdr, data) < 0) return sys_error("seccomp: raise CAP_SYS_ADMIN to load the filter");
  return {};
}

// Between the filter's load and execve the loading thread makes no syscall: the listener fd is
// sent by this thread, created before the load and so not under the filter (filters are per
// thread; TSYNC is never used). The loading thread spins on `sent`.
struct Handoff {
  std::atomic<int> fd{-1};     // the listener fd, once loaded; -2: the load failed
  std::atomic<int> sent{0};    // 1 sent, -errno failed
  const SeccompListener* listener = nullptr;
};

void* send_listener_fd(void* arg) {
  auto* h = static_cast<Handoff*>(arg);
  int fd;
  while ((fd = h->fd.load(std::memory_order_acquire)) == -1) {
    timespec ts{0, 20000};
    ::nanosleep(&ts, nullptr);
  }
  if (fd < 0) return nullptr;
  // Never blocks: a listener that does not read gets an error, not a container that hangs.
  ssize_t n = send_fd(h->listener->socket, fd, h->listener->state, MSG_DONTWAIT);
  int result = n == static_cast<ssize_t>(h->listener->state.size()) ? 1 : (n < 0 ? -errno : -EMSGSIZE);
  h->sent.store(result, std::memory_order_release);
  return nullptr;
}

}  // namespace

namespace {

// What libseccomp is given, in its order: the exported program is a function of this and of
// libseccomp (and of nothing else: the cache's key is made of both, seccomp_cache.h).
struct SeccompInput {
  struct Rule {
    uint32_t action;
    int nr;
    std::vector<scmp_arg_cmp> cmps;
    std::string name;  // for messages only
  };
  uint32_t default_action = 0;
  struct Arch {
    uint32_t token;
    std::string name;  // the profile's spelling, for messages only
  };
  std::vector<Arch> architectures;  // besides the native one (seccomp_init's)
  std::vector<Rule> rules;
  std::vector<std::string> skipped_architectures;  // the profile's, left out (host_can_execute)
};

Result<SeccompInput> plan_seccomp(const spec::Seccomp& profile) {
  SeccompInput in;
  in.default_action = TRY(action_of(profile.default_action, profile.default_errno_ret));
  const uint32_t native = seccomp_arch_native();
  for (const auto& a : profile.architectures) {
    uint32_t arch = TRY(arch_of(a));
    if (!host_can_execute(native, arch)) {
      in.skipped_architectures.push_back(a);
      continue;
    }
    bool listed = arch == native || std::any_of(in.architectures.begin(), in.architectures.end(),
                                                [arch](const auto& x) { return x.token == arch; });
    if (!listed) in.architectures.push_back({arch, a});
  }
  for (const auto& sc : spec::expand_seccomp_rules(profile)) {
    uint32_t act = TRY(action_of(sc.action, sc.errno_ret));
    if (act == in.default_action) continue;  // libseccomp refuses rules equal to the default action
    std::vector<scmp_arg_cmp> cmps;
    for (const auto& arg : sc.args) {
      scmp_compare op = TRY(op_of(arg.op));
      cmps.push_back(scmp_arg_cmp{arg.index, op, arg.value, arg.value_two});
    }
    for (const auto& name : sc.names) {
      int nr = seccomp_syscall_resolve_name(name.c_str());
      if (nr == __NR_SCMP_ERROR) continue;  // not on this kernel/arch: skipped like runc
      in.rules.push_back(SeccompInput::Rule{act, nr, cmps, name});
    }
  }
  return in;
}

Result<std::vector<uint64_t>> build_seccomp_program(const SeccompInput& in) {
  std::unique_ptr<void, void (*)(scmp_filter_ctx)> ctx(seccomp_init(in.default_action), seccomp_release);
  if (!ctx) return fail("seccomp", "seccomp_init failed");
  for (const auto& arch : in.architectures) {
    int r = seccomp_arch_add(ctx.get(), arch.token);
    if (r < 0 && r != -EEXIST) return sys_error("seccomp add architecture", arch.name, -r);
  }
  for (const auto& rule : in.rules) {
    int r = seccomp_rule_add_array(ctx.get(), rule.action, rule.nr, static_cast<unsigned>(rule.cmps.size()),
                                   rule.cmps.data());
    if (r < 0) return sys_error("seccomp add rule", rule.name, -r);
  }
  return export_program(ctx.get());
}

std::string seccomp_cache_key(const SeccompInput& in) {
  std::string key;
  auto put = [&key](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) key += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  put(in.default_action, 4);
  put(in.architectures.size(), 4);
  for (const auto& a : in.architectures) put(a.token, 4);
  put(in.rules.size(), 4);
  for (const auto& r : in.rules) {
    put(r.action, 4);
    put(static_cast<uint32_t>(r.nr), 4);
    put(r.cmps.size(), 4);
    for (const auto& c : r.cmps) {
      put(c.arg, 4);
      put(static_cast<uint32_t>(c.op), 4);
      put(c.datum_a, 8);
      put(c.datum_b, 8);
    }
  }
  return key;
}

}  // namespace

Result<SeccompFilter> compile_seccomp(const spec::Seccomp& profile, const std::string& state_root) {
  SeccompFilter out;
  out.notify = spec::uses_notify(profile);
  SeccompInput in = TRY(plan_seccomp(profile));
  if (!in.skipped_architectures.empty()) {
    std::string names;
    for (const auto& a : in.skipped_architectures) names += (names.empty() ? "" : ", ") + a;
    log::debug("seccomp: architectures this host cannot execute left out of the filter: " + names);
  }
  out.flags = TRY(flags_of(profile, out.notify));
  if (state_root.empty()) {
    out.program = TRY(build_seccomp_program(in));
    return out;
  }
  // The cache (seccomp_cache.h) is an optimisation only: whatever goes wrong with it, the filter
  // is compiled here, in memory, and `create` goes on.
  auto entry = SeccompCacheEntry::open(state_root, seccomp_cache_key(in));
  if (!entry) {
    log::debug("seccomp: filter cache unavailable (" + entry.error().message() + "): compiling in memory");
    out.program = TRY(build_seccomp_program(in));
    return out;
  }
  auto cached = entry->load();
  if (cached) {
    log::debug("seccomp: cached filter " + entry->path() + " (" + std::to_string(cached->size()) + " instructions)");
    out.program = std::move(*cached);
    return out;
  }
  if (cached.error().err != ENOENT)
    log::debug("seccomp: cached filter rejected (" + cached.error().message() + "): compiling again");
  out.program = TRY(build_seccomp_program(in));
  if (auto w = entry->store(out.program); !w)
    log::debug("seccomp: filter not cached (" + w.error().message() + "): compiled in memory");
  else
    log::debug("seccomp: compiled " + std::to_string(out.program.size()) + " instructions, cached as " + entry->path());
  return out;
}

std::vector<std::string> supported_seccomp_architectures() {
  std::vector<std::string> out;
  for (const auto& a : spec::seccomp_architectures())
    if (arch_of(a)) out.push_back(a);
  return out;
}

std::vector<std::string> supported_seccomp_flags() {
  std::vector<std::string> out;
  for (const auto& f : spec::seccomp_flags()) {
    spec::Seccomp probe;
    probe.flags = {f};
    if (flags_of(probe, true)) out.push_back(f);
  }
  return out;
}

SeccompFilter without_listener(const SeccompFilter& filter) {
  SeccompFilter f = filter;
  f.notify = false;
  f.flags &= ~static_cast<unsigned>(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
  return f;
}

Result<void> install_seccomp(const SeccompFilter& filter, bool privileged, const SeccompListener* listener) {
  if (filter.notify && (!listener || listener->socket < 0))
    return fail("seccomp", "SCMP_ACT_NOTIFY without a connected listener");
  if (privileged) TRY_VOID(raise_admin());
  sock_fprog prog{static_cast<unsigned short>(filter.program.size()),
                  reinterpret_cast<sock_filter*>(const_cast<uint64_t*>(filter.program.data()))};
  if (!filter.notify) {
    if (seccomp_call(SECCOMP_SET_MODE_FILTER, filter.flags, &prog) < 0) return sys_error("seccomp load");
    return {};  // from here: execve only
  }
  Handoff h;
  h.listener = listener;
  pthread_t sender;
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);  // the sender takes no signal of the process
  // A small stack: the process's rlimits (RLIMIT_AS, RLIMIT_STACK) are already the container's.
  pthread_attr_t attr;
  ::pthread_attr_init(&attr);
  ::pthread_attr_setstacksize(&attr, 64 * 1024);
  int err = ::pthread_create(&sender, &attr, send_listener_fd, &h);
  ::pthread_attr_destroy(&attr);
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (err != 0) return sys_error("seccomp: start the listener thread", {}, err);
  long fd = seccomp_call(SECCOMP_SET_MODE_FILTER, filter.flags, &prog);
  if (fd < 0) {
    int e = errno;
    h.fd.store(-2, std::memory_order_release);
    ::pthread_join(sender, nullptr);
    return sys_error("seccomp load", {}, e);
  }
  h.fd.store(static_cast<int>(fd), std::memory_order_release);
  // Under the filter now: wait without a syscall (the sender needs microseconds).
  int sent;
  while ((sent = h.sent.load(std::memory_order_acquire)) == 0) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  // The sender is done with `h`; execve ends it (or exit, on failure).
  if (sent < 0) return sys_error("seccomp: send the listener fd to listenerPath", {}, -sent);
  return {};
}

}  // namespace rampart::process
