// The helper kit of the probe cases (see kit.h).
#include "probe/kit.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "probe/context.h"

namespace rampart::probe {

namespace fs = std::filesystem;

// ---- verdicts ----

namespace {
const char* kRefusedPrefix = "refused";
}

Outcome resisted(std::string why) { return {Verdict::Resisted, std::move(why)}; }
Outcome escaped(std::string why) { return {Verdict::Escaped, std::move(why)}; }
Outcome broken(std::string why) { return {Verdict::Broken, std::move(why)}; }
Outcome skipped(std::string why) { return {Verdict::Skipped, std::move(why)}; }

Outcome refused(const CommandResult& r) {
  if (r.exit_code == -1) return resisted(std::string(kRefusedPrefix) + ": the runtime hung and was killed; no canary changed");
  const std::string& text = r.err.empty() ? r.out : r.err;
  return resisted(std::string(kRefusedPrefix) + " (exit " + std::to_string(r.exit_code) + "): " +
                  squash(first_line(trim(text)), 160));
}

bool is_refusal(const Outcome& o) {
  return o.verdict == Verdict::Resisted && o.explanation.rfind(kRefusedPrefix, 0) == 0;
}

// ---- host files ----

std::string token() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string t = "rampart-canary-";
  for (int i = 0; i < 16; ++i) t += hex[rng() % 16];
  return t;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_text(const std::string& path) { return read_file(path).value_or(""); }

void write_file(const std::string& path, const std::string& content, unsigned mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << content;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
  }
  ::chmod(path.c_str(), mode);
}

void make_dir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw std::runtime_error("mkdir -p " + path + ": " + ec.message());
}

void make_symlink(const std::string& target, const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (::symlink(target.c_str(), path.c_str()) != 0)
    throw std::runtime_error("symlink " + path + " -> " + target + ": " + std::strerror(errno));
}

void make_fifo(const std::string& path) {
  if (::mkfifo(path.c_str(), 0666) != 0) throw std::runtime_error("mkfifo " + path + ": " + std::strerror(errno));
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// ---- canaries ----

namespace {

std::string describe(int dirfd, const char* name, const struct stat& st) {
  std::ostringstream d;
  char type = S_ISDIR(st.st_mode) ? 'd' : S_ISREG(st.st_mode) ? 'f' : S_ISLNK(st.st_mode) ? 'l'
            : S_ISFIFO(st.st_mode) ? 'p' : S_ISCHR(st.st_mode) ? 'c' : S_ISBLK(st.st_mode) ? 'b' : 's';
  d << type << " mode " << std::oct << (st.st_mode & 07777) << std::dec << " owner " << st.st_uid << ":"
    << st.st_gid << " inode " << st.st_ino;
  if (type == 'c' || type == 'b') d << " device " << major(st.st_rdev) << ":" << minor(st.st_rdev);
  if (type == 'l') {
    char buf[4096];
    ssize_t n = ::readlinkat(dirfd, name, buf, sizeof buf);
    d << " -> " << std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
  }
  if (type == 'f') {
    d << " size " << st.st_size << " mtime " << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
    int fd = ::openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
      char buf[4096];
      ssize_t n = ::read(fd, buf, sizeof buf);
      ::close(fd);
      d << " content " << std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
    }
  }
  return d.str();
}

void walk(int dirfd, const std::string& rel, dev_t dev, std::map<std::string, std::string>& out, int depth) {
  if (depth > 16) return;
  int fd = ::dup(dirfd);
  if (fd < 0) return;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
  for (const auto& n : names) {
    struct stat st {};
    if (::fstatat(dirfd, n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    std::string path = rel.empty() ? n : rel + "/" + n;
    out[path] = describe(dirfd, n.c_str(), st);
    if (S_ISDIR(st.st_mode) && st.st_dev == dev) {
      int sub = ::openat(dirfd, n.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) {
        walk(sub, path, dev, out, depth + 1);
        ::close(sub);
      }
    }
  }
  ::closedir(d);
}

}  // namespace

TreeSnapshot TreeSnapshot::of(const std::string& dir) {
  TreeSnapshot s;
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    s.entries_["."] = std::string("missing: ") + std::strerror(errno);
    return s;
  }
  struct stat st {};
  ::fstat(fd, &st);
  s.entries_["."] = "d mode " + std::to_string(st.st_mode & 07777) + " inode " + std::to_string(st.st_ino);
  walk(fd, "", st.st_dev, s.entries_, 0);
  ::close(fd);
  return s;
}

std::string TreeSnapshot::diff(const TreeSnapshot& now) const {
  for (const auto& [path, was] : entries_) {
    auto it = now.entries_.find(path);
    if (it == now.entries_.end()) return "removed: " + path;
    if (it->second != was) return "changed: " + path + " (was " + squash(was, 120) + ", now " + squash(it->second, 120) + ")";
  }
  for (const auto& [path, d] : now.entries_)
    if (!entries_.count(path)) return "created: " + path + " (" + squash(d, 120) + ")";
  return "";
}

std::string Canary::changed() const {
  auto ms = mounts_under(dir);
  if (!ms.empty()) return "the host mount namespace shows a mount on " + ms.front();
  std::string d = made.diff(TreeSnapshot::of(dir));
  if (!d.empty()) return "the host canary dir " + dir + " changed: " + d;
  return "";
}

void Canary::rescan() { made = TreeSnapshot::of(dir); }

Canary make_canary(Context& ctx, const std::string& name) {
  Canary c;
  c.dir = ctx.workdir() + "/" + name;
  c.tok = token();
  make_dir(c.dir + "/sub");
  write_file(c.dir + "/CANARY", c.tok);
  write_file(c.dir + "/sub/SUBCANARY", c.tok);
  c.rescan();
  return c;
}

Canary watch(const std::string& dir) {
  Canary c;
  c.dir = dir;
  c.rescan();
  return c;
}

std::string first_change(const std::vector<const Canary*>& canaries) {
  for (const Canary* c : canaries)
    if (auto ch = c->changed(); !ch.empty()) return ch;
  return "";
}

std::string make_payload(Context& ctx, const std::string& name) {
  std::string d = ctx.workdir() + "/" + name;
  make_dir(d + "/sub");
  write_file(d + "/PAYLOAD", "payload\n");
  return d;
}

// ---- bundle edits ----

nlohmann::json bind_mount(const std::string& src, const std::string& dst, bool ro) {
  nlohmann::json opts = nlohmann::json::array({"rbind"});
  opts.push_back(ro ? "ro" : "rw");
  return {{"destination", dst}, {"type", "bind"}, {"source", src}, {"options", opts}};
}

nlohmann::json tmpfs_mount(const std::string& dst) {
  return {{"destination", dst}, {"type", "tmpfs"}, {"source", "tmpfs"},
          {"options", nlohmann::json::array({"nosuid", "nodev", "mode=755", "size=1m"})}};
}

void set_sh(Bundle& b, const std::string& script) {
  b.config["process"]["args"] = nlohmann::json::array({"/bin/sh", "-c", script});
}

void drop_dev_tmpfs(nlohmann::json& config) {
  nlohmann::json kept = nlohmann::json::array();
  for (auto& m : config["mounts"])
    if (m.value("destination", "") != "/dev") kept.push_back(m);
  config["mounts"] = kept;
}

std::string dotdot(int n, const std::string& abs) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? "/.." : "..");
  return s + abs;
}

