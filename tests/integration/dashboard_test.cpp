// The dashboard at /_junction/ui over real HTTP: the embedded files, their headers, and how
// --admin-token and --no-control-plane apply to it. (Its behaviour in a browser: tests/ui.)
#include "server/control/dashboard.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/app.hpp"
#include "server/logging.hpp"
#include "tests/integration/http_client.hpp"

using junction::App;
using junction::Config;
using junction::test::HttpClient;
using junction::test::HttpResult;

namespace {

Config dashboard_config() {
  junction::log::configure(junction::log::Level::kError, junction::log::Format::kText);
  Config config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.ephemeral = true;
  config.threads = 2;
  return config;
}

struct Server {
  explicit Server(const Config& config) : app(config), http(start(app)) {}
  static std::uint16_t start(App& app) {
    app.start();
    return app.port();
  }
  App app;
  HttpClient http;
};

void require_not_found(const HttpResult& r) {
  INFO(r.body);
  REQUIRE(r.status == 404);
  REQUIRE(r.json()["error"] == "NotFound");
}

}  // namespace

TEST_CASE("the dashboard's files are embedded byte for byte", "[dashboard]") {
  auto dir = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "server" /
             "control" / "ui";
  if (!std::filesystem::exists(dir)) {
    WARN("the sources are not beside this build: " << dir);
    return;
  }
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    INFO(name);
    const junction::UiAsset* asset = junction::find_ui_asset("/_junction/ui/" + name);
    REQUIRE(asset != nullptr);
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    REQUIRE(asset->body == text.str());
    ++files;
  }
  REQUIRE(files == junction::kUiAssetCount);
  REQUIRE(junction::find_ui_asset("/_junction/ui") == junction::find_ui_asset("/_junction/ui/"));
  REQUIRE(junction::find_ui_asset("/_junction/ui")->name == "index.html");
  REQUIRE(junction::find_ui_asset("/_junction/uix") == nullptr);
  REQUIRE(junction::find_ui_asset("/_junction/ui/../state") == nullptr);
}

TEST_CASE("GET /_junction/ui serves the page and its assets", "[dashboard]") {
  Server s(dashboard_config());
  for (const char* path : {"/_junction/ui", "/_junction/ui/", "/_junction/ui/index.html"}) {
    INFO(path);
    auto r = s.http.get(path);
    REQUIRE(r.status == 200);
    REQUIRE(r.header("content-type") == "text/html; charset=utf-8");
    REQUIRE(r.body.find("<title>Junction dashboard</title>") != std::string::npos);
    REQUIRE(r.header("content-security-policy").find("default-src 'none'") == 0);
    REQUIRE(r.header("x-content-type-options") == "nosniff");
    REQUIRE(r.header("cache-control") == "no-cache");
  }
  auto js = s.http.get("/_junction/ui/dashboard.js");
  REQUIRE(js.status == 200);
  REQUIRE(js.header("content-type") == "text/javascript; charset=utf-8");
  REQUIRE(js.body.find("/_junction/requests") != std::string::npos);
  auto css = s.http.get("/_junction/ui/dashboard.css");
  REQUIRE(css.status == 200);
  REQUIRE(css.header("content-type") == "text/css; charset=utf-8");

  auto head = s.http.request("HEAD", "/_junction/ui");
  REQUIRE(head.status == 200);
  REQUIRE(head.body.empty());
  auto post = s.http.post("/_junction/ui");
  REQUIRE(post.status == 405);
  REQUIRE(post.header("allow") == "GET, HEAD");
  require_not_found(s.http.get("/_junction/ui/missing.js"));
  require_not_found(s.http.get("/_junction/uix"));
  // Serving the page is no API call: the journal stays empty.
  REQUIRE(s.http.get("/_junction/requests").json()["count"] == 0);
}

TEST_CASE("with --admin-token the page is open and its data guarded", "[dashboard]") {
  Config config = dashboard_config();
  config.admin_token = "s3cret";
  Server s(config);
  REQUIRE(s.http.get("/_junction/ui").status == 200);
  REQUIRE(s.http.get("/_junction/ui/dashboard.js").status == 200);
  REQUIRE(s.http.get("/_junction/state").status == 401);
  REQUIRE(s.http.get("/_junction/requests").status == 401);
  REQUIRE(s.http.get("/_junction/state", {{"Authorization", "Bearer s3cret"}}).status == 200);
}

TEST_CASE("with --no-control-plane there is no dashboard", "[dashboard]") {
  Config config = dashboard_config();
  config.no_control_plane = true;
  Server s(config);
  require_not_found(s.http.get("/_junction/ui"));
  require_not_found(s.http.get("/_junction/ui/dashboard.js"));
  REQUIRE(s.http.get("/_junction/health").status == 200);
}
