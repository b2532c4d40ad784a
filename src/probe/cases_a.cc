// Probe cases for classes 1, 2, 3 and 9 of the "Safe paths" issue. Each builds hostile bundles
// in its workdir, runs them, and judges with canaries the probe created itself: files whose
// content it knows, and what the container sees mounted where. Nothing here writes a host
// sysctl: sysctl cases ask for the value the host already has, and judge whether the runtime
// accepted the key at all.
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "probe/cases_a.h"
#include "probe/context.h"

namespace rampart::probe {

namespace {

using nlohmann::json;

std::string read_file(const std::string& p, bool* ok = nullptr) {
  std::ifstream f(p, std::ios::binary);
  if (ok) *ok = static_cast<bool>(f);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void write_file(const std::string& p, const std::string& content) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f) throw std::runtime_error("writing " + p);
}

void mkdirs(const std::string& p) {
  std::string cur;
  std::stringstream in(p);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (part.empty()) continue;
    cur += "/" + part;
    if (::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) throw std::runtime_error("mkdir " + cur + ": " + std::strerror(errno));
  }
}

void make_symlink(const std::string& target, const std::string& link) {
  ::unlink(link.c_str());
  if (::symlink(target.c_str(), link.c_str()) != 0)
    throw std::runtime_error("symlink " + link + ": " + std::strerror(errno));
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// The first line-ish of an error, for a one-sentence explanation.
std::string brief(const std::string& s) {
  std::string t = trim(s);
  for (auto& c : t)
    if (c == '\n') c = ' ';
  if (t.size() > 160) t = t.substr(0, 160) + "...";
  return t;
}

// A path that climbs out of any root and back down to `host_path`: a runtime that resolves it
// on the host (or lets `..` leave the root) lands on the probe's canary.
std::string climb_to(const std::string& host_path) { return "../../../../../../../../.." + host_path; }

// The image's /dev is used as it is: no tmpfs over /dev, so what the image put there is what a
// runtime that trusts paths will use (the state a shared or racing /dev also reaches).
void drop_dev_tmpfs(json& config) {
  json kept = json::array();
  for (auto& m : config["mounts"])
    if (m.value("destination", "") != "/dev") kept.push_back(m);
  config["mounts"] = kept;
}

void add_bind(json& config, const std::string& source, const std::string& dest, bool ro = false) {
  json opts = json::array({"rbind", ro ? "ro" : "rw"});
  config["mounts"].push_back({{"destination", dest}, {"type", "bind"}, {"source", source}, {"options", opts}});
}

void set_script(Bundle& b, const std::string& script) {
  b.config["process"]["args"] = json::array({"/bin/sh", "-c", script});
}

// The lines of `out` that start with `tag ` (tag removed).
std::vector<std::string> tagged(const std::string& out, const std::string& tag) {
  std::vector<std::string> v;
  std::stringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(tag + " ", 0) == 0) v.push_back(line.substr(tag.size() + 1));
  }
  return v;
}

std::vector<std::string> fields(const std::string& line) {
  std::stringstream in(line);
  std::vector<std::string> v;
  std::string w;
  while (in >> w) v.push_back(w);
  return v;
}

// Snapshot of a canary directory: every entry and its content (regular files) or type.
std::string snapshot(Context& ctx, const std::string& dir) {
  auto r = ctx.host_cmd({"sh", "-c", "cd \"$1\" && find . | sort | while read -r f; do "
                                     "if [ -f \"$f\" ] && [ ! -L \"$f\" ]; then echo \"$f $(md5sum < \"$f\")\"; "
                                     "else echo \"$f $(stat -c %F \"$f\")\"; fi; done",
                         "sh", dir});
  if (r.exit_code != 0) throw std::runtime_error("listing the canary dir " + dir + " failed: " + brief(r.err));
  return r.out;
}

// The first entry that differs between two snapshots, "" when equal.
std::string snapshot_diff(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::stringstream sa(a), sb(b);
  std::string la, lb;
  for (;;) {
    bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "changed";
    if (ga != gb || la != lb) {
      std::string x = ga ? la : lb;
      auto sp = x.find(' ');
      return (ga && gb ? "changed: " : ga ? "removed: " : "created: ") + x.substr(0, sp);
    }
  }
}

