#include "container/intent.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace rampart::container {

Intent intent_of_this_process(State s) {
  Intent in;
  in.state = std::move(s);
  in.creator = ::getpid();
  in.creator_start_time = process_start_time(in.creator);
  return in;
}

std::string intent_to_json(const Intent& in) {
  auto j = nlohmann::json::parse(to_json(in.state));
  j["creator_pid"] = in.creator;
  j["creator_start_time"] = in.creator_start_time;
  return j.dump();
}

Result<Intent> intent_from_json(std::string_view text) {
  Intent in;
  in.state = TRY(state_from_json(text));
  try {
    auto j = nlohmann::json::parse(text);
    auto pid = j.value("creator_pid", nlohmann::json());
    auto start = j.value("creator_start_time", nlohmann::json());
    if (!pid.is_number_unsigned() || !start.is_number_unsigned() || pid.get<uint64_t>() > 0x7fffffff)
      return fail("read intent.json", "creator_pid and creator_start_time must be non-negative integers");
    in.creator = static_cast<pid_t>(pid.get<uint64_t>());
    in.creator_start_time = start.get<uint64_t>();
  } catch (const std::exception& e) {
    return fail("read intent.json", e.what());
  }
  return in;
}

bool creator_alive(const Intent& in) {
  return in.creator > 0 && in.creator_start_time != 0 && process_start_time(in.creator) == in.creator_start_time;
}

}  // namespace rampart::container
