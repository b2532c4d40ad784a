// linux.seccomp as the runtime-spec has it: actions, errno values, argument conditions (two on
// one argument as runc adds them), unknown syscall names, refused profiles, a default errno the
// runtime's own syscalls must not meet (ENXIO: the runtime makes none after the filter but
// execve), and SCMP_ACT_NOTIFY with a listener in this test process.
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "harness.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

json rule(std::vector<std::string> names, const std::string& action, json extra = json::object()) {
  json r = {{"names", names}, {"action", action}};
  for (auto& [k, v] : extra.items()) r[k] = v;
  return r;
}

json allow_but(json rules) { return {{"defaultAction", "SCMP_ACT_ALLOW"}, {"syscalls", rules}}; }

// The helper's mkdir probes, one line each.
std::vector<std::string> mkdirs(const std::vector<std::pair<std::string, std::string>>& dirs_modes) {
  std::string script;
  for (auto& [d, m] : dirs_modes) script += std::string(kHelper) + " mkdir /dev/shm/" + d + " " + m + "; ";
  return {"/bin/sh", "-c", script};
}

TEST(Seccomp, DeniesMkdirWithEperm) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO")});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
}

TEST(Seccomp, ErrnoRetIsTheErrnoReturned) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO", {{"errnoRet", 122}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EDQUOT\n") << r;
}

TEST(Seccomp, UnknownSyscallNameIsIgnored) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["linux"]["seccomp"] = allow_but({rule({"no_such_syscall_anywhere", "mkdir"}, "SCMP_ACT_ERRNO")});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
}

TEST(Seccomp, MaskedEqualArgumentCondition) {
  // Denied when the mode gives group and others nothing: (mode & 077) == 0.
  Bundle b(mkdirs({{"private", "0700"}, {"shared", "0755"}}));
  b.config()["linux"]["seccomp"] = allow_but(
      {rule({"mkdir"}, "SCMP_ACT_ERRNO",
            {{"errnoRet", 13}, {"args", {{{"index", 1}, {"value", 077}, {"valueTwo", 0}, {"op", "SCMP_CMP_MASKED_EQ"}}}}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EACCES\ncreated\n") << r;
}

TEST(Seccomp, TwoConditionsOnOneArgumentEachApply) {
  // runc adds each as a rule of its own: either mode is denied, any other is not.
  Bundle b(mkdirs({{"a", "0700"}, {"b", "0750"}, {"c", "0755"}}));
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO",
                                                   {{"args",
                                                     {{{"index", 1}, {"value", 0700}, {"op", "SCMP_CMP_EQ"}},
                                                      {{"index", 1}, {"value", 0750}, {"op", "SCMP_CMP_EQ"}}}}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\ndenied: EPERM\ncreated\n") << r;
}

TEST(Seccomp, ConditionsOnTwoArgumentsMustBothHold) {
  Bundle b(mkdirs({{"a", "0700"}, {"b", "0755"}}));
  // arg 0 is a pointer, never 0: with it the rule never matches.
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO",
                                                   {{"args",
                                                     {{{"index", 0}, {"value", 0}, {"op", "SCMP_CMP_EQ"}},
                                                      {{"index", 1}, {"value", 0700}, {"op", "SCMP_CMP_EQ"}}}}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "created\ncreated\n") << r;
}

TEST(Seccomp, KillProcessAction) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir"}, "SCMP_ACT_KILL_PROCESS")});
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 128 + SIGSYS) << r;
  EXPECT_EQ(r.out, "") << r;
}

// What the helper needs to print its answer, and nothing of what the runtime itself used to
// call after the filter (close_range, openat2, openat, close, read, prctl, capset, ...).
json only_the_helper() {
  return {{"defaultAction", "SCMP_ACT_ERRNO"},
          {"defaultErrnoRet", 6},
          {"syscalls",
           {rule({"execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "mprotect",
                  "mmap", "munmap", "getrandom", "newfstatat", "fstat", "write", "writev", "exit_group", "exit",
                  "mkdir", "readlinkat", "uname", "futex", "ioctl", "lseek", "rt_sigprocmask", "rt_sigaction"},
                 "SCMP_ACT_ALLOW")}}};
}

class SeccompDefaultErrno : public ::testing::TestWithParam<bool> {};

TEST_P(SeccompDefaultErrno, EnxioDefaultStillRunsTheProgram) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["process"]["noNewPrivileges"] = GetParam();
  b.config()["linux"]["seccomp"] = only_the_helper();
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "created\n") << r;
}

TEST_P(SeccompDefaultErrno, EnxioDefaultAppliesToTheProgram) {
  Bundle b({kHelper, "read-probe", "/etc/passwd"});  // openat is not allowed
  b.config()["process"]["noNewPrivileges"] = GetParam();
  b.config()["linux"]["seccomp"] = only_the_helper();
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: ENXIO\n") << r;
}

INSTANTIATE_TEST_SUITE_P(NoNewPrivs, SeccompDefaultErrno, ::testing::Bool());

// Refused by `create` with one line naming the field, before anything exists.
void expect_refused(const json& profile, const std::string& words) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["linux"]["seccomp"] = profile;
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  // create's stderr is the container's too: its error line lands in container_output().
  std::string err = r.err + b.container_output();
  EXPECT_NE(err.find(words), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Seccomp, InvalidActionIsRefusedBeforeStart) {
  expect_refused(allow_but({rule({"mkdir"}, "SCMP_ACT_EXPLODE")}),
                 "linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_EXPLODE\"");
}

TEST(Seccomp, InvalidArchitectureIsRefusedBeforeStart) {
  json p = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO")});
  p["architectures"] = {"SCMP_ARCH_PDP11"};
  expect_refused(p, "linux.seccomp.architectures[0]: unknown architecture \"SCMP_ARCH_PDP11\"");
}

TEST(Seccomp, UnknownFlagIsRefusedBeforeStart) {
  json p = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO")});
  p["flags"] = {"SECCOMP_FILTER_FLAG_MAGIC"};
  expect_refused(p, "linux.seccomp.flags[0]: unsupported flag \"SECCOMP_FILTER_FLAG_MAGIC\"");
}

TEST(Seccomp, LogAndSpecAllowFlagsLoad) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  json p = allow_but({rule({"mkdir"}, "SCMP_ACT_ERRNO")});
  p["flags"] = {"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"};
  b.config()["linux"]["seccomp"] = p;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
}