// Outcome of several variants: the first ESCAPED wins, then BROKEN, else RESISTED with notes.
struct Variants {
  std::vector<std::string> resisted, escaped, broken;
  void add(const Outcome& o, const std::string& label) {
    std::string e = label + ": " + o.explanation;
    (o.verdict == Verdict::Escaped ? escaped : o.verdict == Verdict::Broken ? broken : resisted).push_back(e);
  }
  Outcome result(const std::string& what) const {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
      return s;
    };
    if (!escaped.empty()) return {Verdict::Escaped, join(escaped)};
    if (!broken.empty()) return {Verdict::Broken, join(broken)};
    // One sentence: how many variants were refused and how many ran with the boundary intact.
    size_t refused = 0;
    for (const auto& r : resisted) refused += r.find(": refused") != std::string::npos;
    return {Verdict::Resisted, what + " (" + std::to_string(resisted.size()) + " variants: " + std::to_string(refused) +
                                   " refused, " + std::to_string(resisted.size() - refused) + " ran with the boundary intact)"};
  }
};

// ---------- class 1: masked paths through the image's /dev/null (CVE-2025-31133) ----------

// Masked files that exist on this host (the default maskedPaths that are files).
std::vector<std::string> masked_files() {
  std::vector<std::string> v;
  for (const char* p : {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/latency_stats",
                        "/proc/timer_stats"})
    if (::access(p, F_OK) == 0) v.push_back(p);
  return v;
}

const char* kMaskScript =
    "for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats /proc/timer_stats; do "
    "  if [ -e $p ]; then "
    "    t=$(stat -c '%F:%t:%T' $p | tr ' ' '_'); "
    "    c=$(timeout 2 head -c 48 $p | tr -c 'A-Za-z0-9_|%./-' '_'); "
    "    echo \"MASK $p $t $c\"; "
    "  fi; "
    "done; "
    "grep -E ' /proc/(kcore|keys|timer_list|sched_debug|latency_stats|timer_stats) ' /proc/self/mountinfo | "
    "sed 's/^/MI /'; echo DONE";

// Runs a bundle whose image /dev/null has been made hostile and judges the masked files.
Outcome judge_masking(Context& ctx, Bundle& b, const std::string& id, const std::vector<std::string>& canary_dirs) {
  std::vector<std::string> before;
  for (const auto& d : canary_dirs) before.push_back(snapshot(ctx, d));
  drop_dev_tmpfs(b.config);
  // The report goes to a file on a probe volume as well as stdout: a runtime that re-opens the
  // container's stdio through the image's /dev/null sends stdout into it.
  std::string outdir = b.dir + "-out";
  mkdirs(outdir);
  add_bind(b.config, outdir, "/probe-out");
  set_script(b, std::string("{ ") + kMaskScript + "; } > /probe-out/report 2>&1; cat /probe-out/report");
  b.write();
  auto r = ctx.run(b, id);
  for (size_t i = 0; i < canary_dirs.size(); ++i) {
    std::string diff = snapshot_diff(before[i], snapshot(ctx, canary_dirs[i]));
    if (!diff.empty()) return {Verdict::Escaped, "the runtime changed the host canary dir " + canary_dirs[i] + " (" + diff + ")"};
  }
  std::string report = read_file(outdir + "/report");
  if (r.out.find("DONE") == std::string::npos) r.out = report;
  if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos) {
    if (r.exit_code == -1) return {Verdict::Resisted, "the runtime hung and was killed; no canary changed"};
    return {Verdict::Resisted, "refused (exit " + std::to_string(r.exit_code) + "): " + brief(r.err)};
  }
  auto expected = masked_files();
  auto lines = tagged(r.out, "MASK");
  for (const auto& l : lines) {
    auto f = fields(l);
    if (f.size() < 2) continue;
    const std::string& path = f[0];
    std::string type = f[1];
    std::string content = f.size() > 2 ? f[2] : "";
    bool is_null = type == "character_special_file:1:3";
    if (!is_null || !content.empty()) {
      std::string mi;
      for (const auto& m : tagged(r.out, "MI")) {
        auto mf = fields(m);
        if (mf.size() > 5 && mf[4] == path) mi = " (mounted from root '" + mf[3] + "', options " + mf[5] + ")";
      }
      return {Verdict::Escaped, "the masked " + path + " is a " + type +
                                    (content.empty() || type.rfind("character", 0) != 0 ? "" : " showing '" + content + "'") +
                                    " instead of the null device" + mi};
    }
  }
  if (lines.empty() && !expected.empty())
    return {Verdict::Broken, "the container listed none of the masked files"};
  return {Verdict::Resisted, "every masked file is the null device and reads empty"};
}

