// verify --watch: a mount change is reported within a second (event-driven: the interval is a
// minute), containers that start and stop are noticed, only changes are printed (one JSON object
// per line), and -- with RAMPART_TEST_SOAK=1 (ctest -L soak) -- twenty containers watched for a
// minute cost bounded CPU and memory.
#include <poll.h>

#include "verify_helpers.h"

namespace rampart::testing {
namespace {

using Clock = std::chrono::steady_clock;

// `rampart verify --watch ...` in the background, its stdout read line by line.
class Watch {
 public:
  Watch(Bundle& b, std::vector<std::string> args) {
    int out[2];
    EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
    std::vector<std::string> argv;
    if (const char* w = std::getenv("RAMPART_TEST_WRAPPER"); w && *w) argv.push_back(w);
    argv.insert(argv.end(), {rampart_binary(), "--root", b.state_root().string(), "verify", "--watch"});
    argv.insert(argv.end(), args.begin(), args.end());
    err_ = b.tmp() / "watch.err";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      int e = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(e, 2);
      std::vector<char*> a;
      for (auto& s : argv) a.push_back(s.data());
      a.push_back(nullptr);
      ::execv(a[0], a.data());
      ::_exit(127);
    }
    ::close(out[1]);
    fd_ = out[0];
  }
  ~Watch() { stop(); }

  // Sends SIGTERM and returns the exit code.
  int stop() {
    if (pid_ <= 0) return code_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    ::close(fd_);
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return code_;
  }

  // The next event line, parsed; null on timeout.
  nlohmann::json next(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
      auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        lines_.push_back(line);
        auto j = nlohmann::json::parse(line, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << "not one JSON object: " << line;
        return j;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return nullptr;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char tmp[4096];
      ssize_t n = ::read(fd_, tmp, sizeof tmp);
      if (n <= 0) return nullptr;
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }

  // Skips events until one matches; null on timeout.
  nlohmann::json until(const std::function<bool(const nlohmann::json&)>& want, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return nullptr;
      auto j = next(left);
      if (j.is_null()) return j;
      if (want(j)) return j;
    }
  }

  // CPU seconds used so far, and resident memory in KiB.
  double cpu_seconds() const {
    std::string stat = read_file("/proc/" + std::to_string(pid_) + "/stat");
    auto close = stat.rfind(')');
    std::istringstream in(stat.substr(close + 2));
    std::string f;
    long ticks = 0;
    for (int i = 3; i <= 15 && in >> f; ++i)
      if (i == 14 || i == 15) ticks += std::stol(f);
    return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  long rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return -1;
  }
  std::string stderr_text() const { return read_file(err_); }
  std::string transcript() const {
    std::string t;
    for (const auto& l : lines_) t += l + "\n";
    return t;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  int code_ = -1;
  std::string buf_;
  std::vector<std::string> lines_;
  fs::path err_;
};

auto event(const std::string& kind, const std::string& rule = {}) {
  return [=](const nlohmann::json& j) { return j["event"] == kind && (rule.empty() || j.value("rule", "") == rule); };
}

TEST(VerifyWatch, ReportsAMountChangeWithinOneSecond) {
  Bundle b;
  Running c = start_sleeper(b);
  Watch w(b, {"--format", "json", "--interval", "60s", "--policy", quiet_policy(b).string()});
  auto first = w.until(event("watching"), 10s);
  ASSERT_FALSE(first.is_null()) << w.stderr_text();
  EXPECT_EQ(first["container"], b.id());
  EXPECT_TRUE(w.next(300ms).is_null()) << "an intact container gives no finding: " << w.transcript();

  auto t0 = Clock::now();
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount("tmpfs", "/mnt", "tmpfs", 0, nullptr) == 0; }), 0);
  auto found = w.until(event("finding", "RP-RUN-001"), 5s);
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  ASSERT_FALSE(found.is_null()) << w.transcript() << w.stderr_text();
  EXPECT_LT(took.count(), 1000) << "a mount change must be seen at once, not at the next interval";
  EXPECT_EQ(found["field"], "mount:/mnt");
  EXPECT_EQ(found["severity"], "high");
  EXPECT_EQ(found["container"], b.id());
  EXPECT_FALSE(found["time"].get<std::string>().empty());

  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::umount2("/mnt", MNT_DETACH) == 0; }), 0);
  auto resolved = w.until(event("resolved", "RP-RUN-001"), 2s);
  EXPECT_FALSE(resolved.is_null()) << w.transcript();
  std::cout << "[ measure  ] mount change reported after " << took.count() << " ms\n";
}

