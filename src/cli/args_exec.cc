// exec: runc's flags. Flags come before the container id; everything after the id is the
// command, passed untouched (`rampart exec c1 ls -la` gives -la to ls), as Go's flag parsing does.
#include <array>

#include "cli/args.h"

namespace rampart::cli {
namespace {

bool additional_gid(ExecArgs& a, std::string_view v) {
  int64_t n = 0;
  if (!parse_int(v, n) || n < 0 || n > 0xfffffffeLL) return false;
  a.additional_gids.push_back(static_cast<uint32_t>(n));
  return true;
}

constexpr std::array<Option<ExecArgs>, 16> kExec{{
    {{"console-socket", "value", "AF_UNIX socket that receives the master end of the console's pty"},
     text<&ExecArgs::console_socket>},
    {{"cwd", "value", "working directory inside the container"}, text<&ExecArgs::cwd>},
    {{"env,e", "value", "add an environment variable KEY=VALUE (repeatable)"}, append<&ExecArgs::env>},
    {{"tty,t", "", "allocate a pseudo-TTY"}, flag<&ExecArgs::tty>},
    {{"user,u", "value", "UID (format: <uid>[:<gid>])"}, text<&ExecArgs::user>},
    {{"additional-gids,g", "value", "an additional group id (repeatable)"}, additional_gid},
    {{"process,p", "value", "path to a process.json to run instead of a command"}, text<&ExecArgs::process_file>},
    {{"detach,d", "", "return once the process runs"}, flag<&ExecArgs::detach>},
    {{"pid-file", "value", "write the host pid of the process to this file"}, text<&ExecArgs::pid_file>},
    {{"process-label", "value", "SELinux label of the process"}, text<&ExecArgs::process_label>},
    {{"apparmor", "value", "AppArmor profile of the process"}, text<&ExecArgs::apparmor>},
    {{"no-new-privs", "", "set no_new_privs for the process"}, flag<&ExecArgs::no_new_privs>},
    {{"cap,c", "value", "add a capability to the process's sets (repeatable)"}, append<&ExecArgs::caps>},
    {{"preserve-fds", "value", "pass N more fds after stdio (and $LISTEN_FDS) to the process", "0"},
     integer<&ExecArgs::preserve_fds>},
    {{"cgroup", "value", "run in an existing sub-cgroup of the container: [<controller>:]<path> (repeatable)"},
     append<&ExecArgs::cgroups>},
    {{"ignore-paused", "", "exec even when the container is paused"}, flag<&ExecArgs::ignore_paused>},
}};

}  // namespace

Result<ExecArgs> parse_exec(Words w) {
  ExecArgs out;
  auto pos = TRY(parse_into(kExec, w, out, Positionals::StopAtFirst));
  if (out.help) return out;
  TRY_VOID(expect_args("exec", pos, 1, SIZE_MAX));
  out.id = pos[0];
  out.args.assign(pos.begin() + 1, pos.end());
  if (out.args.empty() && out.process_file.empty())
    return std::unexpected(detail::usage("\"exec\" needs a command after the container id, or --process"));
  return out;
}

std::vector<FlagInfo> exec_flags() { return infos(kExec); }

}  // namespace rampart::cli
