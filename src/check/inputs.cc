// Reading check's inputs: bundle or manifests, files, directories and stdin.
#include "check/inputs.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

#include "container/bundle.h"

namespace rampart::check {

namespace fs = std::filesystem;

namespace {

bool manifest_name(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

Result<std::vector<InputFile>> walk(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  // Symlinked directories are not followed (no loops, nothing outside the tree given).
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) return fail("read " + dir, ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return fail("read " + dir, ec.message());
    if (it->is_regular_file(ec) && manifest_name(it->path())) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<InputFile> out;
  for (const auto& f : found) {
    std::string text = TRY(container::read_file(f));
    // A JSON file in a tree of manifests is one only if it is a Kubernetes object (package.json is not).
    if (fs::path(f).extension() == ".json" && looks_like_oci_config(text)) continue;
    if (fs::path(f).extension() == ".json") {
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("kind")) continue;
    }
    out.push_back({f, std::move(text)});
  }
  if (out.empty()) return fail("check " + dir, "no Kubernetes manifests (*.yaml, *.yml, *.json) and no config.json");
  return out;
}

}  // namespace

bool looks_like_oci_config(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') return false;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return true;  // malformed JSON: let the config parser say where
  return j.is_object() && !j.contains("apiVersion") && !j.contains("kind");
}

Result<Inputs> read_inputs(const std::vector<std::string>& paths, std::istream& in) {
  Inputs out;
  if (paths.empty()) return fail("check", "nothing to check (give a bundle, a manifest, a directory or -)");
  bool stdin_used = false;
  auto as_bundle = [&](InputFile config, std::string dir) -> Result<void> {
    if (paths.size() != 1) return fail("check " + config.name, "a bundle is checked on its own, not with other inputs");
    out.bundle = true;
    out.config = std::move(config);
    out.bundle_dir = std::move(dir);
    return {};
  };
  for (const auto& p : paths) {
    if (p == "-") {
      if (stdin_used) return fail("check", "- (stdin) given twice");
      stdin_used = true;
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (in.bad()) return fail("read", "<stdin>");
      if (looks_like_oci_config(text)) TRY_VOID(as_bundle({"config.json", std::move(text)}, ""));
      else out.manifests.push_back({"-", std::move(text)});
      continue;
    }
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || st.type() == fs::file_type::not_found)
      return fail("open " + p, ec ? ec.message() : "No such file or directory");
    if (fs::is_directory(st)) {
      std::string config = p + (p.ends_with("/") ? "" : "/") + "config.json";
      if (fs::exists(config, ec)) {
        TRY_VOID(as_bundle({config, TRY(container::read_file(config))}, p));
      } else {
        for (auto& f : TRY(walk(p))) out.manifests.push_back(std::move(f));
      }
      continue;
    }
    std::string text = TRY(container::read_file(p));
    std::string ext = fs::path(p).extension().string();
    if (ext != ".yaml" && ext != ".yml" && looks_like_oci_config(text)) {
      auto slash = p.rfind('/');
      TRY_VOID(as_bundle({p, std::move(text)}, slash == std::string::npos ? "." : p.substr(0, slash == 0 ? 1 : slash)));
    } else {
      out.manifests.push_back({p, std::move(text)});
    }
  }
  return out;
}

}  // namespace rampart::check
