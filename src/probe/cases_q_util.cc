#include "probe/cases_q_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "probe/context.h"

namespace rampart::probe::q {

namespace fs = std::filesystem;

Outcome resisted(std::string why) { return {Verdict::Resisted, std::move(why)}; }
Outcome escaped(std::string why) { return {Verdict::Escaped, std::move(why)}; }
Outcome broken(std::string why) { return {Verdict::Broken, std::move(why)}; }

std::string token() {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string t = "rampart-canary-";
  for (int i = 0; i < 16; ++i) t += hex[rng() % 16];
  return t;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content, unsigned mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << content;
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
    throw std::runtime_error("symlink " + path + " -> " + target + " failed");
}

void remove_path(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

static std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return "{" + s + "}";
}

std::string Canary::changed() const {
  auto now = list_dir(dir);
  if (now != entries) return "host canary dir " + dir + " now holds " + join(now) + " (was " + join(entries) + ")";
  auto subnow = list_dir(dir + "/sub");
  if (subnow != sub_entries) return "host canary dir " + dir + "/sub now holds " + join(subnow);
  if (read_file(dir + "/CANARY") != tok) return "host canary file " + dir + "/CANARY was changed";
  auto ms = mounts_under(dir);
  if (!ms.empty()) return "the host mount namespace shows a mount on " + ms.front();
  return "";
}

Canary make_canary(Context& ctx, const std::string& name) {
  Canary c;
  c.dir = ctx.workdir() + "/" + name;
  c.tok = token();
  make_dir(c.dir + "/sub");
  write_file(c.dir + "/CANARY", c.tok);
  write_file(c.dir + "/sub/SUBCANARY", c.tok);
  c.entries = list_dir(c.dir);
  c.sub_entries = list_dir(c.dir + "/sub");
  return c;
}

std::string make_payload(Context& ctx, const std::string& name) {
  std::string d = ctx.workdir() + "/" + name;
  make_dir(d + "/sub");
  write_file(d + "/PAYLOAD", "payload\n");
  return d;
}

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

std::string dotdot(int n, const std::string& abs) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? "/.." : "..");
  return s + abs;
}

std::vector<std::string> mount_points(const std::string& mountinfo) {
  std::vector<std::string> out;
  std::istringstream in(mountinfo);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string f[5];
    bool ok = true;
    for (auto& x : f)
      if (!(ls >> x)) ok = false;
    if (ok) out.push_back(f[4]);
  }
  return out;
}

std::string first_line(const std::string& s) {
  auto p = s.find('\n');
  return p == std::string::npos ? s : s.substr(0, p);
}

std::string squash(const std::string& s, size_t max) {
  std::string o;
  for (char c : s) o += (c == '\n' || c == '\t') ? ' ' : c;
  while (!o.empty() && o.back() == ' ') o.pop_back();
  if (o.size() > max) o = o.substr(0, max) + "...";
  return o;
}

std::vector<std::string> runtime_argv(Context& ctx, const std::string& bin, const std::string& root) {
  std::vector<std::string> argv;
  if (ctx.runtime_is_rampart()) {
    const char* w = std::getenv("RAMPART_TEST_WRAPPER");
    if (w && *w) {
      std::istringstream ws(w);
      std::string part;
      while (ws >> part) argv.push_back(part);
    }
  }
  argv.push_back(bin);
  argv.push_back("--root");
  argv.push_back(root);
  return argv;
}

Outcome run_variants(const std::vector<Variant>& vs) {
  std::string notes;
  for (const auto& v : vs) {
    Outcome o;
    try {
      o = v.run();
    } catch (const std::exception& e) {
      return broken(v.name + ": set-up failed: " + e.what());
    }
    if (o.verdict == Verdict::Escaped || o.verdict == Verdict::Broken) {
      o.explanation = v.name + ": " + o.explanation;
      return o;
    }
    notes += (notes.empty() ? "" : "; ") + v.name + ": " + o.explanation;
  }
  return resisted(notes);
}

}  // namespace rampart::probe::q
