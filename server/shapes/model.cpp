#include <algorithm>
#include <cctype>

#include "server/shapes/shape.hpp"

namespace junction::shapes {

const Member* Shape::member(std::string_view member_name) const {
  for (const auto& m : members)
    if (m.name == member_name) return &m;
  return nullptr;
}

const Operation* Service::operation(std::string_view name) const {
  for (const auto& op : operations)
    if (op.name == name) return &op;
  return nullptr;
}

const Shape* Service::shape(std::string_view name) const {
  for (const auto& s : shapes)
    if (s->name == name) return s.get();
  return nullptr;
}

namespace {

std::unique_ptr<Service> link(const ServiceDef& def) {
  auto service = std::make_unique<Service>();
  service->sdk_name = def.sdk_name;
  service->api_version = def.api_version;
  service->protocol = def.protocol;
  service->signing_name = def.signing_name;
  service->target_prefix = def.target_prefix ? def.target_prefix : "";
  service->endpoint_prefix = def.endpoint_prefix;
  for (int i = 0; i < def.shape_count; ++i) service->shapes.push_back(std::make_unique<Shape>());
  auto at = [&](int index) { return index < 0 ? nullptr : service->shapes[index].get(); };
  for (int i = 0; i < def.shape_count; ++i) {
    const ShapeDef& d = def.shapes[i];
    Shape& s = *service->shapes[i];
    s.name = d.name;
    s.kind = d.kind;
    s.sensitive = d.flags & kSensitive;
    s.is_error = d.flags & kError;
    s.is_fault = d.flags & kFault;
    if (d.has_min) s.min = d.min;
    if (d.has_max) s.max = d.max;
    if (d.pattern) s.pattern = std::make_unique<Pattern>(d.pattern);
    for (int e = 0; e < d.enum_count; ++e) s.enum_values.emplace_back(def.enums[d.first_enum + e]);
    for (int m = 0; m < d.member_count; ++m) {
      const MemberDef& md = def.members[d.first_member + m];
      s.members.push_back(Member{md.name, at(md.shape), (md.flags & kRequired) != 0,
                                 (md.flags & kIdempotencyToken) != 0, md.location,
                                 md.location_name ? md.location_name : md.name});
    }
    s.element = at(d.target);
    s.value = at(d.value);
    s.http_status = d.http_status;
    s.error_code = d.error_code ? d.error_code : d.name;
  }
  for (int i = 0; i < def.operation_count; ++i) {
    const OperationDef& d = def.operations[i];
    Operation op;
    op.name = d.name;
    op.service = service.get();
    op.method = d.method;
    op.uri = d.uri;
    op.success_code = d.success_code;
    op.input = at(d.input);
    op.output = at(d.output);
    for (int e = 0; e < d.error_count; ++e) op.errors.push_back(at(def.errors[d.first_error + e]));
    service->operations.push_back(std::move(op));
  }
  // Which shapes hold a sensitive value somewhere: to a fixed point, as shapes may nest
  // themselves.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& s : service->shapes) {
      if (s->holds_sensitive) continue;
      bool holds = s->sensitive || (s->element && s->element->holds_sensitive) ||
                   (s->value && s->value->holds_sensitive);
      for (const auto& m : s->members) holds = holds || m.shape->holds_sensitive;
      if (holds) s->holds_sensitive = changed = true;
    }
  }
  return service;
}

}  // namespace

Model::Model(const std::vector<const ServiceDef*>& defs) {
  for (const auto* def : defs) services_.push_back(link(*def));
}

const Model& Model::instance() {
  static const Model model({&models::k_sso_admin, &models::k_appstream, &models::k_finspace_data,
                            &models::k_license_manager_user_subscriptions,
                            &models::k_identitystore});
  return model;
}

const Service* Model::by_sdk_name(std::string_view name) const {
  for (const auto& s : services_)
    if (s->sdk_name == name) return s.get();
  return nullptr;
}

const Service* Model::by_signing_name(std::string_view name) const {
  for (const auto& s : services_)
    if (s->signing_name == name) return s.get();
  return nullptr;
}

const Service* Model::by_target_prefix(std::string_view prefix) const {
  for (const auto& s : services_)
    if (!s->target_prefix.empty() && s->target_prefix == prefix) return s.get();
  return nullptr;
}

std::string lower_camel(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace junction::shapes
