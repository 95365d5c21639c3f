// What the AppStream handlers share: model shapes, ARNs, and the user-pool checks.
#include <algorithm>
#include <stdexcept>

#include "handlers/appstream/appstream.hpp"
#include "server/shapes/validator.hpp"

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

std::string resource_arn(const Context& ctx, const std::string& kind, const std::string& name) {
  return "arn:aws:appstream:" + ctx.region + ":" + ctx.account + ":" + kind + "/" + name;
}

std::optional<std::string> name_in_arn(const Context& ctx, const std::string& arn,
                                       const std::string& kind) {
  std::string prefix = resource_arn(ctx, kind, "");
  if (arn.size() <= prefix.size() || arn.compare(0, prefix.size(), prefix) != 0)
    return std::nullopt;
  std::string name = arn.substr(prefix.size());
  if (name.find('/') != std::string::npos) return std::nullopt;
  return name;
}

Page list_page(const json& input, const char* limit_member, const char* wire_name,
               std::int64_t default_size, std::int64_t max_size) {
  Page page = page_from(input, "NextToken", limit_member, default_size);
  if (page.limit < 1)
    throw ApiError("ValidationException",
                   shapes::validation_message(
                       {{wire_name, "Value '" + std::to_string(page.limit) + "' at '" + wire_name +
                                        "' failed to satisfy constraint: Member must have value "
                                        "greater than or equal to 1"}}));
  page.limit = std::min(page.limit, max_size);
  return page;
}

json stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  json value = json::parse(*text, nullptr, false);
  return value.is_discarded() ? json(nullptr) : value;
}

std::optional<std::string> member_json(const json& input, const char* shape_name,
                                       const char* member) {
  if (!has(input, member)) return std::nullopt;
  const shapes::Member* m = model_shape(shape_name).member(member);
  if (!m) throw std::logic_error(std::string("no member ") + member + " in " + shape_name);
  return project(*m->shape, input[member]).dump();
}

std::optional<std::string> optional_str(const json& input, const char* member) {
  if (!has(input, member)) return std::nullopt;
  return input[member].get<std::string>();
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
