// Pod spec JSON -> typed PodSpec, strictly typed like the API server's decoder.
#include "manifest/pod.h"

#include <cmath>

namespace rampart::manifest {

namespace {

struct Bad {
  std::string path, what;
};

class Reader {
 public:
  Reader(const Document& doc, const std::string& source) : doc_(doc), source_(source) {}

  [[noreturn]] void bad(const std::string& path, const std::string& what) const { throw Bad{path, what}; }

  Error error(const Bad& b) const {
    return Error{where(source_, doc_.mark_of(b.path)), {}, 0, b.path + ": " + b.what};
  }

  static const char* type_name(const Json& v) {
    switch (v.type()) {
      case Json::value_t::null: return "null";
      case Json::value_t::boolean: return "a boolean";
      case Json::value_t::string: return "a string";
      case Json::value_t::array: return "a list";
      case Json::value_t::object: return "a mapping";
      default: return "a number";
    }
  }

  // The member `key` of `obj`, or nullptr when absent or null.
  static const Json* member(const Json* obj, const char* key) {
    if (!obj || !obj->is_object()) return nullptr;
    auto it = obj->find(key);
    if (it == obj->end() || it->is_null()) return nullptr;
    return &*it;
  }

  const Json* object(const Json* obj, const char* key, const std::string& path) const {
    const Json* v = member(obj, key);
    if (v && !v->is_object()) bad(path, std::string("expected a mapping, got ") + type_name(*v));
    return v;
  }

  const Json* list(const Json* obj, const char* key, const std::string& path) const {
    const Json* v = member(obj, key);
    if (v && !v->is_array()) bad(path, std::string("expected a list, got ") + type_name(*v));
    return v;
  }

  Field<bool> boolean(const Json* obj, const char* key, const std::string& parent) const {
    Field<bool> f{std::nullopt, child_path(parent, key)};
    if (const Json* v = member(obj, key)) {
      if (!v->is_boolean()) bad(f.path, std::string("expected a boolean, got ") + type_name(*v) + " " + v->dump(-1, ' ', false, Json::error_handler_t::replace));
      f.value = v->get<bool>();
    }
    return f;
  }

  Field<int64_t> integer(const Json* obj, const char* key, const std::string& parent) const {
    Field<int64_t> f{std::nullopt, child_path(parent, key)};
    if (const Json* v = member(obj, key)) f.value = integer_value(*v, f.path);
    return f;
  }

  int64_t integer_value(const Json& v, const std::string& path) const {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_unsigned()) bad(path, "integer out of range");
    if (v.is_number_float()) {
      // A float with an integral value reaches Go's int64 fields through the JSON conversion.
      double d = v.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
    }
    bad(path, std::string("expected an integer, got ") + type_name(v) + " " + v.dump(-1, ' ', false, Json::error_handler_t::replace));
  }

  Field<std::string> string(const Json* obj, const char* key, const std::string& parent) const {
    Field<std::string> f{std::nullopt, child_path(parent, key)};
    if (const Json* v = member(obj, key)) {
      if (!v->is_string()) bad(f.path, std::string("expected a string, got ") + type_name(*v) + " " + v->dump(-1, ' ', false, Json::error_handler_t::replace));
      f.value = v->get<std::string>();
    }
    return f;
  }

