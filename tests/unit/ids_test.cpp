#include "server/util/ids.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace junction;

TEST_CASE("uuid4 gives RFC 4122 version-4 identifiers, all different") {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  std::set<char> variants;
  for (int i = 0; i < 2000; ++i) {
    std::string id = uuid4();
    REQUIRE(std::regex_match(id, shape));
    variants.insert(id[19]);
    seen.insert(id);
  }
  CHECK(seen.size() == 2000);
  CHECK(variants.size() == 4);  // the two free bits of the variant nibble are random
}