TEST(VerifyWatch, NoticesContainersThatStartAndStop) {
  Bundle b;
  Running first = start_sleeper(b);
  Watch w(b, {"--format", "json", "--interval", "500ms", "--policy", quiet_policy(b).string()});
  ASSERT_FALSE(w.until(event("watching"), 10s).is_null()) << w.stderr_text();
  std::string second = b.new_id();
  start_sleeper(b, second);
  auto started = w.until(event("started"), 5s);
  ASSERT_FALSE(started.is_null()) << w.transcript();
  EXPECT_EQ(started["container"], second);
  auto t0 = Clock::now();
  ASSERT_EQ(::kill(first.pid, SIGKILL), 0);
  auto stopped = w.until(event("stopped"), 5s);
  ASSERT_FALSE(stopped.is_null()) << w.transcript();
  EXPECT_EQ(stopped["container"], b.id());
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  EXPECT_LT(took, 1500);
  EXPECT_EQ(w.stop(), 0);
}

TEST(VerifyWatch, TextEventsAndMetrics) {
  Bundle b;
  Running c = start_sleeper(b);
  fs::path metrics = b.tmp() / "verify.prom";
  Watch w(b, {"--interval", "60s", "--metrics", metrics.string(), "--policy", quiet_policy(b).string()});
  auto deadline = Clock::now() + 10s;
  while (!fs::exists(metrics) && Clock::now() < deadline) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(fs::exists(metrics)) << w.stderr_text();
  std::string want = "rampart_verify_container_failed{container=\"" + b.id() + "\",runtime=\"";
  std::string m = read_file(metrics);
  auto at = m.find(want);
  ASSERT_NE(at, std::string::npos) << m;
  EXPECT_EQ(m.substr(m.find('}', at), 4), "} 0\n") << m;
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount("tmpfs", "/mnt", "tmpfs", 0, nullptr) == 0; }), 0);
  deadline = Clock::now() + 3s;
  while (read_file(metrics).find("RP-RUN-001") == std::string::npos && Clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_NE(read_file(metrics).find("rule=\"RP-RUN-001\""), std::string::npos) << read_file(metrics);
  EXPECT_EQ(w.stop(), 1);  // the last pass failed
}

TEST(VerifyWatchSoak, TwentyContainersForAMinuteStayBounded) {
  if (!std::getenv("RAMPART_TEST_SOAK")) GTEST_SKIP() << "set RAMPART_TEST_SOAK=1 (ctest -L soak)";
  Bundle b;
  std::vector<Running> cs;
  cs.push_back(start_sleeper(b));
  for (int i = 1; i < 20; ++i) cs.push_back(start_sleeper(b, b.new_id()));
  Watch w(b, {"--format", "json", "--interval", "2s", "--policy", quiet_policy(b).string()});
  int watching = 0;
  while (watching < 20 && !w.until(event("watching"), 20s).is_null()) ++watching;
  ASSERT_EQ(watching, 20) << w.stderr_text();
  std::this_thread::sleep_for(5s);
  double cpu0 = w.cpu_seconds();
  long rss0 = w.rss_kib();
  auto t0 = Clock::now();
  // A minute of watching, with a mount change in one container every few seconds.
  int changes = 0, reported = 0;
  while (Clock::now() - t0 < 60s) {
    int pid = cs[static_cast<size_t>(changes / 2) % cs.size()].pid;  // mount, then unmount, in each in turn
    bool mount = changes % 2 == 0;
    ASSERT_EQ(in_mount_ns(pid, [&] { return mount ? ::mount("tmpfs", "/mnt", "tmpfs", 0, nullptr) == 0
                                                  : ::umount2("/mnt", MNT_DETACH) == 0; }),
              0);
    if (!w.until(event(mount ? "finding" : "resolved", "RP-RUN-001"), 3s).is_null()) ++reported;
    ++changes;
    std::this_thread::sleep_for(2500ms);
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  double cpu = w.cpu_seconds() - cpu0;
  long rss1 = w.rss_kib();
  std::cout << "[ measure  ] 20 containers, " << secs << " s, interval 2s, " << changes << " mount changes: "
            << cpu << " CPU s (" << 100.0 * cpu / secs << "% of a core), RSS " << rss0 << " -> " << rss1 << " KiB\n";
  EXPECT_EQ(reported, changes) << w.transcript();
  EXPECT_LT(cpu / secs, 0.25) << "CPU use is not bounded";
  EXPECT_LT(rss1 - rss0, 2048) << "memory grows";
  EXPECT_LT(rss1, 32768);
  for (size_t i = 0; i < cs.size(); ++i)
    in_mount_ns(cs[i].pid, [] { return ::umount2("/mnt", MNT_DETACH) == 0 || true; });
}

}  // namespace
}  // namespace rampart::testing
