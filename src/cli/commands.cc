// The command table: names, help texts, entry points.
#include "cli/commands.h"

#include <array>

namespace rampart::cli {
namespace {

constexpr std::string_view kIdNote =
    "<container-id> names the container; it must be unique under --root and match\n"
    "[A-Za-z0-9][A-Za-z0-9_.+-]*.";

const std::array<CommandSpec, 20> kCommands{{
    {"checkpoint", "", "checkpoint a running container (not supported)", "[command options] <container-id>",
     "Checkpoint and restore need CRIU; rampart refuses them with a clear error.", checkpoint_main},
    {"create", "", "create a container", "[command options] <container-id>",
     "Builds the container from the bundle (a directory with config.json and a root filesystem): its\n"
     "namespaces, cgroup, mounts and devices, runs the create-time hooks, and leaves its process\n"
     "waiting for `start`. Exits 0 only when all of that is done.",
     create_main, true},
    {"delete", "", "delete a container and everything it holds", "[command options] <container-id>",
     "Removes a stopped or created container: kills what is left in its cgroup, removes the cgroup\n"
     "and the state, runs the poststop hooks. --force also kills a running or paused one.",
     delete_main},
    {"events", "", "show a container's resource statistics and OOM events", "[command options] <container-id>",
     "Prints one JSON object per line, as runc does: {\"type\":\"stats\",...} every --interval and\n"
     "{\"type\":\"oom\",...} when the kernel OOM-kills in the container's cgroup, until the container\n"
     "stops. --stats prints the stats once.",
     events_main},
    {"exec", "", "run a new process inside a running container",
     "[command options] <container-id> <command> [args...]  ||  -p process.json <container-id>",
     "The process joins the container's namespaces, cgroup, security settings and root. Exits with\n"
     "the process's status in the foreground, 0 once it runs with --detach, 255 when it cannot start.",
     exec_main, true},
    {"kill", "", "send a signal to the container's init (default: SIGTERM)",
     "[command options] <container-id> [signal]",
     "The signal is a number or a name (KILL, SIGKILL, kill, RTMIN+3).", kill_main},
    {"list", "ls", "list the containers under --root", "[command options]", "", list_main},
    {"pause", "", "freeze every process of a container", "<container-id>", "", pause_main},
    {"ps", "", "show the processes of a container", "[command options] <container-id> [ps options]",
     "The table format runs ps(1) with the given options (default -ef) and keeps the container's\n"
     "processes; json prints their host pids.",
     ps_main},
    {"restore", "", "restore a container from a checkpoint (not supported)", "[command options] <container-id>",
     "Checkpoint and restore need CRIU; rampart refuses them with a clear error.", restore_main},
    {"resume", "", "thaw a paused container", "<container-id>", "", resume_main},
    {"run", "", "create and start a container", "[command options] <container-id>",
     "create, then start. In the foreground it forwards signals, relays the terminal, waits, and\n"
     "exits with the container's status (128+N for signal N), then deletes it (unless --keep).",
     run_main, true},
    {"spec", "", "write a default config.json", "[command options]",
     "Writes config.json for a root filesystem at ./rootfs into the bundle directory. It is runc's\n"
     "default made least-privilege: a seccomp allow-list and a user namespace (container root is\n"
     "nobody on the host); --rootless adds a non-root user, no capabilities and pids and memory\n"
     "limits; --privileged-defaults writes runc's plain default instead.",
     spec_main},
    {"start", "", "start the process of a created container", "<container-id>", "", start_main},
    {"state", "", "print the state of a container (runtime-spec JSON)", "<container-id>", "", state_main},
    {"update", "", "change a running container's resource limits", "[command options] <container-id>",
     "Applies the flags given, or the LinuxResources JSON of --resources (a file, or - for stdin),\n"
     "merged into the container's current resources. A failed update leaves the old limits.",
     update_main},
    {"features", "", "print what this runtime implements (runtime-spec features JSON)", "", "", features_main},
    {"check", "", "judge a bundle's or a Kubernetes manifest's boundary before it runs",
     "[command options] <bundle-dir | config.json | manifest.yaml | dir | ->...",
     "Judges mounts, paths and privileges -- sensitive host paths, writable procfs or sysfs, missing\n"
     "masks, excess capabilities -- of OCI bundles and of Kubernetes manifests (Pod, Deployment,\n"
     "StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, ReplicationController, PodTemplate, List;\n"
     "multi-document files; directories walked recursively), with the same rule ids. Exits 0 when\n"
     "nothing reaches --fail-on (default high), 1 when something does, 2 on bad input.",
     check_main, false, 2},
    {"verify", "", "check from the host that running containers still have the boundary they were given",
     "[command options] [<container-id>... | --all]",
     "Reads each running container from the host, never entering it: its mount table against the\n"
     "config's mounts, masks and read-only paths; every process's fds, root and cwd, namespaces,\n"
     "capabilities, NoNewPrivs, seccomp, uid and cgroup; the cgroup's limits. Findings use check's\n"
     "rules (plus RP-RUN-* for drift) and formats. Finds containers in rampart's --root and every\n"
     "--runtime-root (runc, crun, containerd and CRI-O bundle directories), or --pid with --config.\n"
     "Exits 0 when everything holds, 1 on drift or a policy failure, 2 on bad input.",
     verify_main, false, 2},
    {"probe", "", "attack a runtime with known escape techniques and report what it resists", "[command options]",
     "Each case builds a hostile bundle, runs the runtime under test on it with a private --root, and\n"
     "judges the boundary with canaries it made itself; it never touches a real host file or sysctl.\n"
     "Exits 1 if anything escaped, 2 if the control case is broken.",
     probe_main},
}};

}  // namespace

std::span<const CommandSpec> all_commands() { return kCommands; }

const CommandSpec* find_command(std::string_view name) {
  for (const auto& c : all_commands())
    if (c.name == name || (!c.alias.empty() && c.alias == name)) return &c;
  return nullptr;
}

std::vector<FlagInfo> flags_of(std::string_view command) {
  if (command == "exec") return exec_flags();
  if (command == "verify") return verify_flags();
  auto v = lifecycle_flags(command);
  if (v.empty()) v = resource_flags(command);
  return v.empty() ? query_flags(command) : v;
}

std::string_view container_id_note() { return kIdNote; }

}  // namespace rampart::cli