Outcome masked_devnull_symlink(Context& ctx) {
  std::string canary = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  mkdirs(canary);
  mkdirs(vol);
  write_file(canary + "/secret", "PROBE-CANARY-HOST\n");
  write_file(vol + "/secret", "PROBE-CANARY-VOLUME\n");
  struct V {
    const char* label;
    std::string target;
  };
  std::vector<V> vs = {{"/dev/null -> /proc/sys/kernel/core_pattern", "/proc/sys/kernel/core_pattern"},
                       {"/dev/null -> ../ chain to a host canary", climb_to(canary + "/secret")},
                       {"/dev/null -> a file on a volume", "/probe-vol/secret"}};
  Variants out;
  int n = 0;
  for (const auto& v : vs) {
    std::string name = "devnull-symlink-" + std::to_string(++n);
    Bundle b = ctx.make_bundle(name);
    make_symlink(v.target, b.rootfs + "/dev/null");
    add_bind(b.config, vol, "/probe-vol");
    out.add(judge_masking(ctx, b, "probe-" + name, {canary, vol}), v.label);
  }
  return out.result("masking held for every /dev/null symlink");
}

Outcome masked_devnull_file(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-file");
  write_file(b.rootfs + "/dev/null", "PROBE-CANARY-REGULAR-FILE\n");
  return judge_masking(ctx, b, "probe-devnull-file", {});
}

Outcome masked_devnull_fifo(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-fifo");
  if (::mkfifo((b.rootfs + "/dev/null").c_str(), 0666) != 0)
    throw std::runtime_error(std::string("mkfifo: ") + std::strerror(errno));
  return judge_masking(ctx, b, "probe-devnull-fifo", {});
}

Outcome masked_devnull_device(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-device");
  // /dev/urandom's numbers (1:9) at the image's /dev/null: masking with it would show random bytes.
  if (::mknod((b.rootfs + "/dev/null").c_str(), S_IFCHR | 0666, makedev(1, 9)) != 0)
    throw std::runtime_error(std::string("mknod: ") + std::strerror(errno));
  return judge_masking(ctx, b, "probe-devnull-device", {});
}

// ---------- class 2: console and pts (CVE-2025-52565) ----------

// Listens on an AF_UNIX socket for the pty master a runtime sends (--console-socket) and reads
// everything the container writes to its terminal.
class ConsoleListener {
 public:
  explicit ConsoleListener(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (fd_ < 0 || path_.size() >= sizeof a.sun_path) throw std::runtime_error("console socket " + path_);
    std::strcpy(a.sun_path, path_.c_str());
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4) != 0)
      throw std::runtime_error("console socket " + path_ + ": " + std::strerror(errno));
    thread_ = std::thread([this] { loop(); });
  }
  ~ConsoleListener() { stop(); }
  // Waits until the container closed its terminal (or `limit` passed), then stops.
  std::string finish(std::chrono::seconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done_.load() && !g_interrupted.load() && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return stop();
  }
  std::string stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return out_;
  }
  bool got_master() const { return got_.load(); }

 private:
  void loop() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    int conn = -1, master = -1;
    while (!stop_.load() && !g_interrupted.load() && std::chrono::steady_clock::now() < deadline) {
      if (conn < 0) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) > 0) conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        continue;
      }
      if (master < 0) {
        pollfd p{conn, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        char data[256];
        char cbuf[CMSG_SPACE(sizeof(int) * 4)];
        iovec iov{data, sizeof data};
        msghdr m{};
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = cbuf;
        m.msg_controllen = sizeof cbuf;
        ssize_t n = ::recvmsg(conn, &m, MSG_CMSG_CLOEXEC);
        if (n <= 0) {
          ::close(conn);
          conn = -2;  // the sender went away without a master
          break;
        }
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
          if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) std::memcpy(&master, CMSG_DATA(c), sizeof(int));
        if (master >= 0) got_.store(true);
        continue;
      }
      pollfd p{master, POLLIN, 0};
      int pr = ::poll(&p, 1, 50);
      if (pr > 0) {
        char buf[4096];
        ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) out_.append(buf, static_cast<size_t>(n));
        else if (n < 0 && errno != EAGAIN && errno != EINTR) break;  // EIO: the slave side closed
        else if (n == 0) break;
      }
    }
    if (master >= 0) ::close(master);
    if (conn >= 0) ::close(conn);
    done_.store(true);
  }

  std::string path_;
  int fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> got_{false};
  std::atomic<bool> done_{false};
  std::string out_;
};