  std::vector<std::string> strings(const Json* obj, const char* key, const std::string& path) const {
    std::vector<std::string> out;
    const Json* l = list(obj, key, path);
    if (!l) return out;
    for (size_t i = 0; i < l->size(); ++i) {
      const Json& v = (*l)[i];
      if (!v.is_string()) bad(item_path(path, i), std::string("expected a string, got ") + type_name(v));
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  Profile profile(const Json* sc, const char* key, const std::string& sc_path) const {
    Profile p;
    p.path = child_path(sc_path, key);
    const Json* o = object(sc, key, p.path);
    p.type = string(o, "type", p.path);
    p.localhost_profile = string(o, "localhostProfile", p.path);
    return p;
  }

  SecurityContext security(const Json* parent, const std::string& parent_path, bool container) const {
    SecurityContext s;
    s.path = child_path(parent_path, "securityContext");
    const Json* sc = object(parent, "securityContext", s.path);
    s.run_as_user = integer(sc, "runAsUser", s.path);
    s.run_as_group = integer(sc, "runAsGroup", s.path);
    s.run_as_non_root = boolean(sc, "runAsNonRoot", s.path);
    s.seccomp = profile(sc, "seccompProfile", s.path);
    s.apparmor = profile(sc, "appArmorProfile", s.path);
    s.selinux.path = child_path(s.path, "seLinuxOptions");
    if (const Json* se = object(sc, "seLinuxOptions", s.selinux.path)) {
      s.selinux.present = true;
      s.selinux.user = string(se, "user", s.selinux.path);
      s.selinux.role = string(se, "role", s.selinux.path);
      s.selinux.type = string(se, "type", s.selinux.path);
      s.selinux.level = string(se, "level", s.selinux.path);
    }
    std::string win = child_path(s.path, "windowsOptions");
    s.host_process = boolean(object(sc, "windowsOptions", win), "hostProcess", win);
    if (!container) return s;
    s.privileged = boolean(sc, "privileged", s.path);
    s.allow_privilege_escalation = boolean(sc, "allowPrivilegeEscalation", s.path);
    s.read_only_root_filesystem = boolean(sc, "readOnlyRootFilesystem", s.path);
    s.proc_mount = string(sc, "procMount", s.path);
    std::string cp = child_path(s.path, "capabilities");
    const Json* caps = object(sc, "capabilities", cp);
    s.capabilities_present = caps != nullptr;
    s.capabilities.add_path = child_path(cp, "add");
    s.capabilities.drop_path = child_path(cp, "drop");
    s.capabilities.add = strings(caps, "add", s.capabilities.add_path);
    s.capabilities.drop = strings(caps, "drop", s.capabilities.drop_path);
    return s;
  }

  void handler_hosts(const Json* handler, const std::string& path, std::vector<HostReference>& out) const {
    for (const char* action : {"httpGet", "tcpSocket"}) {
      std::string ap = child_path(path, action);
      Field<std::string> host = string(object(handler, action, ap), "host", ap);
      if (host.value && !host.value->empty()) out.push_back({host.path, *host.value});
    }
  }

  Container container(const Json& c, const std::string& path, ContainerKind kind) const {
    Container out;
    out.kind = kind;
    out.path = path;
    if (!c.is_object()) bad(path, std::string("expected a mapping, got ") + type_name(c));
    out.name = string(&c, "name", path).value.value_or("");
    out.command_path = child_path(path, "command");
    out.command = strings(&c, "command", out.command_path);
    out.working_dir = string(&c, "workingDir", path);
    out.security = security(&c, path, true);
    std::string mp = child_path(path, "volumeMounts");
    if (const Json* ms = list(&c, "volumeMounts", mp))
      for (size_t i = 0; i < ms->size(); ++i) {
        std::string p = item_path(mp, i);
        const Json& m = (*ms)[i];
        if (!m.is_object()) bad(p, std::string("expected a mapping, got ") + type_name(m));
        VolumeMount vm;
        vm.path = p;
        vm.name = string(&m, "name", p).value.value_or("");
        vm.mount_path = string(&m, "mountPath", p).value.value_or("");
        vm.read_only = boolean(&m, "readOnly", p).value.value_or(false);
        vm.sub_path = string(&m, "subPath", p);
        vm.sub_path_expr = string(&m, "subPathExpr", p);
        vm.mount_propagation = string(&m, "mountPropagation", p);
        out.mounts.push_back(std::move(vm));
      }
    std::string pp = child_path(path, "ports");
    if (const Json* ps = list(&c, "ports", pp))
      for (size_t i = 0; i < ps->size(); ++i) {
        std::string p = item_path(pp, i);
        const Json& port = (*ps)[i];
        if (!port.is_object()) bad(p, std::string("expected a mapping, got ") + type_name(port));
        out.ports.push_back({p, integer(&port, "hostPort", p).value.value_or(0),
                             integer(&port, "containerPort", p).value.value_or(0)});
      }
    std::string rp = child_path(path, "resources");
    std::string lp = child_path(rp, "limits");
    const Json* limits = object(object(&c, "resources", rp), "limits", lp);
    out.memory_limit.path = child_path(lp, "memory");
    if (const Json* m = member(limits, "memory")) {
      if (m->is_string()) out.memory_limit.value = m->get<std::string>();
      else if (m->is_number()) out.memory_limit.value = m->dump(-1, ' ', false, Json::error_handler_t::replace);
      else bad(out.memory_limit.path, std::string("expected a quantity, got ") + type_name(*m));
    }
    for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
      std::string p = child_path(path, probe);
      handler_hosts(object(&c, probe, p), p, out.probe_hosts);
    }
    std::string lc = child_path(path, "lifecycle");
    const Json* life = object(&c, "lifecycle", lc);
    for (const char* hook : {"postStart", "preStop"}) {
      std::string p = child_path(lc, hook);
      handler_hosts(object(life, hook, p), p, out.probe_hosts);
    }
    return out;
  }

  Volume volume(const Json& v, const std::string& path) const {
    if (!v.is_object()) bad(path, std::string("expected a mapping, got ") + type_name(v));
    Volume out;
    out.path = path;
    out.name = string(&v, "name", path).value.value_or("");
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key() != "name" && !it.value().is_null()) {
        if (!out.source.empty()) bad(path, "more than one volume source (" + out.source + ", " + it.key() + ")");
        out.source = it.key();
      }
    if (out.source == "hostPath") {
      std::string hp = child_path(path, "hostPath");
      const Json* h = object(&v, "hostPath", hp);
      out.host_path = string(h, "path", hp).value.value_or("");
      out.host_path_type = string(h, "type", hp).value.value_or("");
    }
    return out;
  }

