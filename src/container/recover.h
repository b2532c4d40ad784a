// What can be learnt about a container from its state directory, whatever shape it is in: a
// good state.json; no state.json yet (a create in progress, or one whose runtime was killed:
// the intent tells which, and names what it may have made); a damaged state.json (the intent,
// kept next to it, still names the cgroup paths and the init's pid and start time).
#pragma once

#include <string>

#include "container/state.h"
#include "container/store.h"

namespace rampart::container {

struct Learnt {
  enum class From { StateFile, Intent, Nothing } from = From::Nothing;
  State state;            // everything known (only the id when nothing is)
  bool damaged = false;   // state.json is there but cannot be read: `damage` says why
  std::string damage;
  bool creating = false;  // no state.json and the creating runtime is still running
};

Learnt learn(const ContainerDir& dir, const std::string& id);

// Status: from the kernel for a good state.json; Unknown for a damaged one; Creating while a
// create runs; Stopped for a create whose runtime died (nothing was saved, and its init, tied
// to the runtime until the state is saved, died with it).
Status learnt_status(const ContainerDir& dir, const Learnt& l);

}  // namespace rampart::container