const char* kConsoleScript =
    "stat -c 'CON %F:%t:%T' /dev/console; "
    "while read -r a b c d mp e; do echo \"MP $mp $(echo \"$e\" | sed 's/.* - //')\"; done < /proc/self/mountinfo; "
    "echo DONE";

// Runs a terminal container whose image /dev has been made hostile; judges host canaries and
// where the container sees mounts.
Outcome judge_console(Context& ctx, Bundle& b, const std::string& id, const std::vector<std::string>& canary_dirs,
                      const std::string& pts_link_target = "") {
  std::vector<std::string> before;
  for (const auto& d : canary_dirs) before.push_back(snapshot(ctx, d));
  drop_dev_tmpfs(b.config);
  b.config["process"]["terminal"] = true;
  set_script(b, kConsoleScript);
  b.write();
  std::string sock = ctx.workdir() + "/" + id + ".sock";
  std::string out;
  CommandResult r;
  {
    ConsoleListener listener(sock);
    ctx.track(id);
    // Detached: runc refuses a console socket otherwise. The listener reads the terminal until
    // the container closes it.
    r = ctx.runtime_cmd({"run", "-d", "--console-socket", sock, "--bundle", b.dir, id});
    out = r.exit_code == 0 ? listener.finish(std::chrono::seconds(20)) : listener.stop();
    ctx.runtime_cmd({"delete", "-f", id});
  }
  for (size_t i = 0; i < canary_dirs.size(); ++i) {
    std::string diff = snapshot_diff(before[i], snapshot(ctx, canary_dirs[i]));
    if (!diff.empty()) return {Verdict::Escaped, "the runtime touched the host canary dir " + canary_dirs[i] + " (" + diff + ")"};
  }
  for (const auto& m : mounts_under(ctx.workdir()))
    if (m.find("/canary") != std::string::npos || m.find("/vol") != std::string::npos)
      return {Verdict::Escaped, "something is mounted on the host at " + m};
  if (r.exit_code != 0 || out.find("DONE") == std::string::npos) {
    if (r.exit_code == -1) return {Verdict::Resisted, "the runtime hung and was killed; no canary changed"};
    return {Verdict::Resisted, "refused (exit " + std::to_string(r.exit_code) + "): " + brief(r.err)};
  }
  // Inside the container: the console must be a pty mounted at /dev/console itself. A pty or
  // devpts mounted anywhere else was mounted through the image's /dev/console or /dev/ptmx link
  // (a device path the runtime must replace, never follow). A devpts that the config asked for at
  // /dev/pts and that landed where the image's /dev/pts link resolves inside the root is class 4
  // behaviour and only noted.
  std::string console_fs, noted;
  for (const auto& l : tagged(out, "MP")) {
    auto f = fields(l);
    if (f.size() < 2) continue;
    const std::string& mp = f[0];
    const std::string& fs = f[1];
    if (mp == "/dev/console") console_fs = fs;
    if (fs != "devpts" || mp == "/dev/console" || mp == "/dev/pts") continue;
    if (mp == pts_link_target) {
      noted = "; the config's devpts landed on " + mp + " where the image's /dev/pts resolves inside the root";
      continue;
    }
    return {Verdict::Escaped, "the runtime mounted a pty (devpts) on " + mp +
                                  ", a path chosen by the image's /dev links, instead of replacing them"};
  }
  return {Verdict::Resisted, "no canary was touched and no pty was mounted through the image's links" +
                                 (console_fs.empty() ? std::string() : "; /dev/console is on " + console_fs) + noted};
}

