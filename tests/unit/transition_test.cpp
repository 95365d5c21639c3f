// States that change by themselves: read as of a time, with and without a middle state.
#include "handlers/common/transition.hpp"

#include <catch2/catch.hpp>

using junction::handlers::Context;
using junction::handlers::Transition;

TEST_CASE("a transition is pending until it settles") {
  Context ctx{"111122223333", "us-east-1", "r", 1000000, nullptr};
  Transition t = Transition::after(ctx, "STARTING", "RUNNING", 2000);
  CHECK(t.at(1000.0) == "STARTING");
  CHECK(t.at(1001.999) == "STARTING");
  CHECK(t.at(1002.0) == "RUNNING");
  CHECK_FALSE(t.settled_by(1001.0));
  CHECK(t.settled_by(1002.0));
  CHECK(Transition::after(ctx, "STARTING", "RUNNING", 0).at(1000.0) == "RUNNING");
}

TEST_CASE("a transition through a middle state reaches it half-way") {
  Context ctx{"111122223333", "us-east-1", "r", 1000000, nullptr};
  Transition t = Transition::through(ctx, "PENDING", "RUNNING", "SUCCESS", 2000);
  CHECK(t.at(1000.0) == "PENDING");
  CHECK(t.at(1000.999) == "PENDING");
  CHECK(t.at(1001.0) == "RUNNING");
  CHECK(t.at(1001.999) == "RUNNING");
  CHECK(t.at(1002.0) == "SUCCESS");
  // Without a delay it has settled at once.
  CHECK(Transition::through(ctx, "PENDING", "RUNNING", "SUCCESS", 0).at(1000.0) == "SUCCESS");
}
