// Tags by resource ARN, for every service that tags (SSO Admin, AppStream, License Manager User
// Subscriptions): the wire forms (a list of {Key, Value} or a map), AWS's per-resource quota, and
// their storage (storage/tag_repository). A handler checks that the resource exists, then calls
// these.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "handlers/api.hpp"
#include "storage/tag_repository.hpp"

namespace junction::handlers::tags {

using storage::Tag;

// A service's rule for how many tags a resource may have, and the error it answers beyond.
struct Quota {
  std::size_t per_resource;
  const char* error_type;
};

// The tags of a request member: a list of {"Key": ..., "Value": ...} (SSO Admin), or a map of
// key to value (AppStream, LMUS). A missing value is the empty string.
std::vector<Tag> from_list(const json& list, const char* key = "Key", const char* value = "Value");
std::vector<Tag> from_map(const json& map);
json to_list(const std::vector<Tag>& tags, const char* key = "Key", const char* value = "Value");
json to_map(const std::vector<Tag>& tags);

class Tags {
 public:
  // `service` is the botocore name of the tagged resources' service.
  Tags(const Context& ctx, storage::Tx& tx, const char* service)
      : repo_(tx, ctx.account, ctx.region, service) {}

  // Adds (or overwrites) tags; throws quota.error_type when the resource would have more than
  // quota.per_resource tags (and nothing changes: the call's transaction rolls back).
  void add(const std::string& arn, const std::vector<Tag>& tags, const Quota& quota);
  void remove(const std::string& arn, const std::vector<std::string>& keys) {
    repo_.remove(arn, keys);
  }
  std::vector<Tag> of(const std::string& arn) { return repo_.list(arn); }
  // The resource is gone: so are its tags.
  void forget(const std::string& arn) { repo_.remove_all(arn); }

 private:
  storage::TagRepository repo_;
};

// The keys of an UntagResource request (`TagKeys`).
std::vector<std::string> keys(const json& input, const char* member = "TagKeys");

}  // namespace junction::handlers::tags
