// Small helpers shared by the cases_q_*.cc files: canaries, bundle edits, judging.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "probe/case.h"

namespace rampart::probe::q {

Outcome resisted(std::string why);
Outcome escaped(std::string why);
Outcome broken(std::string why);

// A random token that proves a file's content came from the canary the case wrote.
std::string token();
std::string read_file(const std::string& path);   // "" when unreadable
void write_file(const std::string& path, const std::string& content, unsigned mode = 0644);
void make_dir(const std::string& path);           // mkdir -p; throws on failure
void make_symlink(const std::string& target, const std::string& path);  // replaces `path`
void remove_path(const std::string& path);        // rm -rf of a path the case created
std::vector<std::string> list_dir(const std::string& dir);  // sorted names, no . and ..

// A host canary dir: <workdir>/<name> holding CANARY (the token) and sub/SUBCANARY.
struct Canary {
  std::string dir;
  std::string tok;
  std::vector<std::string> entries;      // what `dir` held when made
  std::vector<std::string> sub_entries;  // what `dir/sub` held when made
  // "" when the host still sees exactly what was made there, with nothing mounted on or under
  // it in this (the host's) mount namespace; else what changed.
  [[nodiscard]] std::string changed() const;
};
Canary make_canary(Context& ctx, const std::string& name);

// A host dir <workdir>/<name> holding PAYLOAD: what a bind mount that escapes brings along.
std::string make_payload(Context& ctx, const std::string& name);

nlohmann::json bind_mount(const std::string& src, const std::string& dst, bool ro = false);
nlohmann::json tmpfs_mount(const std::string& dst);
void set_sh(Bundle& b, const std::string& script);  // process.args = /bin/sh -c script

// "../" repeated n times without the trailing slash, then `abs` (which starts with '/').
std::string dotdot(int n, const std::string& abs);

// The mount points (field 5) of a mountinfo text.
std::vector<std::string> mount_points(const std::string& mountinfo);

std::string first_line(const std::string& s);
std::string squash(const std::string& s, size_t max = 200);  // one line, bounded

// The runtime command line with an explicit binary and state root (for cases that must run a
// copy of the runtime, or hold extra fds open): wrapper (rampart only) + bin --root root.
std::vector<std::string> runtime_argv(Context& ctx, const std::string& bin, const std::string& root);

// Variants of one case run one after the other; the first that escapes decides.
struct Variant {
  std::string name;
  std::function<Outcome()> run;
};
Outcome run_variants(const std::vector<Variant>& vs);

}  // namespace rampart::probe::q
