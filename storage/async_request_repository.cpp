#include "storage/async_request_repository.hpp"

namespace junction::storage {

void AsyncRequestRepository::insert(const AsyncRequest& r) {
  tx_.exec(
      "INSERT INTO shared_async_requests (account, region, service, request_id, kind, scope,"
      " subject, pending_status, final_status, failure_reason, created_at, settles_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      account_, region_, service_, r.request_id, r.kind, r.scope, r.subject, r.pending_status,
      r.final_status, r.failure_reason, r.created_at, r.settles_at);
  // Forget the requests more than kKept older than this one (rowids grow with each insert),
  // unless still pending: at most a row or two per insert, found from the oldest.
  tx_.exec(
      "DELETE FROM shared_async_requests WHERE rowid <= last_insert_rowid() - ?1"
      " AND settles_at <= ?2",
      kKept, r.created_at);
}

std::optional<AsyncRequest> AsyncRequestRepository::find(const std::string& kind,
                                                         const std::string& scope,
                                                         const std::string& request_id) {
  auto s = tx_.query(
      "SELECT subject, pending_status, final_status, failure_reason, created_at, settles_at"
      " FROM shared_async_requests WHERE account = ?1 AND region = ?2 AND request_id = ?3"
      " AND service = ?4 AND kind = ?5 AND scope = ?6",
      account_, region_, request_id, service_, kind, scope);
  if (!s.step()) return std::nullopt;
  return AsyncRequest{request_id,         kind,      scope,    s.text(0), s.text(1), s.text(2),
                      s.optional_text(3), s.real(4), s.real(5)};
}

std::vector<AsyncRequestSummary> AsyncRequestRepository::list(
    const std::string& kind, const std::string& scope, const std::optional<std::string>& status,
    double now, std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(
      "SELECT request_id, status, created_at FROM ("
      "  SELECT request_id, created_at,"
      "    CASE WHEN settles_at <= ?6 THEN final_status ELSE pending_status END AS status"
      "  FROM shared_async_requests WHERE account = ?1 AND region = ?2 AND scope = ?3"
      "  AND kind = ?4 AND service = ?9)"
      " WHERE (?5 IS NULL OR status = ?5) ORDER BY created_at, request_id LIMIT ?7 OFFSET ?8",
      account_, region_, scope, kind, status, now, limit, offset, service_);
  std::vector<AsyncRequestSummary> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.real(2)});
  return out;
}

}  // namespace junction::storage
