// AppStream 2.0 handlers, SPEC §3: stacks, user-pool users, and user-stack associations.
#pragma once

#include <string>

#include "handlers/api.hpp"
#include "handlers/common/tags.hpp"
#include "server/shapes/shape.hpp"
#include "storage/appstream_repository.hpp"

namespace junction::handlers::appstream {

namespace repo = storage::appstream;

inline constexpr const char* kService = "appstream";
// AppStream's quota: 50 tags per resource.
inline constexpr tags::Quota kTagQuota{50, "LimitExceededException"};

// A shape of the AppStream model (server/shapes/models/appstream.cpp), by name.
const shapes::Shape& model_shape(const char* name);
// `value` reduced to the members `shape` declares, recursively (undeclared members a client sent
// are not stored, so what is returned always fits the model's output shape).
json project(const shapes::Shape& shape, const json& value);

// arn:aws:appstream:<region>:<account>:stack/<name>
std::string stack_arn(const Context& ctx, const std::string& name);
// arn:aws:appstream:<region>:<account>:user/userpool/<name>, where the name's characters that an
// ARN cannot hold are written =XX (per UTF-8 byte); empty when the result would be too long.
std::string user_arn(const Context& ctx, const std::string& user_name);

// Throws InvalidParameterValueException unless `input`'s AuthenticationType is USERPOOL: the
// user-pool operations know no other kind of user. (User names are sensitive in the model, so no
// message repeats them.)
void require_user_pool(const json& input);

json create_stack(const Context&, const json&, storage::Tx&);
json describe_stacks(const Context&, const json&, storage::Tx&);
json delete_stack(const Context&, const json&, storage::Tx&);

json create_user(const Context&, const json&, storage::Tx&);
json describe_users(const Context&, const json&, storage::Tx&);
json delete_user(const Context&, const json&, storage::Tx&);
json enable_user(const Context&, const json&, storage::Tx&);
json disable_user(const Context&, const json&, storage::Tx&);

json batch_associate_user_stack(const Context&, const json&, storage::Tx&);
json batch_disassociate_user_stack(const Context&, const json&, storage::Tx&);
json describe_user_stack_associations(const Context&, const json&, storage::Tx&);

}  // namespace junction::handlers::appstream
