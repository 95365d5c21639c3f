// libFuzzer target: a restJson1 request (FinSpace Data, License Manager User Subscriptions)
// routed, decoded and validated. Input, like HTTP: "METHOD TARGET" on the first line, then
// "name: value" header lines, an empty line, and the body.
#include <cctype>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace junction;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view line = fuzz::first_line(rest, rest);
  protocol::HttpRequest request;
  auto space = line.find(' ');
  request.method = std::string(line.substr(0, space));
  request.target = space == std::string_view::npos ? "/" : std::string(line.substr(space + 1));
  while (!rest.empty()) {
    line = fuzz::first_line(rest, rest);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    auto colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(std::move(name), std::string(value));
  }
  request.body = std::string(rest);
  fuzz::route_decode_validate(request);
  return 0;
}
