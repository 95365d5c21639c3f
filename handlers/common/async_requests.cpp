#include "handlers/common/async_requests.hpp"

#include "handlers/common/pagination.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::async {

std::optional<Failure> injected_failure(const Context& ctx, const std::string& usual_reason,
                                        std::int64_t usual_delay_ms) {
  const InjectedOutcome* outcome = ctx.injected(OutcomeKind::kRequest);
  if (!outcome) return std::nullopt;
  ctx.outcome_applied();
  return Failure{outcome->status.empty() ? "FAILED" : outcome->status,
                 outcome->message_or(usual_reason), outcome->delay_or(usual_delay_ms)};
}

json status_json(const Request& r, const std::string& status, const StatusMembers& names) {
  json out = json::parse(r.subject, nullptr, false);
  if (!out.is_object()) out = json::object();
  auto& members = out.get_ref<json::object_t&>();
  members.emplace(names.status, status);
  members.emplace(names.request_id, r.request_id);
  members.emplace(names.created, r.created_at);
  if (status == "FAILED" && r.failure_reason)
    members.emplace(names.failure_reason, *r.failure_reason);
  return out;
}

Request Requests::start(const std::string& kind, const std::string& scope, const json& subject,
                        std::int64_t delay_ms, const std::string& pending,
                        const std::string& final_status,
                        std::optional<std::string> failure_reason) {
  Transition t = Transition::after(ctx_, pending, final_status, delay_ms);
  Request r{uuid4(),
            kind,
            scope,
            subject.dump(),
            t.pending,
            t.settled,
            std::move(failure_reason),
            ctx_.now_seconds(),
            t.settles_at};
  repo_.insert(r);
  ctx_.note_async_request(r.request_id);
  return r;
}

json Requests::list(const std::string& kind, const std::string& scope, const json& input,
                    const char* output_member, std::int64_t default_page_size,
                    const StatusMembers& names) {
  Page page = page_from(input, "NextToken", "MaxResults", default_page_size);
  std::optional<std::string> status;
  if (has(input, "Filter") && has(input["Filter"], "Status"))
    status = str(input["Filter"], "Status");
  auto rows = repo_.list(kind, scope, status, ctx_.now_seconds(), page.offset, page.limit + 1);
  return page_json(output_member, rows, page, [&](const auto& row) {
    return json{{names.status, row.status},
                {names.request_id, row.request_id},
                {names.created, row.created_at}};
  });
}

}  // namespace junction::handlers::async
