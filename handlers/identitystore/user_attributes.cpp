// A user's attributes: the profile built from CreateUser, UpdateUser's attribute paths applied to
// it, Identity Center's rules for users, and the model's User shape as the source of which
// attributes exist and what values they take.
#include <algorithm>
#include <cctype>

#include "handlers/identitystore/identitystore.hpp"
#include "server/shapes/shape.hpp"
#include "server/shapes/validator.hpp"

namespace junction::handlers::identitystore {

namespace {

using shapes::Kind;
using shapes::Member;
using shapes::Shape;

const Shape& user_shape() {
  static const Shape* shape = shapes::Model::instance().by_sdk_name("identitystore")->shape("User");
  return *shape;
}

const Member* member_named(const Shape& shape, std::string_view name) {
  for (const auto& m : shape.members)
    if (iequals(m.name, name)) return &m;
  return nullptr;
}

// Members of User that are not the user's own attributes: ids, what an identity provider sets,
// what Identity Store keeps, and extensions (updated through their own paths).
bool is_profile_member(std::string_view name) {
  static const char* const kNotProfile[] = {"IdentityStoreId", "UserId",    "ExternalIds",
                                            "CreatedAt",       "CreatedBy", "UpdatedAt",
                                            "UpdatedBy"};
  for (const char* n : kNotProfile)
    if (name == n) return false;
  return true;
}

const Member* updatable_member(std::string_view path_segment) {
  const Member* m = member_named(user_shape(), path_segment);
  if (!m || !is_profile_member(m->name) || m->name == "UserStatus" || m->name == "Extensions")
    return nullptr;
  return m;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = path.find('.', start);
    out.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

[[noreturn]] void invalid_path(const std::string& path) {
  invalid("Invalid attribute path: " + path + " is not an attribute that can be updated.");
}

// A document value with the members named as the model names them: AttributeValue objects
// use any case (SCIM's `value`, `primary`, `streetAddress`), the stored user the model's.
json to_model(const Shape& shape, const json& value, const std::string& path) {
  if (value.is_null())
    invalid("attribute value cannot be empty or null for attribute path " + path);
  if ((shape.kind == Kind::kStructure || shape.kind == Kind::kUnion) && value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      const Member* m = member_named(shape, key);
      if (!m) invalid("Invalid attribute path: " + path + "." + key + " is not an attribute.");
      out[m->name] = to_model(*m->shape, item, path + "." + shapes::lower_camel(m->name));
    }
    return out;
  }
  if (shape.kind == Kind::kList && value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(to_model(*shape.element, item, path));
    return out;
  }
  return value;  // the model's validation of the whole profile judges it
}

// aws:identitystore:enterprise[.attribute[.sub-attribute]]: a document of the extension's own.
void apply_extension(json& profile, const std::vector<std::string>& segments, const json* value,
                     const std::string& path) {
  if (!iequals(segments[0], kEnterpriseExtension))
    invalid("The extension " + segments[0] + " is not supported: " + kEnterpriseExtension +
            " is the only supported extension.");
  json& extensions = profile["Extensions"];
  if (!extensions.is_object()) extensions = json::object();
  if (segments.size() == 1) {
    if (!value) {
      extensions.erase(kEnterpriseExtension);
    } else {
      if (!value->is_object())
        invalid("The value of " + path + " must be an object of the extension's attributes.");
      extensions[kEnterpriseExtension] = *value;
    }
  } else {
    json* node = &extensions[kEnterpriseExtension];
    if (!node->is_object()) *node = json::object();
    for (std::size_t i = 1; i + 1 < segments.size(); ++i) {
      json& next = (*node)[segments[i]];
      if (!next.is_object()) next = json::object();
      node = &next;
    }
    if (value)
      (*node)[segments.back()] = *value;
    else
      node->erase(segments.back());
    if (extensions[kEnterpriseExtension].empty()) extensions.erase(kEnterpriseExtension);
  }
  if (extensions.empty()) profile.erase("Extensions");
}

}  // namespace

json profile_from_create(const json& input) {
  json profile = json::object();
  for (const auto& [key, value] : input.items())
    if (!value.is_null() && is_profile_member(key) && user_shape().member(key))
      profile[key] = value;
  profile["UserStatus"] = "ENABLED";
  return profile;
}

json apply_user_operations(json profile, const json& operations) {
  for (const auto& op : operations) {
    const std::string path = op.value("AttributePath", "");
    auto it = op.find("AttributeValue");
    const json* value = it != op.end() && !it->is_null() ? &*it : nullptr;
    auto segments = split(path);
    if (segments[0].find(':') != std::string::npos) {
      apply_extension(profile, segments, value, path);
      continue;
    }
    const Member* m = updatable_member(segments[0]);
    if (!m) invalid_path(path);
    std::string attribute = shapes::lower_camel(m->name);
    if (segments.size() == 1) {
      if (value)
        profile[m->name] = to_model(*m->shape, *value, attribute);
      else
        profile.erase(m->name);
      continue;
    }
    if (m->shape->kind == Kind::kList)
      invalid("Unsupported update operation on multi-value attribute " + attribute +
              ", please provide full replacement of Multi-Value attribute types");
    const Member* sub = m->shape->kind == Kind::kStructure && segments.size() == 2
                            ? member_named(*m->shape, segments[1])
                            : nullptr;
    if (!sub) invalid_path(path);
    json& parent = profile[m->name];
    if (!parent.is_object()) parent = json::object();
    if (value) {
      parent[sub->name] = to_model(*sub->shape, *value, path);
    } else {
      parent.erase(sub->name);
      if (parent.empty()) profile.erase(m->name);
    }
  }
  return profile;
}

void check_profile(const json& profile) {
  auto present = [](const json& object, const char* member) {
    auto it = object.find(member);
    return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
  };
  if (!present(profile, "UserName")) invalid("userName is a required attribute");
  reject_reserved_name(profile["UserName"].get<std::string>());
  std::vector<std::string> missing;
  if (!present(profile, "DisplayName")) missing.push_back("displayname");
  auto name = profile.find("Name");
  if (name == profile.end() || !name->is_object() || name->empty()) {
    missing.push_back("name");
  } else {
    if (!present(*name, "GivenName")) missing.push_back("givenname");
    if (!present(*name, "FamilyName")) missing.push_back("familyname");
  }
  if (!missing.empty()) {
    std::string message;
    for (const auto& m : missing)
      message += (message.empty() ? "" : ", ") + m + ": The attribute " + m + " is required";
    invalid(message);
  }
  auto extensions = profile.find("Extensions");
  if (extensions != profile.end())
    for (const auto& [key, value] : extensions->items()) {
      if (key != kEnterpriseExtension)
        invalid("The extension " + key + " is not supported: " + kEnterpriseExtension +
                " is the only supported extension.");
      if (!value.is_object())
        invalid(std::string("The value of ") + kEnterpriseExtension +
                " must be an object of the extension's attributes.");
    }
}

void validate_profile(const json& profile) {
  json user = profile;
  // Placeholders for the ids the shape requires; the profile has none of its own.
  user["IdentityStoreId"] = "d-0000000000";
  user["UserId"] = "00000000-0000-0000-0000-000000000000";
  std::vector<shapes::Violation> violations;
  try {
    violations = shapes::validate(user_shape(), user);
  } catch (const ApiError& e) {
    invalid(e.message);  // a value of the wrong JSON type inside a document
  }
  if (!violations.empty()) invalid(shapes::validation_message(violations));
}

repo::User user_row(const std::string& user_id, const json& profile, const repo::Audit& audit) {
  repo::User u;
  u.user_id = user_id;
  u.user_name = profile.value("UserName", "");
  if (profile.contains("DisplayName")) u.display_name = profile["DisplayName"].get<std::string>();
  json attributes = profile;
  attributes.erase("UserName");
  attributes.erase("DisplayName");
  u.attributes = attributes.dump();
  u.audit = audit;
  return u;
}

json profile_of(const repo::User& u) {
  json profile = json::parse(u.attributes, nullptr, false);
  if (!profile.is_object()) profile = json::object();
  profile["UserName"] = u.user_name;
  if (u.display_name) profile["DisplayName"] = *u.display_name;
  if (!profile.contains("UserStatus")) profile["UserStatus"] = "ENABLED";
  return profile;
}

json user_json(const std::string& store_id, const repo::User& u,
               const std::vector<repo::ExternalId>& external_ids,
               const std::vector<std::string>& requested) {
  json out = {{"IdentityStoreId", store_id}, {"UserId", u.user_id}};
  json profile = profile_of(u);
  for (const auto& [key, value] : profile.items())
    if (key != "Extensions" && is_profile_member(key) && user_shape().member(key)) out[key] = value;
  auto extensions = profile.find("Extensions");
  if (extensions != profile.end() && extensions->is_object()) {
    json chosen = json::object();
    for (const auto& name : requested)
      if (extensions->contains(name)) chosen[name] = (*extensions)[name];
    if (!chosen.empty()) out["Extensions"] = chosen;
  }
  if (!external_ids.empty()) out["ExternalIds"] = external_ids_json(external_ids);
  put_audit(out, u.audit);
  return out;
}

std::vector<std::string> requested_extensions(const json& input) {
  std::vector<std::string> names;
  if (!has(input, "Extensions")) return names;
  for (const auto& name : input["Extensions"]) {
    if (name != kEnterpriseExtension)
      invalid("The extension " + name.get<std::string>() +
              " is not supported: " + kEnterpriseExtension + " is the only supported extension.");
    names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace junction::handlers::identitystore
