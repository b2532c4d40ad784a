// One struct per command: what its command line says, as data (youki's liboci-cli shape).
// parse_<command>() turns the words after the command name into it. Pure: no syscalls, so every
// spelling clients use is unit-tested (tests/unit/cli_args_test.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/options.h"
#include "container/lifecycle.h"
#include "container/update.h"
#include "probe/runner.h"

namespace rampart::cli {

using Words = std::span<const std::string>;

struct CreateArgs : container::CreateOptions {
  bool help = false;
};
struct RunArgs : container::CreateOptions {
  bool detach = false;
  bool keep = false;          // do not delete the container after it exits
  bool no_subreaper = false;  // accepted: rampart never becomes a subreaper
  bool help = false;
};
struct IdArgs {  // start, state, pause, resume
  std::string id;
  bool help = false;
};
struct DeleteArgs {
  std::string id;
  bool force = false;
  bool help = false;
};
struct KillArgs {
  std::string id;
  std::string signal = "SIGTERM";
  bool all = false;
  bool help = false;
};
struct ListArgs {
  std::string format = "table";
  bool quiet = false;
  bool help = false;
};
struct PsArgs {
  std::string id;
  std::string format = "table";
  std::vector<std::string> ps_args;  // passed to ps(1) for the table format (default -ef)
  bool help = false;
};
struct ExecArgs : container::ExecOptions {
  bool help = false;
};
struct SpecArgs {
  std::string bundle = ".";
  bool rootless = false;
  bool privileged_defaults = false;
  bool help = false;
};
struct NoArgs {  // features
  bool help = false;
};
struct CheckArgs {
  std::string profile;
  std::string policy_file;
  std::string format = "text";
  std::string fail_on;
  std::string id;
  std::string explain;      // --explain RULE: describe one rule, no input needed
  bool list_rules = false;  // --list-rules: the rule table, no input needed
  std::vector<std::string> paths;
  bool help = false;
};
struct UpdateArgs : container::UpdateOptions {
  bool help = false;
};
struct EventsArgs {
  std::string id;
  bool stats = false;
  std::string interval = "5s";
  bool help = false;
};
struct VerifyArgs {
  std::vector<std::string> ids;
  bool all = false;
  std::vector<std::string> runtime_roots;
  int pid = 0;
  std::string config;
  std::string policy_file;
  std::string profile;
  std::string format = "text";
  bool watch = false;
  int64_t interval_ms = 10000;
  std::string metrics;
  bool help = false;
};
struct ProbeArgs : probe::RunOptions {
  bool list = false;
  std::string format = "text";
  bool help = false;
};

// Each returns the command's struct, or a usage error (ErrorKind::Usage) whose text says what
// is wrong ("flag provided but not defined: -x", "\"state\" requires exactly 1 argument").
Result<CreateArgs> parse_create(Words w);
Result<RunArgs> parse_run(Words w);
Result<IdArgs> parse_id_command(std::string_view command, Words w);
Result<DeleteArgs> parse_delete(Words w);
Result<KillArgs> parse_kill(Words w);
Result<ListArgs> parse_list(Words w);
Result<PsArgs> parse_ps(Words w);
Result<ExecArgs> parse_exec(Words w);
Result<SpecArgs> parse_spec(Words w);
Result<NoArgs> parse_no_args(std::string_view command, Words w);
Result<CheckArgs> parse_check(Words w);
Result<ProbeArgs> parse_probe(Words w);
Result<UpdateArgs> parse_update(Words w);
Result<EventsArgs> parse_events(Words w);
Result<VerifyArgs> parse_verify(Words w);
// "10s", "500ms", "2m", "1h", "1.5s" or plain seconds ("5") -> milliseconds; nullopt when it is
// none of those or not positive.
std::optional<int64_t> parse_duration_ms(std::string_view text);

// The flags of a command, for its help (empty for a command without flags).
std::vector<FlagInfo> flags_of(std::string_view command);
std::vector<FlagInfo> lifecycle_flags(std::string_view command);  // create run delete kill
std::vector<FlagInfo> exec_flags();
std::vector<FlagInfo> query_flags(std::string_view command);      // list ps spec check probe
std::vector<FlagInfo> resource_flags(std::string_view command);   // update events
std::vector<FlagInfo> verify_flags();

// Shared by the parse functions: the positional count rule, as a usage error.
Result<void> expect_args(std::string_view command, const std::vector<std::string>& args, size_t min, size_t max);

template <class T, size_t N>
std::vector<FlagInfo> infos(const std::array<Option<T>, N>& table) {
  std::vector<FlagInfo> v;
  v.reserve(N);
  for (const auto& o : table) v.push_back(o.info);
  return v;
}

// Parses `w` with `table` into `out` (setting out.help); returns the positional words.
template <class T, size_t N>
Result<std::vector<std::string>> parse_into(const std::array<Option<T>, N>& table, Words w, T& out,
                                            Positionals mode = Positionals::Anywhere) {
  auto parsed = parse_options<T>(std::span<const Option<T>>(table), w, out, mode);
  if (!parsed) return std::unexpected(parsed.error());
  out.help = parsed->help;
  return std::move(parsed->positionals);
}

}  // namespace rampart::cli
