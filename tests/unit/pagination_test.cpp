#include "handlers/common/pagination.hpp"

#include <catch2/catch.hpp>
#include <regex>

using namespace junction::handlers;

TEST_CASE("tokens round-trip and fit every model's token pattern") {
  for (std::int64_t n : {0ll, 1ll, 99ll, 100000ll, 123456789012ll}) {
    std::string t = encode_token(n);
    CHECK(std::regex_match(t, std::regex("[-a-zA-Z0-9+=/_]*")));
    CHECK(decode_token(t) == n);
  }
}

TEST_CASE("foreign tokens are rejected") {
  CHECK_FALSE(decode_token(""));
  CHECK_FALSE(decode_token("abc"));
  CHECK_FALSE(decode_token("jnc1.5"));
  CHECK_FALSE(decode_token(std::string(1000, 'A')));
  json input = {{"NextToken", "garbage"}};
  CHECK_THROWS_AS(page_from(input, "NextToken", "MaxResults", 10), junction::ApiError);
}