 private:
  const Document& doc_;
  const std::string& source_;
};

}  // namespace

const char* container_kind_name(ContainerKind k) {
  switch (k) {
    case ContainerKind::Init: return "initContainers";
    case ContainerKind::Regular: return "containers";
    case ContainerKind::Ephemeral: return "ephemeralContainers";
  }
  return "?";
}

Result<PodSpec> decode_pod_spec(const Json& spec, const std::string& spec_path, const Json* metadata,
                                const std::string& meta_path, const Document& doc, const std::string& source) {
  Reader r(doc, source);
  try {
    if (!spec.is_object()) r.bad(spec_path, std::string("expected a mapping, got ") + Reader::type_name(spec));
    PodSpec p;
    p.path = spec_path;
    p.host_network = r.boolean(&spec, "hostNetwork", spec_path);
    p.host_pid = r.boolean(&spec, "hostPID", spec_path);
    p.host_ipc = r.boolean(&spec, "hostIPC", spec_path);
    p.host_users = r.boolean(&spec, "hostUsers", spec_path);
    p.security = r.security(&spec, spec_path, false);
    std::string sp = child_path(p.security.path, "sysctls");
    if (const Json* ss = r.list(Reader::member(&spec, "securityContext"), "sysctls", sp))
      for (size_t i = 0; i < ss->size(); ++i) {
        std::string ip = item_path(sp, i);
        const Json& s = (*ss)[i];
        if (!s.is_object()) r.bad(ip, std::string("expected a mapping, got ") + Reader::type_name(s));
        Sysctl sc{r.string(&s, "name", ip).value.value_or(""), "", ip};
        if (const Json* v = Reader::member(&s, "value")) sc.value = v->is_string() ? v->get<std::string>() : v->dump(-1, ' ', false, Json::error_handler_t::replace);
        p.sysctls.push_back(std::move(sc));
      }
    std::string vp = child_path(spec_path, "volumes");
    if (const Json* vs = r.list(&spec, "volumes", vp))
      for (size_t i = 0; i < vs->size(); ++i) p.volumes.push_back(r.volume((*vs)[i], item_path(vp, i)));
    for (auto kind : {ContainerKind::Init, ContainerKind::Regular, ContainerKind::Ephemeral}) {
      const char* key = container_kind_name(kind);
      std::string cp = child_path(spec_path, key);
      if (const Json* cs = r.list(&spec, key, cp))
        for (size_t i = 0; i < cs->size(); ++i) p.containers.push_back(r.container((*cs)[i], item_path(cp, i), kind));
    }
    std::string op = child_path(spec_path, "os");
    p.os = r.string(r.object(&spec, "os", op), "name", op);
    p.annotations_path = child_path(meta_path, "annotations");
    if (const Json* an = r.object(metadata, "annotations", p.annotations_path))
      for (auto it = an->begin(); it != an->end(); ++it)
        if (it.value().is_string()) p.annotations[it.key()] = it.value().get<std::string>();
    return p;
  } catch (const Bad& b) {
    return std::unexpected(r.error(b));
  }
}

}  // namespace rampart::manifest
