// The helper kit of the probe cases (src/probe/cases/): verdicts, host files and canaries,
// bundle edits, reading what a container printed, running the runtime, variants.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "probe/case.h"

namespace rampart::probe {

// ---- verdicts ---------------------------------------------------------------------------------

Outcome resisted(std::string why);
Outcome escaped(std::string why);
Outcome broken(std::string why);
Outcome skipped(std::string why);
// RESISTED because the runtime refused (its exit code and the first line of its error), or
// hung and was killed (exit code -1) without any canary changing.
Outcome refused(const CommandResult& r);
// True for an outcome made by refused().
bool is_refusal(const Outcome& o);

// ---- host files (only ever in the case's workdir) --------------------------------------------

// A random token that proves a file's content came from the canary the case wrote.
std::string token();
std::optional<std::string> read_file(const std::string& path);  // nullopt when unreadable
std::string read_text(const std::string& path);                  // "" when unreadable
void write_file(const std::string& path, const std::string& content, unsigned mode = 0644);  // throws
void make_dir(const std::string& path);                                  // mkdir -p; throws
void make_symlink(const std::string& target, const std::string& path);   // replaces `path`; throws
void make_fifo(const std::string& path);                                 // throws
std::vector<std::string> list_dir(const std::string& dir);  // sorted names, no . and ..

// ---- canaries ---------------------------------------------------------------------------------

// Everything a directory tree holds, without following links or opening anything but regular
// files: per entry its type, mode, owner, inode, device numbers, and for regular files size,
// mtime and content; for symlinks the target.
class TreeSnapshot {
 public:
  static TreeSnapshot of(const std::string& dir);
  // "" when equal; else the first difference ("created: x", "removed: x", "changed: x (...)").
  [[nodiscard]] std::string diff(const TreeSnapshot& now) const;

 private:
  std::map<std::string, std::string> entries_;  // relative path -> description
};

// A host directory the case watches: anything the runtime does to it is a host write.
struct Canary {
  std::string dir;
  std::string tok;      // content of CANARY and sub/SUBCANARY (make_canary), "" for watch()
  TreeSnapshot made;
  // "" when the host still sees exactly the tree that was made, with nothing mounted on or under
  // it in this (the host's) mount namespace; else what changed.
  [[nodiscard]] std::string changed() const;
  // Takes the tree as it is now as the reference (after the case put more in it).
  void rescan();
};
// <workdir>/<name> holding CANARY and sub/SUBCANARY, both holding a fresh token.
Canary make_canary(Context& ctx, const std::string& name);
// An existing directory the case filled itself.
Canary watch(const std::string& dir);
// The first change among several canaries, "" when none changed.
std::string first_change(const std::vector<const Canary*>& canaries);

// A host dir <workdir>/<name> holding PAYLOAD: what a bind mount that escapes brings along.
std::string make_payload(Context& ctx, const std::string& name);

// ---- bundle edits -----------------------------------------------------------------------------

nlohmann::json bind_mount(const std::string& src, const std::string& dst, bool ro = false);
nlohmann::json tmpfs_mount(const std::string& dst);
void set_sh(Bundle& b, const std::string& script);  // process.args = /bin/sh -c script
// Removes the config's tmpfs on /dev: what the image put in /dev is what a runtime that trusts
// paths will use (the state a shared or racing /dev also reaches).
void drop_dev_tmpfs(nlohmann::json& config);
// "../" repeated n times without the trailing slash, then `abs` (which starts with '/'): a path
// that climbs out of any root and back down to a host path.
std::string dotdot(int n, const std::string& abs);

// ---- what a container printed -----------------------------------------------------------------

// The lines of `out` that start with `tag ` (tag removed).
std::vector<std::string> tagged(const std::string& out, const std::string& tag);
std::vector<std::string> fields(const std::string& line);  // split on white space
// The mount points (field 5) of a mountinfo text.
std::vector<std::string> mount_points(const std::string& mountinfo);
std::string trim(std::string s);                             // trailing white space removed
std::string first_line(const std::string& s);
std::string squash(const std::string& s, size_t max = 200);  // one line, bounded

// Polls until `path` exists and holds `marker` (anything, when empty), up to `limit`.
bool wait_for_file(const std::string& path, std::chrono::milliseconds limit, const std::string& marker = "");

// ---- running the runtime ----------------------------------------------------------------------

// The init's host pid in the output of `state`; 0 when there is none.
int state_pid(const CommandResult& state);
// argv run by a shell that first opens `file` as fd `fd` (not close-on-exec): what a caller
// holding an fd of a host file looks like to the runtime.
std::vector<std::string> holding_fd(int fd, const std::string& file, const std::vector<std::string>& argv);

// prefix + ctx.runtime_argv() + args, run on the host.
CommandResult runtime_cmd_under(Context& ctx, const std::vector<std::string>& prefix,
                                const std::vector<std::string>& args,
                                std::chrono::seconds timeout = std::chrono::seconds(20));

// A command running on its own thread, for cases that must act while the runtime is busy.
class Background {
 public:
  explicit Background(std::function<CommandResult()> f);
  ~Background();  // waits
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  [[nodiscard]] bool done() const;
  CommandResult wait();

 private:
  std::future<CommandResult> fut_;
  std::optional<CommandResult> result_;
};

// ---- variants ---------------------------------------------------------------------------------

// One technique tried several ways, one after the other.
struct Variant {
  std::string name;
  std::function<Outcome()> run;
};
// The first ESCAPED decides (later variants are not run); otherwise the first BROKEN; otherwise
// RESISTED: `what` with how many variants were refused and how many ran with the boundary intact.
// A variant that throws is BROKEN.
Outcome run_variants(const std::string& what, const std::vector<Variant>& vs);

}  // namespace rampart::probe
