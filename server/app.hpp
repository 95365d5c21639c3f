// One Junction server: the database, the API dispatcher, the control plane and the HTTP front,
// built from a Config. Tests build one on port 0 with a temporary database.
#pragma once

#include <chrono>
#include <memory>

#include "handlers/api.hpp"
#include "server/auth/sigv4.hpp"
#include "server/config.hpp"
#include "server/control/control_plane.hpp"
#include "server/control/faults.hpp"
#include "server/control/journal.hpp"
#include "server/dispatcher.hpp"
#include "server/http_server.hpp"
#include "storage/database.hpp"
#include "storage/state_store.hpp"

namespace junction {

class App {
 public:
  // Opens the database, imports --seed and, in strict mode, reads --credentials; throws (with a
  // message naming the problem) when any of them fails.
  explicit App(const Config& config);
  ~App();

  void start();
  // Stops serving: requests in flight get up to --shutdown-timeout to finish, then are cut and
  // the database's SQL interrupted. The database closes when the App goes.
  void stop();
  // Brings a stop in progress to its deadline now (a second signal). Safe from any thread.
  void stop_now();
  void wait();
  std::uint16_t port() const { return server_->port(); }

  // The whole request path without sockets: control plane or API, plus the request log line
  // and the journal entry. A call a fault rule delays comes back deferred (`delay`, `resume`).
  protocol::HttpResponse handle(const protocol::HttpRequest& request);

  storage::Database& database() { return *database_; }
  Journal& journal() { return *journal_; }
  FaultRules& faults() { return *faults_; }

 private:
  // `entry` holds the request's side (time, method, path, and what it carried).
  void finish(JournalEntry entry, const CallRecord& record, const protocol::HttpResponse& response,
              std::chrono::steady_clock::time_point started);

  Config config_;
  std::string listen_address_;  // the numeric address --host resolved to
  handlers::Settings settings_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<storage::StateStore> state_;
  std::unique_ptr<Journal> journal_;
  std::unique_ptr<FaultRules> faults_;
  std::unique_ptr<auth::Verifier> verifier_;  // strict mode only
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<ControlPlane> control_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace junction
