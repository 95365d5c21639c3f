#include "handlers/appstream/streaming_url.hpp"

#include <algorithm>

#include "server/util/ids.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kMaxValidity = 604800;

std::string base64url(const std::string& in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) out.push_back(kAlphabet[(buffer >> (bits -= 6)) & 63]);
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 63]);
  return out;
}

}  // namespace

std::int64_t streaming_validity(const json& input, std::int64_t default_seconds) {
  std::int64_t v = has(input, "Validity") ? input["Validity"].get<std::int64_t>() : default_seconds;
  if (v < 1 || v > kMaxValidity)
    throw ApiError("ValidationException",
                   "1 validation error detected: Value '" + std::to_string(v) +
                       "' at 'validity' failed to satisfy constraint: Member must have value " +
                       (v < 1 ? "greater than or equal to 1" : "less than or equal to 604800"));
  return v;
}

json builder_streaming_url(const Context& ctx, const json& input, const std::string& what,
                           const std::string& name, const std::string& state, const json& extra) {
  std::int64_t validity = streaming_validity(input, 3600);
  if (state != "RUNNING")
    throw ApiError("OperationNotPermittedException",
                   "The " + what + " " + name + " is " + state +
                       ": streaming URLs can be created only for a RUNNING " + what + ".");
  double expires = ctx.now_seconds() + static_cast<double>(validity);
  std::string source = what;
  std::replace(source.begin(), source.end(), ' ', '-');  // "image-builder/<name>"
  json parameters = {{"type", "ADMIN"},
                     {"expires", std::to_string(static_cast<std::int64_t>(expires))},
                     {"awsAccountId", ctx.account},
                     {"catalogSource", source + "/" + name}};
  parameters.update(extra);
  return {{"StreamingURL", streaming_url(ctx, parameters)}, {"Expires", expires}};
}

std::string streaming_url(const Context& ctx, const json& parameters) {
  return "https://appstream2." + ctx.region +
         ".aws.amazon.com/authenticate?parameters=" + base64url(parameters.dump()) +
         "&signature=" + random_alnum(43);
}

json network_interface(const json& attributes) {
  auto vpc = attributes.value("VpcConfig", json::object());
  if (!vpc.is_object() || vpc.value("SubnetIds", json::array()).empty()) return nullptr;
  std::string octets = random_hex(4);
  auto octet = [&](int i) {
    return std::to_string(std::stoi(octets.substr(i * 2, 2), nullptr, 16));
  };
  return {{"EniPrivateIpAddress", "10.0." + octet(0) + "." + octet(1)},
          {"EniId", "eni-" + random_hex(17)}};
}

}  // namespace junction::handlers::appstream
