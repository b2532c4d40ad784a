// YAML text -> JSON documents, read the way Kubernetes reads them, with the line and column of
// every key. Pure: no Linux headers; yaml-cpp does the parsing, this layer the typing.
//
// Kubernetes decodes manifests with a YAML 1.1 reader (go-yaml v2 under sigs.k8s.io/yaml), so a
// plain `yes`, `on` or `Y` is a boolean true and `0x0`, `0o0`, `00` or `0_0` an integer 0 there.
// A scanner that read them as strings would let `privileged: on` or `runAsUser: 0x0` through;
// this reader resolves them as the cluster will. Merge keys (`<<: *base`) are applied, as the
// cluster applies them. A key given twice in one mapping is an error: which copy wins differs
// between readers, and a judgement of one copy says nothing about the other.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rampart::manifest {

using Json = nlohmann::ordered_json;

// 1-based line and column; 0 when unknown.
struct Mark {
  int line = 0;
  int column = 0;
};

// One document of a YAML stream.
struct Document {
  int index = 0;  // 0-based position in the stream (empty documents count)
  Mark start;     // where its root node starts
  Json value;     // null for an empty document
  // YAML path -> where that key (or sequence item) is written. Paths are "spec.containers[0].name";
  // a key that is not [A-Za-z0-9_-]+ is written ["key"] (JSON-quoted).
  std::map<std::string, Mark> marks;

  // The mark of `path`, else of its nearest ancestor that has one, else `start`.
  [[nodiscard]] Mark mark_of(std::string_view path) const;
};

struct Limits {
  std::size_t max_nodes = 1'000'000;  // per document, after alias and merge expansion
  int max_depth = 100;                // nesting of mappings and sequences
  std::size_t max_documents = 10'000;
};

// Every document in `text`. `source` names the input in error messages, which read
// "<source>:<line>:<column>: malformed YAML: <what>" (or ": <what>" for the other refusals).
Result<std::vector<Document>> read_yaml(std::string_view text, std::string_view source, const Limits& limits = {});

// Path building, as used in Document::marks.
std::string child_path(std::string_view parent, std::string_view key);
std::string item_path(std::string_view parent, std::size_t index);

// "<source>:<line>:<column>" (or "<source>" when the mark is unknown), the prefix of every
// message that points into a file.
std::string where(std::string_view source, Mark m);

}  // namespace rampart::manifest
