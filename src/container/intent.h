// What a `create` is about to make, written to <root>/<id>/intent.json before it makes it: the
// cgroup paths before the cgroup exists, the init's pid and start time as soon as it is born,
// and who is creating (the runtime's own pid and start time). A create killed at any step leaves
// an intent that names everything it may have made, so `delete -f` can undo any prefix of
// create, and `state` can tell a create in progress from one whose runtime died. The intent
// stays next to state.json once that is saved: when state.json is damaged, it is what `list`
// and `delete -f` still know.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "container/state.h"
#include "util/error.h"

namespace rampart::container {

struct Intent {
  State state;                     // what is known so far (pid 0 until the init is born)
  pid_t creator = 0;               // the runtime running create
  uint64_t creator_start_time = 0;
};

// An intent naming this process as the creator.
Intent intent_of_this_process(State s);
std::string intent_to_json(const Intent& in);
Result<Intent> intent_from_json(std::string_view text);
// Whether the runtime that wrote the intent is still running (same pid, same start time).
bool creator_alive(const Intent& in);

}  // namespace rampart::container
