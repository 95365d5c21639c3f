#include "server/control/dashboard.hpp"

#include <string>

#include "server/control/control_error.hpp"

namespace junction {

namespace {

constexpr std::string_view kRoot = "/_junction/ui";

// The page loads only its own script and style sheet and talks only to its own origin.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace

bool is_dashboard_path(std::string_view path) {
  return path == kRoot ||
         (path.size() > kRoot.size() && path.rfind(kRoot, 0) == 0 && path[kRoot.size()] == '/');
}

const UiAsset* find_ui_asset(std::string_view path) {
  if (!is_dashboard_path(path)) return nullptr;
  std::string_view name = path.substr(kRoot.size());
  if (!name.empty()) name.remove_prefix(1);  // the '/'
  if (name.empty()) name = "index.html";
  for (int i = 0; i < kUiAssetCount; ++i)
    if (kUiAssets[i].name == name) return &kUiAssets[i];
  return nullptr;
}

protocol::HttpResponse serve_dashboard(const protocol::HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    ControlError e(
        405, "MethodNotAllowed",
        request.method + " is not allowed on " + std::string(request.path()) + "; use GET, HEAD.");
    e.allow = "GET, HEAD";
    throw e;
  }
  const UiAsset* asset = find_ui_asset(request.path());
  if (!asset)
    throw ControlError(
        404, "NotFound",
        "The dashboard has no file at " + std::string(request.path()) + "; open /_junction/ui.");
  protocol::HttpResponse r;
  r.set_header("Content-Type", std::string(asset->content_type));
  r.set_header("Cache-Control", "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Content-Security-Policy", kContentSecurityPolicy);
  if (request.method == "GET") r.body = std::string(asset->body);
  return r;
}

}  // namespace junction
