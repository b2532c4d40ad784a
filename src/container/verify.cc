#include "container/verify.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "container/bundle.h"
#include "container/contract_errors.h"
#include "spec/parse.h"
#include "verify/judge.h"
#include "verify/mountinfo.h"

namespace rampart::container {
namespace {

std::string dirname_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string real_or(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

// When the process started, in seconds since the epoch (boot time + start ticks).
std::optional<int64_t> started_at(const safepath::Procfs& proc, uint64_t ticks) {
  auto stat = proc.read_file("stat");
  if (!stat) return std::nullopt;
  auto pos = stat->find("\nbtime ");
  if (pos == std::string::npos) return std::nullopt;
  int64_t btime = std::strtoll(stat->c_str() + pos + 7, nullptr, 10);
  long hz = ::sysconf(_SC_CLK_TCK);
  if (btime <= 0 || hz <= 0) return std::nullopt;
  return btime + static_cast<int64_t>(ticks / static_cast<uint64_t>(hz));
}

verify::Outcome outcome_of(const Target& t, verify::State s, std::string message) {
  verify::Outcome o;
  o.id = t.found.id;
  o.runtime = t.found.runtime;
  o.root = t.found.root;
  o.pid = t.found.pid;
  o.state = s;
  o.message = std::move(message);
  return o;
}

}  // namespace

std::vector<Target> find_targets(const VerifyRequest& r, std::vector<std::string>& errors) {
  std::vector<std::string> roots;
  for (const auto& root : {r.rampart_root}) roots.push_back(root);
  for (const auto& root : r.runtime_roots)
    if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
  std::vector<Discovered> all;
  for (const auto& root : roots)
    if (!root.empty())
      for (auto& d : discover(root)) all.push_back(std::move(d));
  // The same container seen twice (containerd's bundle directory and runc's root): once, from
  // the state that recorded a start time.
  std::vector<Discovered> unique;
  for (auto& d : all) {
    auto same = std::find_if(unique.begin(), unique.end(),
                             [&](const Discovered& u) { return d.pid > 0 && u.pid == d.pid && u.id == d.id; });
    if (same == unique.end()) unique.push_back(std::move(d));
    else if (same->start_time == 0 && d.start_time != 0) *same = std::move(d);
  }

  std::vector<Target> out;
  if (r.ids.empty() && r.pid == 0)
    for (auto& d : unique) out.push_back({std::move(d), false});
  for (const auto& id : r.ids) {
    bool any = false;
    for (const auto& d : unique)
      if (d.id == id) {
        out.push_back({d, true});
        any = true;
      }
    if (!any) {
      std::string where;
      for (const auto& root : roots) where += (where.empty() ? "" : ", ") + root;
      errors.push_back(does_not_exist(id).error().message() + " (looked in " + where + ")");
    }
  }
  if (r.pid > 0) {
    Discovered d;
    d.id = "pid-" + std::to_string(r.pid);
    d.runtime = "pid";
    d.root = "-";
    d.pid = r.pid;
    d.config_path = r.config_file;
    d.bundle = dirname_of(r.config_file);
    out.push_back({std::move(d), true});
  }
  return out;
}

verify::Outcome verify_target(const safepath::Procfs& proc, const verify::HostFacts& host,
                              const std::vector<inspect::ProcessEntry>& table, const Target& t,
                              const policy::Policy& policy) {
  const Discovered& d = t.found;
  using verify::State;
  if (!d.error.empty()) return outcome_of(t, State::Error, "cannot read its state: " + d.error);
  if (d.created) return outcome_of(t, State::NotStarted, "created, not started: its init is still the runtime's");
  if (d.pid <= 0) return outcome_of(t, State::Stopped, "no init pid recorded");

  auto start = inspect::start_time(proc, d.pid);
  if (!start) {
    if (start.error().kind == ErrorKind::NotFound)
      return outcome_of(t, State::Stopped, "its init (pid " + std::to_string(d.pid) + ") is gone");
    return outcome_of(t, State::Error, start.error().message());
  }
  if (d.start_time && *start != d.start_time)
    return outcome_of(t, State::Stopped,
                      "pid " + std::to_string(d.pid) + " is another process now: the container's init is gone");
  // A pid file records no start time: a process that started after the file was written is
  // not the one it names (the pid was recycled).
  if (d.pid_file_mtime > 0)
    if (auto at = started_at(proc, *start); at && *at > d.pid_file_mtime + 2)
      return outcome_of(t, State::Stopped,
                        "pid " + std::to_string(d.pid) + " started after its pid file was written: the pid was recycled");

  if (d.config_path.empty()) return outcome_of(t, State::Error, "no config.json to verify against");
  auto text = read_file(d.config_path);
  if (!text) return outcome_of(t, State::Error, "cannot read its config: " + text.error().message());
  auto config = spec::parse_config(*text);
  if (!config) return outcome_of(t, State::Error, config.error().within(d.config_path).message());

  verify::Expectation e;
  e.id = d.id;
  e.runtime = d.runtime;
  e.config_path = d.config_path;
  e.config = std::move(*config);
  std::string rootfs = d.rootfs;
  if (rootfs.empty() && !e.config.root.path.empty())
    rootfs = e.config.root.path.front() == '/' ? e.config.root.path : d.bundle + "/" + e.config.root.path;
  if (!rootfs.empty()) e.rootfs = real_or(rootfs);  // the trusted bundle's path, as the kernel names it
  for (const auto& [ctl, dir] : d.cgroup_dirs)
    if (auto p = verify::cgroup_path_of(host.mounts, ctl, dir)) e.cgroup[ctl] = *p;
  e.cgroup_everywhere = d.cgroup_everywhere;
  if (d.runtime == "rampart") {
    std::string notify = d.root + "/" + d.id + "/notify";  // container/notify_socket.h
    if (struct stat st{}; ::lstat(notify.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) e.notify_dir = real_or(notify);
  }

  auto facts = inspect::container_facts(proc, e, host, table, d.pid, d.start_time);
  if (!facts) {
    if (facts.error().kind == ErrorKind::NotFound || facts.error().kind == ErrorKind::Raced)
      return outcome_of(t, State::Stopped, facts.error().detail);
    return outcome_of(t, State::Error, facts.error().message());
  }
  verify::Outcome o = outcome_of(t, State::Verified, "");
  o.report = verify::judge(e, *facts, host, policy);
  o.config_text = std::move(*text);
  return o;
}

int Pass::exit_code() const {
  for (const auto& o : outcomes)
    if (o.failed()) return 1;
  return errors.empty() ? 0 : 2;
}

Pass verify_pass(const safepath::Procfs& proc, const VerifyRequest& r) {
  Pass pass;
  auto targets = find_targets(r, pass.errors);
  auto host = inspect::host_facts(proc);
  if (!host) {
    pass.errors.push_back(host.error().message());
    return pass;
  }
  auto table = inspect::process_table(proc);
  for (const auto& t : targets) {
    verify::Outcome o = verify_target(proc, *host, table, t, r.policy);
    bool not_verified = o.state == verify::State::Error || (t.named && o.state == verify::State::Stopped);
    if (not_verified) pass.errors.push_back("container " + o.id + ": " + verify::state_name(o.state) + ": " + o.message);
    pass.outcomes.push_back(std::move(o));
  }
  return pass;
}

Result<void> write_metrics(const std::string& file, const std::vector<verify::Outcome>& outcomes) {
  std::string text = verify::render_metrics(outcomes, static_cast<int64_t>(::time(nullptr)));
  std::string tmp = file + ".tmp";
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd) return sys_error("write metrics", tmp);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    ::unlink(tmp.c_str());
    return sys_error("write metrics", tmp);
  }
  fd.reset();
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return sys_error("write metrics", file);
  }
  return {};
}

}  // namespace rampart::container
