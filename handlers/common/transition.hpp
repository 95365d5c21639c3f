// A state that changes by itself after a delay: a fleet STARTING until it is RUNNING, a request
// IN_PROGRESS until it SUCCEEDED. Stored as its two states and the time it settles, and read
// as of the time of the call, so no background work is needed and a restart loses nothing.
#pragma once

#include <cstdint>
#include <string>

#include "handlers/api.hpp"

namespace junction::handlers {

struct Transition {
  std::string pending;
  std::string settled;
  double settles_at = 0;  // epoch seconds

  const std::string& at(double now) const { return now >= settles_at ? settled : pending; }
  bool settled_by(double now) const { return now >= settles_at; }

  // `pending` from the call's time, `settled` `delay_ms` later.
  static Transition after(const Context& ctx, std::string pending, std::string settled,
                          std::int64_t delay_ms) {
    return Transition{std::move(pending), std::move(settled),
                      static_cast<double>(ctx.now_ms + delay_ms) / 1000.0};
  }
};

}  // namespace junction::handlers
