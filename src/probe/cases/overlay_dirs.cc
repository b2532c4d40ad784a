// Overlay lowerdir/upperdir/workdir resolved on the host: the config names directories below the
// rootfs, the image made one of them a symlink to a host canary dir, and a runtime that passes
// the strings to the kernel lets it follow the symlink: the container then reads (lowerdir) or
// writes (upperdir, workdir) the host.
#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

struct OverlayPaths {
  std::string lower, upper, work;  // host paths, below the rootfs unless the variant says so
};

nlohmann::json overlay_mount(const OverlayPaths& d, const std::string& dst) {
  return {{"destination", dst},
          {"type", "overlay"},
          {"source", "overlay"},
          {"options", nlohmann::json::array({"lowerdir=" + d.lower, "upperdir=" + d.upper, "workdir=" + d.work})}};
}

// `which` of the three dirs is an image symlink to the host canary dir.
Outcome overlay_variant(Context& ctx, const std::string& tag, const std::string& which) {
  Canary c = make_canary(ctx, tag + "-canary");
  Bundle b = ctx.make_bundle(tag);
  std::string ov = b.rootfs + "/ov";
  for (const char* d : {"lower", "upper", "work"}) make_dir(ov + "/" + d);
  write_file(ov + "/lower/IMAGE", "image\n");
  OverlayPaths dirs{ov + "/lower", ov + "/upper", ov + "/work"};
  std::string link = b.rootfs + "/evil-" + which;
  make_symlink(c.dir, link);
  (which == "lower" ? dirs.lower : which == "upper" ? dirs.upper : dirs.work) = link;
  make_dir(b.rootfs + "/merged");
  b.config["mounts"].push_back(overlay_mount(dirs, "/merged"));
  set_sh(b, "ls -a /merged; cat /merged/CANARY 2>/dev/null; echo; echo x > /merged/written; echo DONE");
  b.write();
  auto r = ctx.run(b, tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped("the overlay's " + which + "dir was the host canary dir: " + ch);
  if (r.out.find(c.tok) != std::string::npos)
    return escaped("the overlay's " + which + "dir " + link + " was resolved on the host: the container reads the host canary " + c.dir);
  if (r.exit_code != 0) return refused(r);
  if (r.out.find("DONE") == std::string::npos) return broken("no report from the container: " + squash(r.out));
  return resisted("the overlay was assembled from the image's own directories");
}

Outcome overlay_symlinks(Context& ctx) {
  std::vector<Variant> vs = {
      {"lowerdir <rootfs>/evil-lower -> host canary dir", [&] { return overlay_variant(ctx, "overlay-lower", "lower"); }},
      {"upperdir <rootfs>/evil-upper -> host canary dir", [&] { return overlay_variant(ctx, "overlay-upper", "upper"); }},
      {"workdir <rootfs>/evil-work -> host canary dir", [&] { return overlay_variant(ctx, "overlay-work", "work"); }},
  };
  return run_variants("no overlay dir below the rootfs led to the host", vs);
}

}  // namespace

std::vector<Case> overlay_dir_cases() {
  return {
      {"overlay-dirs-rootfs-symlink", OverlayDirs, {},
       "an overlay mount whose lowerdir, upperdir or workdir below the rootfs is an image symlink to a host canary "
       "dir: the container must neither read nor write the host through it",
       overlay_symlinks},
  };
}

}  // namespace rampart::probe
