// clientToken idempotency (SPEC §4). botocore fills the token in for every call, so an SDK retry
// of a call that did reach Junction carries the same token and parameters: it gets the first
// call's outcome again, never a second user or a ConflictException of its own making.
#include "handlers/finspace_data/finspace_data.hpp"

namespace junction::handlers::finspace_data {

namespace {

// Labels are percent-decoded bytes that need not be UTF-8: never fail on them.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json error_json(const ApiError& e) {
  return {{"type", e.type}, {"message", e.message}, {"fields", e.fields}};
}

[[noreturn]] void replay_error(const std::string& body) {
  json e = json::parse(body);
  throw ApiError(e["type"].get<std::string>(), e["message"].get<std::string>(), e["fields"]);
}

}  // namespace

json once_per_client_token(const Context& ctx, const char* operation, const json& input,
                           storage::Tx& tx, const std::function<json()>& call) {
  if (!has(input, "clientToken")) return call();
  std::string token = str(input, "clientToken");
  json parameters = input;
  parameters.erase("clientToken");
  // Object keys are sorted: equal parameters always serialize to the same text.
  std::string canonical = dump(parameters);

  repo::Repository r(tx, ctx.account, ctx.region);
  r.forget_tokens(ctx.now_ms - kClientTokenLifetimeMs);
  if (auto seen = r.token(operation, token)) {
    if (seen->parameters != canonical)
      throw ApiError("ConflictException",
                     "The client token " + token + " was already used for a " +
                         std::string(operation) + " call with other parameters in the last " +
                         "10 minutes.",
                     {{"reason", reason::kClientTokenReused}});
    if (seen->is_error) replay_error(seen->body);
    return json::parse(seen->body);
  }

  repo::TokenRecord record{operation, token, canonical, false, {}, ctx.now_ms};
  repo::Savepoint savepoint(tx);
  try {
    json result = call();
    savepoint.release();
    record.body = dump(result);
    r.insert_token(record);
    return result;
  } catch (const ApiError& e) {
    savepoint.rollback();
    record.is_error = true;
    record.body = dump(error_json(e));
    r.insert_token(record);
    ApiError recorded = e;
    recorded.keep_writes = true;  // commit the record, then report the error
    throw recorded;
  }
}

}  // namespace junction::handlers::finspace_data
