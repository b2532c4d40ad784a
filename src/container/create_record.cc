#include "container/create_record.h"

#include "container/intent.h"
#include "util/log.h"

namespace rampart::container {

State initial_state(const std::string& id, const Bundle& b, const cgroup::Paths& paths) {
  const spec::Config& c = b.config;
  State s;
  s.id = id;
  s.bundle = b.bundle;
  s.rootfs = b.rootfs;
  s.created = log::rfc3339_now();
  s.annotations = c.annotations;
  s.cgroup_paths = paths;
  s.hooks.poststart = c.hooks.poststart;
  s.hooks.poststop = c.hooks.poststop;
  return s;
}

Result<void> record_init(const ContainerDir& dir, const State& s) {
  return dir.save_intent(intent_of_this_process(s));
}

}  // namespace rampart::container
