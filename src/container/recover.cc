#include "container/recover.h"

#include <cerrno>

#include "container/intent.h"

namespace rampart::container {

Learnt learn(const ContainerDir& dir, const std::string& id) {
  Learnt l;
  l.state.id = id;
  auto s = dir.load();
  if (s) {
    l.from = Learnt::From::StateFile;
    l.state = std::move(*s);
    return l;
  }
  bool missing = s.error().err == ENOENT;
  if (!missing) {
    l.damaged = true;
    l.damage = s.error().message();
  }
  auto in = dir.load_intent();
  if (!in) {
    // Neither file: a directory of an older rampart, or both damaged. A missing state with no
    // intent is still "creating", as before intents existed.
    l.creating = missing;
    return l;
  }
  l.from = Learnt::From::Intent;
  l.state = std::move(in->state);
  l.state.id = id;
  l.creating = missing && creator_alive(*in);
  return l;
}

Status learnt_status(const ContainerDir& dir, const Learnt& l) {
  if (l.from == Learnt::From::StateFile) return current_status(dir, l.state);
  if (l.damaged) return Status::Unknown;
  return l.creating ? Status::Creating : Status::Stopped;
}

}  // namespace rampart::container
