// The API pipeline: route → decode → validate → handler in one transaction → encode. It owns the
// join of the model's operations with the handlers' bindings.
#pragma once

#include <string>
#include <unordered_map>

#include "handlers/api.hpp"
#include "server/protocol/codec.hpp"
#include "server/protocol/router.hpp"
#include "storage/database.hpp"

namespace junction {

// What one API call was, for the request log and the journal.
struct CallRecord {
  std::string request_id;
  std::string service;
  std::string operation;
  std::string account;
  std::string region;
  std::string error_type;
  std::string error_message;
  int status = 0;
};

class Dispatcher {
 public:
  Dispatcher(const shapes::Model& model, storage::Database& database,
             const handlers::Settings& settings);

  protocol::HttpResponse handle(const protocol::HttpRequest& request, CallRecord& record);

  // Implemented operations per service, in model order.
  bool implemented(const shapes::Operation& op) const { return bindings_.count(&op) != 0; }

 private:
  const shapes::Model& model_;
  protocol::Router router_;
  storage::Database& database_;
  const handlers::Settings& settings_;
  std::unordered_map<const shapes::Operation*, handlers::Binding> bindings_;
};

}  // namespace junction
