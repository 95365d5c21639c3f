// The emulator's own endpoints under /_junction/ (and moto's /moto-api/ aliases). They speak
// plain JSON, talk to storage/ and the model, and never to handlers.
#pragma once

#include <chrono>
#include <string>

#include "server/dispatcher.hpp"
#include "server/protocol/http_message.hpp"
#include "storage/database.hpp"

namespace junction {

class ControlPlane {
 public:
  ControlPlane(const shapes::Model& model, const Dispatcher& dispatcher,
               storage::Database& database);

  static bool owns(std::string_view path);
  protocol::HttpResponse handle(const protocol::HttpRequest& request);

 private:
  protocol::HttpResponse health();

  const shapes::Model& model_;
  const Dispatcher& dispatcher_;
  storage::Database& database_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace junction
