// Bind sources resolved on the host instead of inside the rootfs: a source below the rootfs
// that is an image symlink, and other spellings of a path below the rootfs (through a symlink
// to the bundle, /proc/self/root, `.` and `..` components) that a runtime deciding "inside the
// rootfs" by a string prefix sends to a host open() following the image's symlinks.
#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// The image has `link_path` -> target(c); the config binds `source` (a spelling of a path
// through that link) read-only at /mnt/src. Escaped when the container reads the host canary.
Outcome bind_source_variant(Context& ctx, const std::string& tag, const std::string& link_path,
                            const std::function<std::string(const Canary&)>& target,
                            const std::function<std::string(const Bundle&)>& source) {
  Canary c = make_canary(ctx, tag + "-canary");
  Bundle b = ctx.make_bundle(tag);
  make_symlink(target(c), b.rootfs + link_path);
  make_dir(b.rootfs + "/mnt/src");
  std::string src = source(b);
  b.config["mounts"].push_back(bind_mount(src, "/mnt/src", true));
  set_sh(b, "ls -a /mnt/src; cat /mnt/src/CANARY /mnt/src/SUBCANARY 2>/dev/null; echo");
  b.write();
  auto r = ctx.run(b, tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.out.find(c.tok) != std::string::npos)
    return escaped("the bind source " + src + " was resolved on the host: the container reads the host canary " + c.dir);
  if (r.exit_code != 0) return refused(r);
  return resisted("source resolved inside the root");
}

std::string canary_dir(const Canary& c) { return c.dir; }

Outcome rootfs_symlink(Context& ctx) {
  auto under_rootfs = [](const std::string& rel) { return [rel](const Bundle& b) { return b.rootfs + rel; }; };
  std::vector<Variant> vs = {
      {"source <rootfs>/evil -> <canary> (absolute)",
       [&] { return bind_source_variant(ctx, "bind-absolute", "/evil", canary_dir, under_rootfs("/evil")); }},
      {"source <rootfs>/evil -> ../../..<canary>",
       [&] {
         return bind_source_variant(ctx, "bind-dotdot", "/evil", [](const Canary& c) { return dotdot(16, c.dir); },
                                    under_rootfs("/evil"));
       }},
      {"source <rootfs>/evil/sub with /evil -> <canary>",
       [&] { return bind_source_variant(ctx, "bind-parent", "/evil", canary_dir, under_rootfs("/evil/sub")); }},
  };
  return run_variants("every bind source below the rootfs resolved inside the root", vs);
}

Outcome rootfs_spellings(Context& ctx) {
  std::vector<Variant> vs = {
      {"source <symlink to the bundle>/rootfs/evil",
       [&] {
         return bind_source_variant(ctx, "spelling-bundle-link", "/evil", canary_dir, [&ctx](const Bundle& b) {
           std::string alias = ctx.workdir() + "/bundle-alias";
           make_symlink(b.dir, alias);
           return alias + "/rootfs/evil";
         });
       }},
      {"source /proc/self/root<rootfs>/evil",
       [&] {
         return bind_source_variant(ctx, "spelling-proc-root", "/evil", canary_dir,
                                    [](const Bundle& b) { return "/proc/self/root" + b.rootfs + "/evil"; });
       }},
      {"source <rootfs>/./evil",
       [&] {
         return bind_source_variant(ctx, "spelling-dot", "/evil", canary_dir,
                                    [](const Bundle& b) { return b.rootfs + "/./evil"; });
       }},
      {"source <rootfs>//evil/",
       [&] {
         return bind_source_variant(ctx, "spelling-slashes", "/evil", canary_dir,
                                    [](const Bundle& b) { return b.rootfs + "//evil/"; });
       }},
      {"source <bundle>/../<bundle name>/rootfs/evil",
       [&] {
         return bind_source_variant(ctx, "spelling-dotdot", "/evil", canary_dir, [](const Bundle& b) {
           return b.dir + "/../" + b.dir.substr(b.dir.find_last_of('/') + 1) + "/rootfs/evil";
         });
       }},
  };
  return run_variants("every spelling of a bind source below the rootfs resolved inside the root", vs);
}

}  // namespace

std::vector<Case> bind_source_cases() {
  return {
      {"bind-source-rootfs-symlink", BindSources, {},
       "a bind source inside the rootfs is an image symlink to a host canary dir (absolute, ../ chain, "
       "symlinked parent): it must resolve inside the root",
       rootfs_symlink},
      {"bind-source-rootfs-spellings", BindSources, {},
       "a bind source below the rootfs spelled another way (through a symlink to the bundle, /proc/self/root, "
       "`.`, `//`, `..`) where the image has a symlink to a host canary dir: it must resolve inside the root",
       rootfs_spellings},
  };
}

}  // namespace rampart::probe
