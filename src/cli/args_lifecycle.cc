// create, run, start/state/pause/resume (an id and nothing else), delete, kill.
#include <array>

#include "cli/args.h"

namespace rampart::cli {
namespace {

// The flags create and run share (both structs derive from CreateOptions).
template <class T>
constexpr std::array<Option<T>, 8> create_flags() {
  return {{
      {{"bundle,b", "value", "path to the bundle directory", "."}, text<&T::bundle>},
      {{"console-socket", "value", "AF_UNIX socket that receives the master end of the console's pty"},
       text<&T::console_socket>},
      {{"pid-file", "value", "write the host pid of the container's process to this file"}, text<&T::pid_file>},
      {{"no-pivot", "", "enter the rootfs by a move and chroot instead of pivot_root (for a ramdisk root)"},
       flag<&T::no_pivot>},
      {{"no-new-keyring", "", "keep the caller's session keyring instead of making a new one"},
       flag<&T::no_new_keyring>},
      {{"preserve-fds", "value", "pass N more fds after stdio (and $LISTEN_FDS) to the container", "0"},
       integer<&T::preserve_fds>},
      {{"pidfd-socket", "value", "accepted for runc compatibility; no pidfd is sent to it"}, text<&T::pidfd_socket>},
      {{"policy", "value", "refuse the bundle unless it passes this policy (default /etc/rampart/policy.json if present)"},
       text<&T::policy>},
  }};
}

constexpr auto kCreate = create_flags<CreateArgs>();
constexpr auto kRun = join(create_flags<RunArgs>(), std::array<Option<RunArgs>, 3>{{
    {{"detach,d", "", "return once the container runs"}, flag<&RunArgs::detach>},
    {{"keep", "", "do not delete the container after it exits"}, flag<&RunArgs::keep>},
    {{"no-subreaper", "", "accepted for runc compatibility (rampart never becomes a subreaper)"},
     flag<&RunArgs::no_subreaper>},
}});
constexpr std::array<Option<DeleteArgs>, 1> kDelete{{
    {{"force,f", "", "kill the container first if it is still running (SIGKILL)"}, flag<&DeleteArgs::force>},
}};
constexpr std::array<Option<KillArgs>, 1> kKill{{
    {{"all,a", "", "signal every process of the container, not only its init"}, flag<&KillArgs::all>},
}};
constexpr std::array<Option<IdArgs>, 0> kNone{};

}  // namespace

// runc's rule, and its wording: a wrong number of positional arguments is a usage error.
Result<void> expect_args(std::string_view command, const std::vector<std::string>& args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return {};
  std::string want = min == max ? "exactly " + std::to_string(min)
                     : args.size() < min ? "at least " + std::to_string(min)
                                         : "at most " + std::to_string(max);
  return std::unexpected(detail::usage("\"" + std::string(command) + "\" requires " + want + " argument(s)"));
}

Result<CreateArgs> parse_create(Words w) {
  CreateArgs out;
  auto pos = TRY(parse_into(kCreate, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("create", pos, 1, 1));
  out.id = pos[0];
  return out;
}

Result<RunArgs> parse_run(Words w) {
  RunArgs out;
  auto pos = TRY(parse_into(kRun, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("run", pos, 1, 1));
  out.id = pos[0];
  return out;
}

Result<IdArgs> parse_id_command(std::string_view command, Words w) {
  IdArgs out;
  auto pos = TRY(parse_into(kNone, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args(command, pos, 1, 1));
  out.id = pos[0];
  return out;
}

Result<DeleteArgs> parse_delete(Words w) {
  DeleteArgs out;
  auto pos = TRY(parse_into(kDelete, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("delete", pos, 1, 1));
  out.id = pos[0];
  return out;
}

Result<KillArgs> parse_kill(Words w) {
  KillArgs out;
  auto pos = TRY(parse_into(kKill, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("kill", pos, 1, 2));
  out.id = pos[0];
  if (pos.size() == 2) out.signal = pos[1];
  return out;
}

std::vector<FlagInfo> lifecycle_flags(std::string_view command) {
  if (command == "create") return infos(kCreate);
  if (command == "run") return infos(kRun);
  if (command == "delete") return infos(kDelete);
  if (command == "kill") return infos(kKill);
  return {};
}

}  // namespace rampart::cli
