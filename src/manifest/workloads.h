// Kubernetes objects in a YAML stream -> the workloads that carry a pod template: Pod,
// PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
// CronJob, and the items of List objects. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "manifest/pod.h"
#include "manifest/yaml.h"
#include "util/error.h"

namespace rampart::manifest {

struct Workload {
  int document = 0;          // index into Manifest::documents
  std::string kind;          // "Deployment"
  std::string name;          // metadata.name (or generateName)
  std::string namespace_;    // metadata.namespace ("" when unset)
  std::string object_path;   // "" for a top-level object, "items[2]" inside a List
  PodSpec pod;
};

// An object (or document) that was read but holds nothing to judge, and why.
struct Skipped {
  int document = 0;
  std::string object_path;
  std::string kind;
  std::string reason;
};

struct Manifest {
  std::string source;  // the file name as given ("-" for stdin)
  std::vector<Document> documents;
  std::vector<Workload> workloads;
  std::vector<Skipped> skipped;
};

// Reads every document of `text` and finds its workloads. Malformed YAML, and a pod template
// whose judged fields have the wrong type, are errors naming source:line:column.
Result<Manifest> read_manifest(std::string_view text, const std::string& source, const Limits& limits = {});

// The kinds whose pod template is judged, and where the template is ("spec.template").
// Empty for any other kind.
std::string pod_template_path(std::string_view kind);

}  // namespace rampart::manifest
