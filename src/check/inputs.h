// What `rampart check` was given: one OCI bundle (a directory with config.json, a config.json,
// or one on stdin), or Kubernetes manifests (YAML or JSON files, directories walked
// recursively, or a stream on stdin). Reads the files; judges nothing.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::check {

struct InputFile {
  std::string name;  // as given ("-" for stdin), or found under a given directory
  std::string text;
};

struct Inputs {
  bool bundle = false;
  // A bundle: its config.json and the directory relative bind sources are resolved against.
  InputFile config;
  std::string bundle_dir;
  // Manifests, in the order given (a directory's files sorted by path).
  std::vector<InputFile> manifests;
};

// Classifies and reads `paths`. A directory holding config.json is a bundle; any other directory
// is walked for *.yaml, *.yml and *.json manifests. A file (or stdin) is a bundle's config.json
// when it is a JSON object without "apiVersion" and "kind", else a manifest. A bundle is checked
// on its own.
Result<Inputs> read_inputs(const std::vector<std::string>& paths, std::istream& stdin_stream);

// True when `text` is a JSON object without top-level apiVersion and kind (an OCI config).
bool looks_like_oci_config(const std::string& text);

}  // namespace rampart::check
