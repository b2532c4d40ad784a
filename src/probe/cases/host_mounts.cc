// The host's mounts left in the container's mount namespace. With --no-pivot a runtime moves the
// rootfs over / and chroots; unless it also detaches what was there, the host's mounts stay in
// the container's mount namespace, unreachable by path but still counted by the kernel: a nested
// user namespace in the container may then mount a procfs of its own, because the kernel sees a
// fully visible procfs (the host's) in that namespace, and that procfs has none of the masks.
// The container tries exactly that; with pivot_root (which detaches the old root) it must fail
// with EPERM too.
#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

const char* kNestedProc =
    "mkdir -p /tmp/nested-proc; "
    "unshare -U -r -m -p -f sh -c 'mount -t proc proc /tmp/nested-proc && echo NESTED-PROC-MOUNTED "
    "&& ls /tmp/nested-proc/sys/kernel | head -n 1' 2>&1; echo DONE";

Outcome nested_proc(Context& ctx, const std::string& tag, bool no_pivot) {
  Bundle b = ctx.make_bundle(tag);
  // Not root: mapping uid 0 into a new user namespace needs CAP_SETFCAP, which a container lacks;
  // an ordinary user maps itself.
  b.config["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  set_sh(b, kNestedProc);
  b.write();
  ctx.track(tag);
  std::vector<std::string> args = {"run"};
  if (no_pivot) args.push_back("--no-pivot");
  args.insert(args.end(), {"--bundle", b.dir, tag});
  auto r = ctx.runtime_cmd(args);
  if (r.out.find("NESTED-PROC-MOUNTED") != std::string::npos)
    return escaped("a nested user namespace in the container mounted a procfs of its own: the container's mount "
                   "namespace still holds a fully visible procfs (the host's)");
  if (r.exit_code != 0 && r.out.find("DONE") == std::string::npos) return refused(r);
  if (r.out.find("DONE") == std::string::npos) return broken("no report from the container: " + squash(r.out + r.err));
  return resisted("the nested procfs mount failed: " + squash(trim(r.out.substr(0, r.out.find("DONE"))), 120));
}

Outcome old_root_mounts(Context& ctx) {
  std::vector<Variant> vs = {
      {"run (pivot_root)", [&] { return nested_proc(ctx, "host-mounts-pivot", false); }},
      {"run --no-pivot", [&] { return nested_proc(ctx, "host-mounts-no-pivot", true); }},
  };
  return run_variants("no fully visible procfs was left in the container's mount namespace", vs);
}

}  // namespace

std::vector<Case> host_mount_cases() {
  return {
      {"no-pivot-host-mounts", HostMounts, {},
       "with and without --no-pivot, a nested user namespace in the container tries to mount a procfs, which the "
       "kernel allows only while the host's fully visible procfs is still in the container's mount namespace",
       old_root_mounts},
  };
}

}  // namespace rampart::probe
