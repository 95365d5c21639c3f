// Tags of any service's resources, by ARN (table shared_tags). One repository per call, bound to
// an account, a region and the service whose resources it tags.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage {

using Tag = std::pair<std::string, std::string>;  // key, value

class TagRepository {
 public:
  TagRepository(Tx& tx, std::string account, std::string region, std::string service)
      : tx_(tx),
        account_(std::move(account)),
        region_(std::move(region)),
        service_(std::move(service)) {}

  // Adds the tags, replacing the values of keys the resource has already.
  void put(const std::string& arn, const std::vector<Tag>& tags);
  // Removes the keys; keys the resource does not have are ignored.
  void remove(const std::string& arn, const std::vector<std::string>& keys);
  // Removes every tag of the resource (it is being deleted).
  void remove_all(const std::string& arn);
  // The resource's tags, ordered by key.
  std::vector<Tag> list(const std::string& arn);
  std::int64_t count(const std::string& arn);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
  std::string service_;
};

}  // namespace junction::storage