// The compiled filter is cached under --root (src/linux/process/seccomp_cache.h): the second
// container with the same profile reads the program back instead of compiling it, and it still
// denies what the profile denies -- for native calls and in the other runs of the same profile.
std::string run_logged(Bundle& b, const std::string& name, Result* r) {
  fs::path log = b.tmp() / (name + ".log");
  *r = b.run({"--debug", "--log", log.string(), "run", "--bundle", b.dir().string(), b.id()});
  return read_file(log);
}

fs::path only_cache_entry(const Bundle& b) {
  std::vector<fs::path> found;
  for (auto& e : fs::directory_iterator(b.state_root() / ".seccomp-cache"))
    if (!e.path().filename().string().starts_with(".")) found.push_back(e.path());
  EXPECT_EQ(found.size(), 1u);
  return found.empty() ? fs::path() : found[0];
}

TEST(SeccompFilterCache, SecondRunUsesTheCachedFilter) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  json p = allow_but({rule({"mkdir", "mkdirat"}, "SCMP_ACT_ERRNO")});
  p["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"};
  b.config()["linux"]["seccomp"] = p;
  Result r;
  std::string log = run_logged(b, "first", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
  EXPECT_NE(log.find("seccomp: compiled"), std::string::npos) << log;
  EXPECT_EQ(log.find("seccomp: cached filter"), std::string::npos) << log;
  only_cache_entry(b);

  log = run_logged(b, "second", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
  EXPECT_NE(log.find("seccomp: cached filter"), std::string::npos) << log;
  EXPECT_EQ(log.find("seccomp: compiled"), std::string::npos) << log;

  // Another profile is another entry: a program is never shared between profiles.
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir", "mkdirat"}, "SCMP_ACT_ERRNO", {{"errnoRet", 122}})});
  log = run_logged(b, "third", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EDQUOT\n") << r;
  EXPECT_NE(log.find("seccomp: compiled"), std::string::npos) << log;
}

// A damaged entry (here: the program of an allow-all filter put in its place, the header left
// as it was) is refused on load and compiled again: the container still gets the profile's filter.
TEST(SeccompFilterCache, CorruptedEntryIsRejected) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  b.config()["linux"]["seccomp"] = allow_but({rule({"mkdir", "mkdirat"}, "SCMP_ACT_ERRNO")});
  Result r;
  run_logged(b, "first", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  fs::path entry = only_cache_entry(b);
  ASSERT_FALSE(entry.empty());
  std::string good = read_file(entry);
  // BPF_RET|BPF_K SECCOMP_RET_ALLOW in every instruction of the program (the entry's last
  // count * 8 bytes, the count at offset 12 of the header).
  ASSERT_GT(good.size(), 16u);
  uint32_t count = 0;
  std::memcpy(&count, good.data() + 12, sizeof count);
  ASSERT_GT(count, 0u);
  ASSERT_LE(size_t{count} * 8, good.size());
  std::string bad = good;
  const std::string allow("\x06\x00\x00\x00\x00\x00\xff\x7f", 8);
  for (size_t i = 0; i < count; ++i) bad.replace(bad.size() - (i + 1) * 8, 8, allow);
  { std::ofstream(entry, std::ios::binary | std::ios::trunc) << bad; }
  std::string log = run_logged(b, "second", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
  EXPECT_NE(log.find("seccomp: cached filter rejected"), std::string::npos) << log;
  EXPECT_EQ(read_file(entry), good);  // written again, whole
  // Truncated: the same.
  { std::ofstream(entry, std::ios::binary | std::ios::trunc) << good.substr(0, good.size() - 3); }
  log = run_logged(b, "third", &r);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\n") << r;
  EXPECT_NE(log.find("seccomp: cached filter rejected"), std::string::npos) << log;
}

// A seccomp agent in this process: accepts connections on `path` (one per filtered process:
// the init's, then each `exec`'s), reads each ContainerProcessState and its fd, then answers
// every notification with `answer`.
class Agent {
 public:
  using Answer = std::function<void(const seccomp_notif&, seccomp_notif_resp&)>;
  Agent(const fs::path& path, Answer answer) : answer_(std::move(answer)) {
    sock_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    EXPECT_EQ(::bind(sock_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
    EXPECT_EQ(::listen(sock_, 4), 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~Agent() {
    stop_ = true;
    thread_.join();
    for (auto& t : workers_) t.join();
    ::close(sock_);
  }
  json state(size_t i = 0) {
    std::lock_guard l(mu_);
    return i < states_.size() ? states_[i] : json();
  }
  size_t connections() {
    std::lock_guard l(mu_);
    return states_.size();
  }
  int notifications() const { return count_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{sock_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int conn = ::accept4(sock_, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn >= 0) workers_.emplace_back([this, conn] { handle(conn); });
    }
  }

  void handle(int conn) {
    std::string buf(1 << 16, '\0');
    iovec iov{buf.data(), buf.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))]{};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    pollfd c{conn, POLLIN, 0};
    while (!stop_ && ::poll(&c, 1, 100) == 0) {
    }
    ssize_t n = stop_ ? -1 : ::recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    ::close(conn);
    if (n <= 0) return;
    int fd = -1;
    for (cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
      if (cm->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    {
      std::lock_guard l(mu_);
      json st = json::parse(buf.substr(0, static_cast<size_t>(n)), nullptr, false);
      st["received_fd"] = fd >= 0;
      states_.push_back(st);
    }
    if (fd < 0) return;
    for (;;) {
      pollfd f{fd, POLLIN, 0};
      int r = ::poll(&f, 1, 100);
      if (stop_) break;
      if (r <= 0) continue;
      if (f.revents & (POLLHUP | POLLERR)) break;  // the filtered process is gone
      seccomp_notif req{};
      if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) continue;
      seccomp_notif_resp resp{};
      resp.id = req.id;
      answer_(req, resp);
      ++count_;
      (void)::ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
    ::close(fd);
  }

  int sock_ = -1;
  Answer answer_;
  std::thread thread_;
  std::vector<std::thread> workers_;  // touched by the accepting thread only, until joined
  std::atomic<bool> stop_{false};
  std::atomic<int> count_{0};
  std::mutex mu_;
  std::vector<json> states_;
};

json notify_profile(const fs::path& listener, std::vector<std::string> names) {
  json p = allow_but({rule(std::move(names), "SCMP_ACT_NOTIFY")});
  p["listenerPath"] = listener.string();
  p["listenerMetadata"] = "meta-42";
  return p;
}

class SeccompNotify : public ::testing::TestWithParam<bool> {};

TEST_P(SeccompNotify, ListenerAnswersMkdir) {
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  Agent agent(b.tmp() / "agent.sock", [](const seccomp_notif&, seccomp_notif_resp& resp) { resp.error = -EDQUOT; });
  b.config()["process"]["noNewPrivileges"] = GetParam();
  b.config()["linux"]["seccomp"] = notify_profile(b.tmp() / "agent.sock", {"mkdir"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EDQUOT\n") << r;
  EXPECT_EQ(agent.notifications(), 1);
  json s = agent.state();
  EXPECT_EQ(s["fds"], json::array({"seccompFd"})) << s;
  EXPECT_EQ(s["metadata"], "meta-42") << s;
  EXPECT_EQ(s["received_fd"], true) << s;
  EXPECT_GT(s.value("pid", 0), 0) << s;
  EXPECT_EQ(s["state"]["id"], b.id()) << s;
  EXPECT_EQ(s["state"]["pid"], s["pid"]) << s;
  EXPECT_FALSE(s.value("ociVersion", "").empty()) << s;
}

// Syscalls a runtime might make itself after the filter, all notified: the agent lets each go
// on; nothing waits on the agent before it has the fd.
TEST_P(SeccompNotify, NotifiedSyscallsTheRuntimeUsesDoNotHang) {
  Bundle b({kHelper, "pid"});
  Agent agent(b.tmp() / "agent.sock", [](const seccomp_notif&, seccomp_notif_resp& resp) {
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  });
  b.config()["process"]["noNewPrivileges"] = GetParam();
  b.config()["linux"]["seccomp"] = notify_profile(
      b.tmp() / "agent.sock", {"execve", "openat", "read", "write", "close", "close_range", "sendmsg", "recvmsg"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1\n") << r;
  EXPECT_GE(agent.notifications(), 2);  // execve and the answer's write at least
}

INSTANTIATE_TEST_SUITE_P(NoNewPrivs, SeccompNotify, ::testing::Bool());

// A process joined by `exec` runs under the container's filter, with a listener of its own: the
// agent gets a second connection whose state names the exec'd process, and answers it (runc's
// setns process sends its notify fd to the listener the same way).
TEST(Seccomp, ExecProcessReachesTheListener) {
  Bundle b({"/bin/sleep", "60"});
  Agent agent(b.tmp() / "agent.sock", [](const seccomp_notif&, seccomp_notif_resp& resp) { resp.error = -EDQUOT; });
  b.config()["linux"]["seccomp"] = notify_profile(b.tmp() / "agent.sock", {"mkdir"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0) << b.container_output();
  Result r = b.run({"exec", b.id(), "/bin/sh", "-c", std::string(kHelper) + " mkdir /dev/shm/d 0755; echo $$"});
  ASSERT_EQ(r.exit_code, 0) << r;
  ASSERT_EQ(agent.connections(), 2u);
  EXPECT_EQ(agent.notifications(), 1);
  json init = agent.state(0), exec = agent.state(1);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "denied: EDQUOT") << r;
  EXPECT_EQ(exec["received_fd"], true) << exec;
  EXPECT_EQ(exec["metadata"], "meta-42") << exec;
  EXPECT_EQ(exec["state"]["id"], b.id()) << exec;
  EXPECT_EQ(exec["state"]["pid"], init["pid"]) << exec;  // the container's state: the init's pid
  EXPECT_NE(exec["pid"], init["pid"]) << exec;            // the process: the exec'd one
  EXPECT_GT(exec.value("pid", 0), 0) << exec;
  EXPECT_EQ(b.kill("KILL").exit_code, 0);
}

// SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19): the filter loads with it and the
// listener answers as without it.
TEST(Seccomp, NotifyWithWaitKillableRecv) {
  // The flag without a listener is EINVAL; with one, a NULL program is EFAULT where it is known.
  constexpr unsigned kWaitKillable = 1u << 5, kNewListener = 1u << 3;
  if (!(::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, kWaitKillable | kNewListener, nullptr) < 0 && errno == EFAULT))
    GTEST_SKIP() << "this kernel has no SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV";
  Bundle b({kHelper, "mkdir", "/dev/shm/d", "0755"});
  Agent agent(b.tmp() / "agent.sock", [](const seccomp_notif&, seccomp_notif_resp& resp) { resp.error = -EDQUOT; });
  json p = notify_profile(b.tmp() / "agent.sock", {"mkdir"});
  p["flags"] = {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
  b.config()["linux"]["seccomp"] = p;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EDQUOT\n") << r;
  EXPECT_EQ(agent.notifications(), 1);
}

TEST(Seccomp, NotifyWithoutAListenerFailsCreate) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["linux"]["seccomp"] = notify_profile(b.tmp() / "nobody-listens.sock", {"mkdir"});
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  std::string err = r.err + b.container_output();
  EXPECT_NE(err.find("connect to seccomp listener"), std::string::npos) << err;
  EXPECT_TRUE(b.leftovers().empty());
}

}  // namespace
}  // namespace rampart::testing
