// Asynchronous requests that settle later, for every service that has them (SSO Admin's account
// assignment and provisioning requests, ...): a call makes one and answers its pending status;
// Describe/List calls read its status as of their time (handlers/common/transition.hpp). The
// members a status reports (its subject) are the service's; the status, id, creation time and
// failure reason are added here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "handlers/api.hpp"
#include "handlers/common/transition.hpp"
#include "storage/async_request_repository.hpp"

namespace junction::handlers::async {

using Request = storage::AsyncRequest;

// How a status document names its members (SSO Admin: Status, RequestId, CreatedDate,
// FailureReason).
struct StatusMembers {
  const char* status = "Status";
  const char* request_id = "RequestId";
  const char* created = "CreatedDate";
  const char* failure_reason = "FailureReason";
};

// How a request that does not succeed ends: its final status, its failure reason, and when.
struct Failure {
  std::string status = "FAILED";
  std::string reason;
  std::int64_t delay_ms = 0;
};

// The failure a fault rule's outcome (kind request) injects into the request the call starts:
// the rule's status, reason and delay, or `usual_reason` and `usual_delay_ms` where it gives
// none. Marks the outcome as taken. None when the call has no such outcome.
std::optional<Failure> injected_failure(const Context& ctx, const std::string& usual_reason,
                                        std::int64_t usual_delay_ms);

// The request's status as of `now`.
inline std::string status_at(const Request& r, double now) {
  return Transition{r.pending_status, r.final_status, r.settles_at}.at(now);
}

// The subject's members and the request's `status`, id, creation time, and failure reason when
// FAILED.
json status_json(const Request& r, const std::string& status, const StatusMembers& names = {});

class Requests {
 public:
  Requests(const Context& ctx, storage::Tx& tx, const char* service)
      : ctx_(ctx), repo_(tx, ctx.account, ctx.region, service) {}

  // Makes a request of `kind` under `scope`: `pending` until `delay_ms` from now, then
  // `final_status` (FAILED with `failure_reason`, or SUCCEEDED). The call's notes name it, as
  // they name a request find() finds, so the journal links a request's calls.
  Request start(const std::string& kind, const std::string& scope, const json& subject,
                std::int64_t delay_ms, const std::string& pending = "IN_PROGRESS",
                const std::string& final_status = "SUCCEEDED",
                std::optional<std::string> failure_reason = std::nullopt);
  std::optional<Request> find(const std::string& kind, const std::string& scope,
                              const std::string& request_id) {
    auto found = repo_.find(kind, scope, request_id);
    if (found) ctx_.note_async_request(found->request_id);
    return found;
  }
  // A page of {Status, RequestId, CreatedDate} of the kind under the scope, read from the
  // input's `Filter.Status`, `MaxResults` and `NextToken`, as `output_member` with the
  // output's `NextToken`.
  json list(const std::string& kind, const std::string& scope, const json& input,
            const char* output_member, std::int64_t default_page_size,
            const StatusMembers& names = {});

 private:
  const Context& ctx_;
  storage::AsyncRequestRepository repo_;
};

}  // namespace junction::handlers::async