// ---- what a container printed ----

std::vector<std::string> tagged(const std::string& out, const std::string& tag) {
  std::vector<std::string> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(tag + " ", 0) == 0) v.push_back(line.substr(tag.size() + 1));
  }
  return v;
}

std::vector<std::string> fields(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> v;
  std::string w;
  while (in >> w) v.push_back(w);
  return v;
}

std::vector<std::string> mount_points(const std::string& mountinfo) {
  std::vector<std::string> out;
  std::istringstream in(mountinfo);
  std::string line;
  while (std::getline(in, line)) {
    auto f = fields(line);
    if (f.size() >= 5) out.push_back(f[4]);
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  return s;
}

std::string first_line(const std::string& s) {
  auto p = s.find('\n');
  return p == std::string::npos ? s : s.substr(0, p);
}

std::string squash(const std::string& s, size_t max) {
  std::string o;
  for (char c : s) o += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
  while (!o.empty() && o.back() == ' ') o.pop_back();
  if (o.size() > max) o = o.substr(0, max) + "...";
  return o;
}

bool wait_for_file(const std::string& path, std::chrono::milliseconds limit, const std::string& marker) {
  auto end = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto text = read_file(path);
    if (text && (marker.empty() || text->find(marker) != std::string::npos)) return true;
    if (std::chrono::steady_clock::now() >= end || g_interrupted.load()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// ---- running the runtime ----

int state_pid(const CommandResult& state) {
  try {
    return nlohmann::json::parse(state.out).value("pid", 0);
  } catch (const std::exception&) {
    return 0;
  }
}

std::vector<std::string> holding_fd(int fd, const std::string& file, const std::vector<std::string>& argv) {
  std::vector<std::string> v = {"/bin/sh", "-c", "exec " + std::to_string(fd) + "<\"$0\"; exec \"$@\"", file};
  v.insert(v.end(), argv.begin(), argv.end());
  return v;
}

CommandResult runtime_cmd_under(Context& ctx, const std::vector<std::string>& prefix,
                                const std::vector<std::string>& args, std::chrono::seconds timeout) {
  std::vector<std::string> argv = prefix;
  for (auto& a : ctx.runtime_argv()) argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  return ctx.host_cmd(argv, timeout);
}

Background::Background(std::function<CommandResult()> f) : fut_(std::async(std::launch::async, std::move(f))) {}

Background::~Background() {
  if (fut_.valid()) fut_.wait();
}

bool Background::done() const {
  return result_ || fut_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

CommandResult Background::wait() {
  if (!result_) result_ = fut_.get();
  return *result_;
}

// ---- variants ----

Outcome run_variants(const std::string& what, const std::vector<Variant>& vs) {
  std::optional<Outcome> first_broken;
  size_t refusals = 0, ran = 0;
  for (const auto& v : vs) {
    Outcome o;
    try {
      o = v.run();
    } catch (const std::exception& e) {
      o = broken(std::string("set-up failed: ") + e.what());
    }
    o.explanation = v.name + ": " + o.explanation;
    if (o.verdict == Verdict::Escaped) return o;
    if (o.verdict == Verdict::Broken) {
      if (!first_broken) first_broken = o;
      continue;
    }
    ++ran;
    if (is_refusal(Outcome{o.verdict, o.explanation.substr(v.name.size() + 2)})) ++refusals;
  }
  if (first_broken) return *first_broken;
  return resisted(what + " (" + std::to_string(ran) + " variants: " + std::to_string(refusals) + " refused, " +
                  std::to_string(ran - refusals) + " ran with the boundary intact)");
}

}  // namespace rampart::probe
