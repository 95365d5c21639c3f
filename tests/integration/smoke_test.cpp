#include <catch2/catch.hpp>

#include "server/shapes/shape.hpp"

TEST_CASE("the model links every service") {
  const auto& model = junction::shapes::Model::instance();
  REQUIRE(model.services().size() == 4);
}
