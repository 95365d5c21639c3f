// Asynchronous requests of any service (table shared_async_requests): made with a pending
// status, settled at a time. One repository per call, bound to an account, a region and a
// service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace junction::storage {

struct AsyncRequest {
  std::string request_id;
  std::string kind;     // the request type within its service
  std::string scope;    // what it is listed under (SSO Admin: the instance ARN)
  std::string subject;  // JSON text: the members its status reports
  std::string pending_status;
  std::string final_status;
  std::optional<std::string> failure_reason;
  double created_at = 0;
  double settles_at = 0;  // epoch seconds; from then on the status is final_status
};

struct AsyncRequestSummary {
  std::string request_id;
  std::string status;  // as of the `now` given to the query
  double created_at = 0;
};

class AsyncRequestRepository {
 public:
  // Requests kept, over all accounts, regions and services: the newest, and every one still
  // pending. Asking for a forgotten one is as for an unknown id.
  static constexpr std::int64_t kKept = 20000;

  AsyncRequestRepository(Tx& tx, std::string account, std::string region, std::string service)
      : tx_(tx),
        account_(std::move(account)),
        region_(std::move(region)),
        service_(std::move(service)) {}

  void insert(const AsyncRequest& r);
  std::optional<AsyncRequest> find(const std::string& kind, const std::string& scope,
                                   const std::string& request_id);
  // The requests of a kind under a scope, oldest first; `status` (as of `now`) filters them.
  std::vector<AsyncRequestSummary> list(const std::string& kind, const std::string& scope,
                                        const std::optional<std::string>& status, double now,
                                        std::int64_t offset, std::int64_t limit);

 private:
  Tx& tx_;
  std::string account_;
  std::string region_;
  std::string service_;
};

}  // namespace junction::storage
