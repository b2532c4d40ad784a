// Mounts made for a container propagating back to the host. On a systemd host every mount is
// shared, so a bind source (or the rootfs itself) is usually a shared mount: a runtime that
// attaches a peer of it (or makes a tree shared before it is inside the container's namespace)
// makes the submounts, masks and read-only binds it puts below it appear in the host's mount
// namespace, where they outlive the container, and files the container writes into a tmpfs
// there become host files. The probe makes its own shared mounts (binds of dirs in its
// workdir) and watches the host's mount table under them.
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "probe/cases/cases.h"
#include "probe/context.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// dir becomes a shared mount of itself in the host's (the probe's) mount namespace. The
// runner's cleanup unmounts everything below the workdir.
void make_shared_mount(const std::string& dir) {
  if (::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0 ||
      ::mount(nullptr, dir.c_str(), nullptr, MS_SHARED, nullptr) != 0)
    throw std::runtime_error("making " + dir + " a shared mount: " + std::strerror(errno));
}

// What the host's mount namespace shows at or below `dir` besides `dir` itself.
std::vector<std::string> foreign_mounts(const std::string& dir) {
  std::vector<std::string> v;
  for (const auto& m : mounts_under(dir))
    if (m != dir) v.push_back(m);
  return v;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Runs the bundle detached until its process reported (out/ready), then judges the host's
// mount table under `shared` while the container runs and after it was deleted, and whether the
// file the container wrote at `written` (a host path below `shared`) is visible on the host.
Outcome judge_propagation(Context& ctx, Bundle& b, const std::string& id, const std::string& shared,
                          const std::string& written, const std::string& out) {
  ctx.track(id);
  auto r = ctx.runtime_cmd({"run", "-d", "--bundle", b.dir, id});
  if (r.exit_code != 0) {
    ctx.runtime_cmd({"delete", "-f", id});
    auto left = foreign_mounts(shared);
    if (!left.empty()) return escaped("the refused container left mounts in the host's namespace: " + join(left));
    return refused(r);
  }
  bool ready = wait_for_file(out + "/ready", std::chrono::seconds(5));
  auto during = foreign_mounts(shared);
  bool file_seen = !written.empty() && read_file(written).has_value();
  ctx.runtime_cmd({"delete", "-f", id});
  auto after = foreign_mounts(shared);
  if (!during.empty())
    return escaped("mounts made for the container appeared in the host's mount namespace: " + join(during) +
                   (after.empty() ? "" : "; still there after delete: " + join(after)));
  if (file_seen) return escaped("the file the container wrote into its tmpfs is visible on the host at " + written);
  if (!after.empty()) return escaped("after delete the host's mount namespace shows " + join(after));
  if (!ready) return broken("the container never reported ready: " + squash(r.err));
  return resisted("nothing made for the container reached the host's mount namespace");
}

Outcome shared_bind_source(Context& ctx) {
  auto variant = [&ctx](const std::string& tag, const std::vector<std::string>& extra_options) {
    std::string src = ctx.workdir() + "/" + tag + "-src";
    std::string out = ctx.workdir() + "/" + tag + "-out";
    make_dir(src + "/sub");
    make_dir(src + "/ro");
    make_dir(out);
    write_file(src + "/masked", "PROBE-CANARY\n");
    make_shared_mount(src);
    Bundle b = ctx.make_bundle(tag);
    make_dir(b.rootfs + "/data");
    make_dir(b.rootfs + "/out");
    auto data = bind_mount(src, "/data");
    for (const auto& o : extra_options) data["options"].push_back(o);
    b.config["mounts"].push_back(data);
    b.config["mounts"].push_back(tmpfs_mount("/data/sub"));
    b.config["mounts"].push_back(bind_mount(out, "/out"));
    b.config["linux"]["maskedPaths"].push_back("/data/masked");
    b.config["linux"]["readonlyPaths"].push_back("/data/ro");
    set_sh(b, "echo tok > /data/sub/written; echo ready > /out/ready; sleep 20");
    b.write();
    return judge_propagation(ctx, b, tag, src, src + "/sub/written", out);
  };
  std::vector<Variant> vs = {
      {"a shared host dir bound at /data (no propagation option)", [=] { return variant("propagation-bind", {}); }},
      {"the same with the option rshared", [=] { return variant("propagation-rshared", {"rshared"}); }},
      {"the same with the option rprivate", [=] { return variant("propagation-rprivate", {"rprivate"}); }},
  };
  return run_variants("no mount below a shared bind source reached the host", vs);
}

Outcome shared_rootfs(Context& ctx) {
  auto variant = [&ctx](const std::string& tag, const std::string& propagation) {
    std::string out = ctx.workdir() + "/" + tag + "-out";
    make_dir(out);
    Bundle b = ctx.make_bundle(tag);
    make_shared_mount(b.rootfs);
    make_dir(b.rootfs + "/out");
    b.config["mounts"].push_back(bind_mount(out, "/out"));
    if (!propagation.empty()) b.config["linux"]["rootfsPropagation"] = propagation;
    set_sh(b, "echo ready > /out/ready; sleep 20");
    b.write();
    return judge_propagation(ctx, b, tag, b.rootfs, "", out);
  };
  std::vector<Variant> vs = {
      {"the rootfs is a shared mount (no rootfsPropagation)", [=] { return variant("rootfs-shared", ""); }},
      {"the rootfs is a shared mount, rootfsPropagation rslave", [=] { return variant("rootfs-rslave", "rslave"); }},
  };
  return run_variants("no mount of the container's rootfs reached the host", vs);
}

}  // namespace

std::vector<Case> mount_propagation_cases() {
  return {
      {"bind-source-shared-propagation", MountPropagation, {},
       "a host dir that is a shared mount is bound into the container with a tmpfs, a mask and a read-only bind "
       "below it (no option, rshared, rprivate): none of them may appear in the host's mount namespace",
       shared_bind_source},
      {"rootfs-shared-propagation", MountPropagation, {},
       "the bundle's rootfs is a shared mount on the host: the container's /proc, /dev, /sys and binds must not "
       "appear in the host's mount namespace",
       shared_rootfs},
  };
}

}  // namespace rampart::probe
