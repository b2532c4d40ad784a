// cgroup device rules that are not enforced, or are overridden. The device under attack is a
// loop device the probe attaches to a file in its workdir and fills with a canary token, so a
// container that gets through reads the probe's file, never a host disk. Deny rules are judged
// by reading the device from inside: the token is the escape, EPERM the rule holding.
//
// On cgroup v2 device rules need an eBPF program. This host is hybrid (cgroup2 only at
// /sys/fs/cgroup/unified), so the cgroup-v2 case runs the runtime in a private mount namespace
// where cgroup2 is mounted at /sys/fs/cgroup and the v1 hierarchies are gone, which is what a
// pure cgroup v2 host shows it. The runtime's own v1 device cgroup (the root) allows everything,
// so only the runtime's program can deny.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// A loop device attached to <workdir>/<name>.img, detached again when this goes.
class LoopDevice {
 public:
  LoopDevice(Context& ctx, const std::string& name) : ctx_(ctx), tok_(token()) {
    std::string img = ctx.workdir() + "/" + name + ".img";
    write_file(img, tok_ + "\n" + std::string(1 << 20, '\0'));
    auto r = ctx.host_cmd({"losetup", "--find", "--show", img});
    dev_ = trim(r.out);
    struct stat st {};
    if (r.exit_code != 0 || dev_.empty() || ::stat(dev_.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) {
      dev_.clear();
      error_ = squash(r.err.empty() ? r.out : r.err, 160);
      return;
    }
    major_ = static_cast<int>(major(st.st_rdev));
    minor_ = static_cast<int>(minor(st.st_rdev));
  }
  ~LoopDevice() {
    if (!dev_.empty()) ctx_.host_cmd({"losetup", "--detach", dev_});
  }
  LoopDevice(const LoopDevice&) = delete;
  LoopDevice& operator=(const LoopDevice&) = delete;
  [[nodiscard]] bool ok() const { return !dev_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] const std::string& tok() const { return tok_; }
  [[nodiscard]] int major_number() const { return major_; }
  [[nodiscard]] int minor_number() const { return minor_; }
  [[nodiscard]] std::string describe() const {
    return dev_ + " (b " + std::to_string(major_) + ":" + std::to_string(minor_) + ")";
  }

 private:
  Context& ctx_;
  std::string tok_, dev_, error_;
  int major_ = 0, minor_ = 0;
};

nlohmann::json deny_device(const LoopDevice& d) {
  return {{"allow", false}, {"type", "b"}, {"major", d.major_number()}, {"minor", d.minor_number()}, {"access", "rwm"}};
}

// The container reads the first line of `node`; the token means the deny rules did not hold.
Outcome judge_read(const LoopDevice& d, const CommandResult& r, const std::string& node, const std::string& how) {
  if (r.out.find(d.tok()) != std::string::npos)
    return escaped("the container read the probe's loop device " + d.describe() + " through " + node + ": " + how);
  if (r.exit_code != 0 && r.out.find("DONE") == std::string::npos) return refused(r);
  if (r.out.find("DONE") == std::string::npos) return broken("no report from the container: " + squash(r.out + r.err));
  std::string err = squash(trim(r.out.substr(0, r.out.find("DONE"))), 120);
  return resisted("reading " + node + " failed: " + (err.empty() ? "nothing read" : err));
}

std::string read_script(const std::string& node) { return "head -n 1 " + node + " 2>&1; echo DONE"; }

// The command prefix that runs something in a private mount namespace whose /sys/fs/cgroup is
// cgroup2 only.
std::vector<std::string> on_cgroup2_only() {
  return {"unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
          "umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup && exec \"$@\"", "sh"};
}

CommandResult run_on_cgroup2(Context& ctx, const Bundle& b, const std::string& id) {
  ctx.track(id);
  return runtime_cmd_under(ctx, on_cgroup2_only(), {"run", "--bundle", b.dir, id});
}

// The cgroup a bundle's container gets (make_bundle names one), so that a leftover can be removed.
std::string cgroup_of(const Bundle& b) { return b.config["linux"]["cgroupsPath"].get<std::string>(); }

// A runtime that did not remove the container's cgroup leaves it empty: removed through the
// same view of cgroup2 (the probe itself may run where cgroup2 is not mounted at all).
void remove_cgroup2_dir(Context& ctx, const std::string& path) {
  auto argv = on_cgroup2_only();
  argv.insert(argv.end(), {"sh", "-c", "[ ! -d \"$0\" ] || rmdir \"$0\"", "/sys/fs/cgroup" + path});
  ctx.host_cmd(argv);
}

Outcome on_cgroup2(Context& ctx) {
  if (read_text("/proc/filesystems").find("cgroup2") == std::string::npos)
    return skipped("this kernel has no cgroup2");
  LoopDevice d(ctx, "cgroup2-loop");
  if (!d.ok()) return skipped("no loop device could be attached: " + d.error());
  std::vector<Variant> vs = {
      {"an image node for the device, the config's default deny",
       [&] {
         Bundle b = ctx.make_bundle("cgroup2-image-node");
         if (::mknod((b.rootfs + "/probe-disk").c_str(), S_IFBLK | 0666, makedev(d.major_number(), d.minor_number())) != 0)
           throw std::runtime_error(std::string("mknod: ") + std::strerror(errno));
         std::string cg = cgroup_of(b);
         set_sh(b, read_script("/probe-disk"));
         b.write();
         auto r = run_on_cgroup2(ctx, b, "cgroup2-image-node");
         remove_cgroup2_dir(ctx, cg);
         return judge_read(d, r, "the image's node /probe-disk", "on cgroup v2 the config's deny-all rule was not enforced");
       }},
      {"the device listed in linux.devices and denied by a rule",
       [&] {
         Bundle b = ctx.make_bundle("cgroup2-listed");
         b.config["linux"]["devices"] = nlohmann::json::array(
             {{{"path", "/dev/probe-disk"}, {"type", "b"}, {"major", d.major_number()}, {"minor", d.minor_number()},
               {"fileMode", 0666}, {"uid", 0}, {"gid", 0}}});
         b.config["linux"]["resources"]["devices"].push_back(deny_device(d));
         std::string cg = cgroup_of(b);
         set_sh(b, read_script("/dev/probe-disk"));
         b.write();
         auto r = run_on_cgroup2(ctx, b, "cgroup2-listed");
         remove_cgroup2_dir(ctx, cg);
         return judge_read(d, r, "/dev/probe-disk", "on cgroup v2 the config's deny rules were not enforced");
       }},
  };
  return run_variants("on cgroup v2 the device rules held", vs);
}

Outcome rule_order(Context& ctx) {
  LoopDevice d(ctx, "order-loop");
  if (!d.ok()) return skipped("no loop device could be attached: " + d.error());
  Bundle b = ctx.make_bundle("device-order");
  b.config["linux"]["devices"] = nlohmann::json::array(
      {{{"path", "/dev/probe-disk"}, {"type", "b"}, {"major", d.major_number()}, {"minor", d.minor_number()},
        {"fileMode", 0666}, {"uid", 0}, {"gid", 0}}});
  b.config["linux"]["resources"]["devices"].push_back(deny_device(d));
  set_sh(b, read_script("/dev/probe-disk"));
  b.write();
  return judge_read(d, ctx.run(b, "device-order"), "/dev/probe-disk",
                    "the config lists the device and denies it, and an allow rule of the runtime's came after");
}

}  // namespace

std::vector<Case> device_rule_cases() {
  return {
      {"device-rules-cgroup2", DeviceRules, {},
       "on a cgroup v2 host (a private mount namespace with cgroup2 at /sys/fs/cgroup), the container reads a loop "
       "device the probe made, through an image node and through a listed device that a rule denies",
       on_cgroup2},
      {"device-rules-order", DeviceRules, {},
       "a device listed in linux.devices and denied by linux.resources.devices (the usual way to create a node but "
       "deny access) must stay denied: the container reads the probe's loop device through it",
       rule_order},
  };
}

}  // namespace rampart::probe
