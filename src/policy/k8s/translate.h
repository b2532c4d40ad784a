// A Kubernetes container -> the facts the rules judge: the Config the kubelet and a CRI runtime
// would hand to the OCI runtime for it (namespaces, mounts, capabilities, seccomp, masks...),
// the HostFacts its hostPath types say, and the WorkloadFacts a Config cannot hold. So the same
// rules, with the same ids, judge a manifest and the bundle it becomes. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifest/workloads.h"
#include "policy/policy.h"
#include "policy/workload.h"

namespace rampart::policy::k8s {

// Where a Config field came from in the manifest.
struct Place {
  std::string yaml_path;
  std::string subject;  // how a finding names it ("containers[0].volumeMounts[1] (hostPath /etc -> /host)")
};

struct ContainerFacts {
  spec::Config config;
  HostFacts host;
  WorkloadFacts workload;
  Scope scope;
  // Config field ("mounts[3]", "process.capabilities") or field/detail ("linux.namespaces/pid",
  // "linux.sysctl/net.core.somaxconn") -> where in the manifest.
  std::map<std::string, Place> places;
};

// One entry per container of the pod (init, regular, ephemeral); a pod with no container gets one
// unnamed entry so its pod-level fields are still judged.
std::vector<ContainerFacts> translate(const manifest::Workload& w);

// Points `f` (a finding of `c`) at its line in the manifest, and names it in manifest terms.
void locate(Finding& f, const ContainerFacts& c, const manifest::Workload& w, const manifest::Manifest& m);

// Judges every workload of the manifests.
Report evaluate_manifests(const std::vector<manifest::Manifest>& manifests, const Policy& policy,
                          Severity default_fail_on = Severity::High);

}  // namespace rampart::policy::k8s