Outcome console_symlink(Context& ctx) {
  std::string canary = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  mkdirs(canary);
  mkdirs(vol);
  write_file(vol + "/console-target", "PROBE-CANARY-CONSOLE\n");
  write_file(canary + "/keep", "PROBE-CANARY\n");
  Variants out;
  {
    Bundle b = ctx.make_bundle("console-vol");
    make_symlink("/probe-vol/console-target", b.rootfs + "/dev/console");
    add_bind(b.config, vol, "/probe-vol");
    out.add(judge_console(ctx, b, "probe-console-vol", {canary, vol}), "/dev/console -> a file on a volume");
  }
  {
    Bundle b = ctx.make_bundle("console-host");
    make_symlink(climb_to(canary + "/console-host"), b.rootfs + "/dev/console");
    out.add(judge_console(ctx, b, "probe-console-host", {canary, vol}), "/dev/console -> ../ chain to the host");
  }
  {
    Bundle b = ctx.make_bundle("console-file");
    write_file(b.rootfs + "/dev/console", "PROBE-CANARY-CONSOLE-FILE\n");
    add_bind(b.config, vol, "/probe-vol");
    out.add(judge_console(ctx, b, "probe-console-file", {canary, vol}), "/dev/console a regular file");
  }
  return out.result("the console was set up without following the image's /dev/console");
}

Outcome pts_ptmx_symlink(Context& ctx) {
  std::string canary = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  mkdirs(canary + "/ptsdir");
  mkdirs(vol + "/ptsdir");
  write_file(canary + "/ptsdir/keep", "PROBE-CANARY\n");
  write_file(vol + "/ptmx-target", "PROBE-CANARY-PTMX\n");
  write_file(vol + "/ptsdir/keep", "PROBE-CANARY\n");
  Variants out;
  {
    Bundle b = ctx.make_bundle("ptmx-vol");
    make_symlink("/probe-vol/ptmx-target", b.rootfs + "/dev/ptmx");
    add_bind(b.config, vol, "/probe-vol");
    out.add(judge_console(ctx, b, "probe-ptmx-vol", {canary, vol}), "/dev/ptmx -> a file on a volume");
  }
  {
    Bundle b = ctx.make_bundle("pts-host");
    ::rmdir((b.rootfs + "/dev/pts").c_str());
    make_symlink(climb_to(canary + "/ptsdir"), b.rootfs + "/dev/pts");
    out.add(judge_console(ctx, b, "probe-pts-host", {canary, vol}, canary + "/ptsdir"), "/dev/pts -> ../ chain to a host dir");
  }
  {
    Bundle b = ctx.make_bundle("pts-vol");
    ::rmdir((b.rootfs + "/dev/pts").c_str());
    make_symlink("/probe-vol/ptsdir", b.rootfs + "/dev/pts");
    add_bind(b.config, vol, "/probe-vol");
    out.add(judge_console(ctx, b, "probe-pts-vol", {canary, vol}, "/probe-vol/ptsdir"), "/dev/pts -> a dir on a volume");
  }
  return out.result("devpts and the console were set up without following the image's /dev/pts or /dev/ptmx");
}

// ---------- class 3: redirected procfs writes ----------

const std::string kCanary = "PROBE-CANARY\n";

Outcome judge_proc_redirect(Context& ctx, Bundle& b, const std::string& id, const std::string& fake_root,
                            const std::vector<std::string>& canary_files) {
  b.config["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}};
  b.config["process"]["oomScoreAdj"] = 123;
  b.config["mounts"].push_back({{"destination", "/probe-proc"}, {"type", "proc"}, {"source", "proc"}});
  set_script(b, "echo \"REAL $(cat /probe-proc/sys/net/ipv4/ip_forward)\"; echo \"OOM $(cat /probe-proc/self/oom_score_adj)\"; echo DONE");
  b.write();
  auto r = ctx.run(b, id);
  for (const auto& f : canary_files) {
    bool ok = false;
    std::string now = read_file(fake_root + "/" + f, &ok);
    if (!ok) return {Verdict::Escaped, "the runtime removed the canary " + f + " in the directory planted over procfs"};
    if (now != kCanary)
      return {Verdict::Escaped, "a runtime write meant for procfs landed in the planted canary " + f + " ('" + brief(now) + "')"};
  }
  if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos) {
    if (r.exit_code == -1) return {Verdict::Resisted, "the runtime hung and was killed; no canary changed"};
    return {Verdict::Resisted, "refused (exit " + std::to_string(r.exit_code) + "): " + brief(r.err)};
  }
  auto real = tagged(r.out, "REAL");
  std::string v = real.empty() ? "" : trim(real[0]);
  if (v != "1")
    return {Verdict::Broken, "the container ran but its real net.ipv4.ip_forward is '" + v +
                                 "': the sysctl reached neither the real file nor the canary"};
  return {Verdict::Resisted, "the sysctl reached the real procfs file and no canary changed"};
}

