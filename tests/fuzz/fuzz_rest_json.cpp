// libFuzzer target: a restJson1 request (FinSpace Data, License Manager User Subscriptions)
// routed, decoded and validated. Input, like HTTP: "METHOD TARGET" on the first line, then
// "name: value" header lines, an empty line, and the body.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace junction;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view line = fuzz::first_line(rest, rest);
  fuzz::route_decode_validate(fuzz::parse_rest_request(line, rest));
  return 0;
}
