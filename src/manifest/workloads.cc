// Finding the pod templates of Kubernetes objects, and flattening List objects.
#include "manifest/workloads.h"

namespace rampart::manifest {

namespace {

// A member of `o` by key, nullptr when absent or not an object/string as wanted.
const Json* get(const Json* o, const char* key) {
  if (!o || !o->is_object()) return nullptr;
  auto it = o->find(key);
  return it == o->end() ? nullptr : &*it;
}

std::string text_of(const Json* v) { return v && v->is_string() ? v->get<std::string>() : std::string(); }

// The JSON at a dotted path of plain keys ("spec.template").
const Json* walk(const Json* o, std::string_view path) {
  while (o && !path.empty()) {
    size_t dot = path.find('.');
    std::string key(path.substr(0, dot));
    o = get(o, key.c_str());
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return o;
}

constexpr int kMaxListNesting = 8;

Result<void> visit(Manifest& m, const Document& doc, const Json& obj, const std::string& path, int nesting) {
  if (!obj.is_object()) {
    m.skipped.push_back({doc.index, path, "", "not a mapping"});
    return {};
  }
  std::string kind = text_of(get(&obj, "kind"));
  std::string api = text_of(get(&obj, "apiVersion"));
  if (kind.empty() || api.empty()) {
    m.skipped.push_back({doc.index, path, kind, "not a Kubernetes object (no apiVersion and kind)"});
    return {};
  }
  const Json* items = get(&obj, "items");
  if ((kind == "List" || kind.ends_with("List")) && items && items->is_array()) {
    if (nesting >= kMaxListNesting) return fail(where(m.source, doc.mark_of(path)), "Lists nested too deeply");
    for (size_t i = 0; i < items->size(); ++i)
      TRY_VOID(visit(m, doc, (*items)[i], item_path(child_path(path, "items"), i), nesting + 1));
    return {};
  }
  std::string tpl = pod_template_path(kind);
  if (tpl.empty()) {
    m.skipped.push_back({doc.index, path, kind, "no pod template"});
    return {};
  }
  const Json* meta = get(&obj, "metadata");
  Workload w;
  w.document = doc.index;
  w.kind = kind;
  w.name = text_of(get(meta, "name"));
  if (w.name.empty()) w.name = text_of(get(meta, "generateName"));
  w.namespace_ = text_of(get(meta, "namespace"));
  w.object_path = path;
  // A Pod's spec is the pod spec; the others hold a template {metadata, spec}.
  std::string base = path.empty() ? std::string() : path;
  auto join = [&](std::string_view rel) {
    std::string out = base;
    size_t i = 0;
    while (i <= rel.size()) {
      size_t dot = rel.find('.', i);
      if (dot == std::string_view::npos) dot = rel.size();
      out = child_path(out, rel.substr(i, dot - i));
      i = dot + 1;
    }
    return out;
  };
  std::string spec_rel = kind == "Pod" ? "spec" : tpl + ".spec";
  std::string meta_rel = kind == "Pod" ? "metadata" : tpl + ".metadata";
  const Json* spec = walk(&obj, spec_rel);
  if (!spec || spec->is_null()) {
    m.skipped.push_back({doc.index, path, kind, "no pod spec at " + spec_rel});
    return {};
  }
  w.pod = TRY(decode_pod_spec(*spec, join(spec_rel), walk(&obj, meta_rel), join(meta_rel), doc, m.source));
  m.workloads.push_back(std::move(w));
  return {};
}

}  // namespace

std::string pod_template_path(std::string_view kind) {
  if (kind == "Pod") return "spec";  // the pod spec itself
  if (kind == "PodTemplate") return "template";
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
      kind == "ReplicationController" || kind == "Job")
    return "spec.template";
  if (kind == "CronJob") return "spec.jobTemplate.spec.template";
  return {};
}

Result<Manifest> read_manifest(std::string_view text, const std::string& source, const Limits& limits) {
  Manifest m;
  m.source = source;
  m.documents = TRY(read_yaml(text, source, limits));
  for (const auto& doc : m.documents) {
    if (doc.value.is_null()) continue;  // an empty document, as between two "---"
    TRY_VOID(visit(m, doc, doc.value, "", 0));
  }
  return m;
}

}  // namespace rampart::manifest