void plant_fake_proc(const std::string& root, const std::vector<std::string>& files) {
  for (const auto& f : files) {
    auto slash = f.find_last_of('/');
    if (slash != std::string::npos) mkdirs(root + "/" + f.substr(0, slash));
    write_file(root + "/" + f, kCanary);
  }
}

Outcome procfs_sysctl_redirect(Context& ctx) {
  std::vector<std::string> files = {"net/ipv4/ip_forward", "kernel/core_pattern"};
  Variants out;
  {
    std::string fake = ctx.workdir() + "/fake-sys";
    plant_fake_proc(fake, files);
    Bundle b = ctx.make_bundle("procsys-bind");
    add_bind(b.config, fake, "/proc/sys");
    out.add(judge_proc_redirect(ctx, b, "probe-procsys-bind", fake, files), "a bind over /proc/sys");
  }
  {
    std::string fake = ctx.workdir() + "/fake-net";
    std::vector<std::string> f2 = {"ipv4/ip_forward"};
    plant_fake_proc(fake, f2);
    Bundle b = ctx.make_bundle("procsysnet-bind");
    add_bind(b.config, fake, "/proc/sys/net");
    out.add(judge_proc_redirect(ctx, b, "probe-procsysnet-bind", fake, f2), "a bind over /proc/sys/net");
  }
  {
    // The mount destination is an image symlink that leads into /proc.
    std::string fake = ctx.workdir() + "/fake-sys2";
    plant_fake_proc(fake, files);
    Bundle b = ctx.make_bundle("procsys-via-link");
    make_symlink("/proc", b.rootfs + "/probe-link");
    add_bind(b.config, fake, "/probe-link/sys");
    out.add(judge_proc_redirect(ctx, b, "probe-procsys-via-link", fake, files), "a bind onto /probe-link/sys, /probe-link -> /proc");
  }
  return out.result("no procfs write was redirected");
}

Outcome procfs_over_proc(Context& ctx) {
  std::vector<std::string> files = {"sys/net/ipv4/ip_forward", "self/attr/exec", "self/attr/current",
                                    "self/attr/apparmor/exec", "self/oom_score_adj", "self/setgroups",
                                    "thread-self/attr/exec", "1/oom_score_adj"};
  std::string fake = ctx.workdir() + "/fake-proc";
  plant_fake_proc(fake, files);
  Bundle b = ctx.make_bundle("proc-bind");
  add_bind(b.config, fake, "/proc");
  b.config["process"]["apparmorProfile"] = "unconfined";
  return judge_proc_redirect(ctx, b, "probe-proc-bind", fake, files);
}

// ---------- class 9: sysctl keys ----------

// Runs a container asking for sysctl key=value where value is what the host already has, so
// even a runtime that writes it changes nothing. Accepting the key at all is the escape.
Outcome sysctl_refused(Context& ctx, const std::string& name, const std::string& key, const std::string& host_file) {
  bool ok = false;
  std::string before = read_file(host_file, &ok);
  if (!ok) return {Verdict::Skipped, "cannot read " + host_file + " to reuse its value"};
  Bundle b = ctx.make_bundle(name);
  b.config["linux"]["sysctl"] = {{key, trim(before)}};
  b.write();
  auto r = ctx.run(b, "probe-" + name);
  std::string after = read_file(host_file);
  if (after != before) return {Verdict::Escaped, "the host's " + host_file + " changed"};
  if (r.exit_code == 0)
    return {Verdict::Escaped, "the runtime accepted sysctl '" + key + "' and started the container (value kept equal to the host's, so nothing changed)"};
  if (r.exit_code == -1) return {Verdict::Resisted, "the runtime hung and was killed; " + host_file + " unchanged"};
  return {Verdict::Resisted, "refused '" + key + "': " + brief(r.err)};
}

Outcome sysctl_traversal(Context& ctx) {
  Variants out;
  int n = 0;
  for (const char* key : {"net/../../kernel/core_pattern", "net.ipv4/../../../kernel/core_pattern",
                          "net.ipv4.ip_forward/../../../../kernel/core_pattern", "net..kernel.core_pattern",
                          "kernel/shm_rmid_forced/../../../kernel/core_pattern"}) {
    std::string name = "sysctl-traversal-" + std::to_string(++n);
    out.add(sysctl_refused(ctx, name, key, "/proc/sys/kernel/core_pattern"), std::string("'") + key + "'");
  }
  return out.result("every traversing key was refused");
}

