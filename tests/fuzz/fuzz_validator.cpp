// libFuzzer target: the shape validator on any JSON against any operation's input shape.
// Input: two bytes choose the operation (over every operation of every service), the rest is
// the JSON document. The validation message is built as well, as the server would.
#include <vector>

#include "fuzz_common.hpp"
#include "server/protocol/json_body.hpp"

namespace {
const std::vector<const junction::shapes::Shape*>& inputs() {
  static const auto all = [] {
    std::vector<const junction::shapes::Shape*> out;
    for (const auto& service : junction::shapes::Model::instance().services())
      for (const auto& op : service->operations)
        if (op.input) out.push_back(op.input);
    return out;
  }();
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace junction;
  if (size < 2) return 0;
  const auto& shapes = inputs();
  const shapes::Shape& shape = *shapes[(data[0] << 8 | data[1]) % shapes.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  try {
    nlohmann::json value = protocol::parse_json_object(text);
    auto violations = shapes::validate(shape, value);
    if (!violations.empty()) (void)shapes::validation_message(violations);
  } catch (const ApiError&) {
  }
  return 0;
}
