// What the AppStream handlers share: model shapes, ARNs, and the user-pool checks.
#include <stdexcept>

#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

namespace {
// The longest resource part the model's Arn pattern allows.
constexpr std::size_t kMaxArnResource = 1024;

bool arn_safe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '_' || c == '/' || c == '+' || c == ',' || c == '@' || c == '.' || c == '-';
}
}  // namespace

const shapes::Shape& model_shape(const char* name) {
  const shapes::Service* service = shapes::Model::instance().by_sdk_name("appstream");
  const shapes::Shape* shape = service ? service->shape(name) : nullptr;
  if (!shape) throw std::logic_error(std::string("no shape ") + name + " in the appstream model");
  return *shape;
}

json project(const shapes::Shape& shape, const json& value) {
  switch (shape.kind) {
    case shapes::Kind::kStructure:
    case shapes::Kind::kUnion: {
      json out = json::object();
      if (!value.is_object()) return out;
      for (const auto& m : shape.members) {
        auto it = value.find(m.name);
        if (it != value.end() && !it->is_null()) out[m.name] = project(*m.shape, *it);
      }
      return out;
    }
    case shapes::Kind::kList: {
      json out = json::array();
      if (!value.is_array()) return out;
      for (const auto& item : value)
        if (!item.is_null()) out.push_back(project(*shape.element, item));
      return out;
    }
    case shapes::Kind::kMap: {
      json out = json::object();
      if (!value.is_object()) return out;
      for (const auto& [key, item] : value.items())
        if (!item.is_null()) out[key] = project(*shape.value, item);
      return out;
    }
    default:
      return value;
  }
}

std::string stack_arn(const Context& ctx, const std::string& name) {
  return "arn:aws:appstream:" + ctx.region + ":" + ctx.account + ":stack/" + name;
}

std::string user_arn(const Context& ctx, const std::string& user_name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string resource = "user/userpool/";
  for (unsigned char c : user_name) {
    if (arn_safe(c)) {
      resource += static_cast<char>(c);
    } else {
      resource += '=';
      resource += kHex[c >> 4];
      resource += kHex[c & 15];
    }
  }
  if (resource.size() > kMaxArnResource) return {};
  return "arn:aws:appstream:" + ctx.region + ":" + ctx.account + ":" + resource;
}

void require_user_pool(const json& input) {
  std::string type = str(input, "AuthenticationType");
  if (type != repo::kUserPool)
    throw ApiError("InvalidParameterValueException",
                   "The authentication type " + type +
                       " is not supported for user pool operations. You must specify USERPOOL.");
}

}  // namespace junction::handlers::appstream