Outcome sysctl_not_namespaced(Context& ctx) {
  Variants out;
  struct K {
    const char* key;
    const char* file;
  };
  int n = 0;
  for (K k : {K{"kernel.core_pattern", "/proc/sys/kernel/core_pattern"}, K{"vm.swappiness", "/proc/sys/vm/swappiness"},
              K{"kernel.randomize_va_space", "/proc/sys/kernel/randomize_va_space"}, K{"fs.protected_symlinks", "/proc/sys/fs/protected_symlinks"}}) {
    std::string name = "sysctl-host-" + std::to_string(++n);
    out.add(sysctl_refused(ctx, name, k.key, k.file), k.key);
  }
  return out.result("every non-namespaced key was refused");
}

}  // namespace

void add_cases_a(std::vector<Case>& out) {
  out.push_back(Case{
      .name = "masked-devnull-symlink",
      .attack_class = 1,
      .cves = {"CVE-2025-31133"},
      .summary = "the image's /dev/null is a symlink (to /proc/sys/kernel/core_pattern, a ../ chain to a host canary, a volume file) "
                 "and the runtime masks paths with it",
      .runc_115_escapes = true,
      .run = masked_devnull_symlink,
  });
  out.push_back(Case{
      .name = "masked-devnull-file",
      .attack_class = 1,
      .cves = {"CVE-2025-31133"},
      .summary = "the image's /dev/null is a regular file with canary content",
      .runc_115_escapes = true,
      .run = masked_devnull_file,
  });
  out.push_back(Case{
      .name = "masked-devnull-fifo",
      .attack_class = 1,
      .cves = {"CVE-2025-31133"},
      .summary = "the image's /dev/null is a fifo (a runtime that opens it may hang)",
      .runc_115_escapes = true,
      .run = masked_devnull_fifo,
  });
  out.push_back(Case{
      .name = "masked-devnull-device",
      .attack_class = 1,
      .cves = {"CVE-2025-31133"},
      .summary = "the image's /dev/null is another character device (1:9, urandom)",
      .runc_115_escapes = true,
      .run = masked_devnull_device,
  });
  out.push_back(Case{
      .name = "console-symlink",
      .attack_class = 2,
      .cves = {"CVE-2025-52565"},
      .summary = "with a terminal, the image's /dev/console is a symlink (to a volume file, a ../ chain to the host) or a file",
      .runc_115_escapes = true,
      .run = console_symlink,
  });
  out.push_back(Case{
      .name = "pts-ptmx-symlink",
      .attack_class = 2,
      .cves = {"CVE-2025-52565"},
      .summary = "with a terminal, the image's /dev/ptmx or /dev/pts is a symlink to a volume or a ../ chain to the host",
      .runc_115_escapes = false,
      .run = pts_ptmx_symlink,
  });
  out.push_back(Case{
      .name = "procfs-sysctl-redirect",
      .attack_class = 3,
      .cves = {"CVE-2025-52881", "CVE-2019-19921"},
      .summary = "a config bind puts a canary dir over /proc/sys (directly, on /proc/sys/net, through an image symlink) "
                 "and asks for a sysctl",
      .runc_115_escapes = false,
      .run = procfs_sysctl_redirect,
  });
  out.push_back(Case{
      .name = "procfs-over-proc",
      .attack_class = 3,
      .cves = {"CVE-2019-16884", "CVE-2019-19921", "CVE-2025-52881"},
      .summary = "a config bind puts a canary dir over all of /proc, with a sysctl, oomScoreAdj and an AppArmor profile",
      .runc_115_escapes = false,
      .run = procfs_over_proc,
  });
  out.push_back(Case{
      .name = "sysctl-traversal",
      .attack_class = 9,
      .cves = {},
      .summary = "sysctl keys with '/' or '..' that lead to kernel.core_pattern (value kept equal to the host's)",
      .runc_115_escapes = false,
      .run = sysctl_traversal,
  });
  out.push_back(Case{
      .name = "sysctl-not-namespaced",
      .attack_class = 9,
      .cves = {},
      .summary = "sysctl keys that are not namespaced (kernel.core_pattern, vm.swappiness, ...; values kept equal to the host's)",
      .runc_115_escapes = false,
      .run = sysctl_not_namespaced,
  });
}

}  // namespace rampart::probe
