// A state that changes by itself after a delay: a fleet STARTING until it is RUNNING, a request
// IN_PROGRESS until it SUCCEEDED, a FinSpace changeset PENDING, then RUNNING, then SUCCESS. Stored
// as its states and the times it moves on, and read as of the time of the call, so no background
// work is needed and a restart loses nothing.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "handlers/api.hpp"

namespace junction::handlers {

struct Transition {
  Transition(std::string pending, std::string settled, double settles_at, std::string middle = {},
             double middle_at = 0)
      : pending(std::move(pending)),
        settled(std::move(settled)),
        settles_at(settles_at),
        middle(std::move(middle)),
        middle_at(middle_at) {}

  std::string pending;
  std::string settled;
  double settles_at = 0;  // epoch seconds
  // An optional state between the two, from `middle_at` until `settles_at`.
  std::string middle;
  double middle_at = 0;

  const std::string& at(double now) const {
    if (now >= settles_at) return settled;
    if (!middle.empty() && now >= middle_at) return middle;
    return pending;
  }
  bool settled_by(double now) const { return now >= settles_at; }

  // `pending` from the call's time, `settled` `delay_ms` later.
  static Transition after(const Context& ctx, std::string pending, std::string settled,
                          std::int64_t delay_ms) {
    return Transition{std::move(pending), std::move(settled),
                      static_cast<double>(ctx.now_ms + delay_ms) / 1000.0};
  }
  // `pending` from the call's time, `middle` from half of `delay_ms` on, `settled` after it.
  static Transition through(const Context& ctx, std::string pending, std::string middle,
                            std::string settled, std::int64_t delay_ms) {
    Transition t = after(ctx, std::move(pending), std::move(settled), delay_ms);
    t.middle = std::move(middle);
    t.middle_at = static_cast<double>(ctx.now_ms + delay_ms / 2) / 1000.0;
    return t;
  }
};

}  // namespace junction::handlers
