// Load: many containers one after the other and many at once, and many commands racing on one
// container. Everything succeeds, nothing hangs, and afterwards the host has exactly the
// processes, cgroup directories (every hierarchy), mounts, fds and state directories it had
// before (census.h counts each). The default run is short (CI); RAMPART_STRESS_FULL=1 (ctest
// label `stress`, `make test-stress`) runs the full sizes: 1000 sequential, 50 parallel x 10.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "census.h"
#include "harness.h"

namespace rampart::testing {
namespace {

bool full() { return std::getenv("RAMPART_STRESS_FULL") != nullptr; }

// `<runtime> --root <root> args...`: Bundle::run rewrites config.json each time; from threads
// the config is written once and the runtime run directly.
Result rt(const Bundle& b, std::vector<std::string> args, const RunOptions& opts = {}) {
  std::vector<std::string> argv = runtime_argv();
  argv.insert(argv.end(), {"--root", b.state_root().string()});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, opts);
}

// create, start, delete -f of one id; "" on success, else what failed.
std::string cycle(const Bundle& b, const std::string& id) {
  RunOptions quiet{.output_file = b.tmp() / ("out-" + id)};
  Result c = rt(b, {"create", "--bundle", b.dir().string(), id}, quiet);
  if (!c.ok()) return "create " + id + ": " + read_file(b.tmp() / ("out-" + id));
  Result s = rt(b, {"start", id});
  if (!s.ok()) return "start " + id + ": " + s.err;
  Result d = rt(b, {"delete", "--force", id});
  if (!d.ok()) return "delete " + id + ": " + d.err;
  fs::remove(b.tmp() / ("out-" + id));
  return "";
}

TEST(Load, SequentialCreateStartDelete) {
  const int n = full() ? 1000 : 50;
  Bundle b({kHelper, "sleep", "60"});
  b.write();
  Census before = take_census({b.state_root()});
  int failed = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    std::string err = cycle(b, b.id());
    if (!err.empty() && ++failed <= 5) ADD_FAILURE() << "cycle " << i << ": " << err;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(failed, 0);
  Census after = wait_for_census(before, {b.state_root()});
  EXPECT_EQ(after, before);
  std::printf("%d sequential create/start/delete: %d failed, %lld ms (%.1f ms each); census %s\n", n, failed,
              static_cast<long long>(ms), static_cast<double>(ms) / n,
              ::testing::PrintToString(after).c_str());
}

TEST(Load, ParallelRounds) {
  const int width = full() ? 50 : 10, rounds = full() ? 10 : 2;
  Bundle b({kHelper, "sleep", "60"});
  b.write();
  std::vector<std::string> ids;
  for (int i = 0; i < width; ++i) ids.push_back(b.new_id());
  Census before = take_census({b.state_root()});
  std::atomic<int> failed{0};
  auto t0 = std::chrono::steady_clock::now();
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::thread> threads;
    std::vector<std::string> errors(width);
    for (int i = 0; i < width; ++i) threads.emplace_back([&, i] { errors[i] = cycle(b, ids[i]); });
    for (auto& t : threads) t.join();
    for (auto& e : errors)
      if (!e.empty() && ++failed <= 5) ADD_FAILURE() << "round " << round << ": " << e;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(failed.load(), 0);
  Census after = wait_for_census(before, {b.state_root()});
  EXPECT_EQ(after, before);
  std::printf("%d parallel x %d rounds: %d failed, %lld ms; census %s\n", width, rounds, failed.load(),
              static_cast<long long>(ms), ::testing::PrintToString(after).c_str());
}

// state, kill -0 / kill --all, exec, pause, resume racing on one container, then delete -f
// racing with them: no command hangs (each bounded), state.json is never half-written, and
// what `state` says at the end is true.
TEST(Load, ConcurrentCommandsOnOneContainer) {
  const auto length = full() ? std::chrono::seconds(30) : std::chrono::seconds(3);
  Bundle b({kHelper, "sleep", "600"});
  b.write();
  Census before = take_census({b.state_root()});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(rt(b, {"start", b.id()}).exit_code, 0);
  const std::string id = b.id();
  const fs::path state_file = b.state_root() / id / "state.json";
  std::atomic<bool> stop{false};
  std::atomic<int> ops{0}, hung{0}, torn{0};
  const std::vector<std::vector<std::string>> commands = {
      {"state", id},           {"kill", id, "0"},       {"kill", "--all", id, "CONT"},
      {"exec", id, kHelper, "pid"}, {"pause", id},      {"resume", id},
      {"ps", id},              {"list"},
  };
  auto worker = [&](size_t first) {
    for (size_t i = first; !stop; ++i) {
      Result r = rt(b, commands[i % commands.size()], {.timeout = 20s});
      if (r.timed_out) ++hung;
      std::string text = read_file(state_file);
      if (!text.empty() && nlohmann::json::parse(text, nullptr, false).is_discarded()) ++torn;
      ++ops;
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) threads.emplace_back(worker, t * 2);
  std::this_thread::sleep_for(length);
  // delete -f while the others still run.
  Result d = rt(b, {"delete", "--force", id}, {.timeout = 20s});
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_EQ(hung.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  Result st = rt(b, {"state", id});
  EXPECT_NE(st.exit_code, 0);
  EXPECT_NE(st.err.find("does not exist"), std::string::npos) << st;
  Census after = wait_for_census(before, {b.state_root()});
  EXPECT_EQ(after, before);
  std::printf("%d racing commands on one container, then delete -f: %d hung, %d torn state files\n", ops.load(),
              hung.load(), torn.load());
}

}  // namespace
}  // namespace rampart::testing
