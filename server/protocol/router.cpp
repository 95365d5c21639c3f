#include "server/protocol/router.hpp"

#include <algorithm>
#include <cctype>

#include "server/shapes/api_error.hpp"

namespace junction::protocol {
namespace {

using shapes::Protocol;

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto end = s.find(sep, start);
    parts.push_back(s.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// Path segments of a request or template path: no leading slash, one trailing slash ignored.
std::vector<std::string_view> path_segments(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return {};
  return split(path, '/');
}

void parse_credential(std::string_view credential, Caller& caller) {
  auto parts = split(credential, '/');
  if (parts.size() < 5) return;
  caller.access_key = std::string(parts[0]);
  if (!parts[2].empty()) caller.region = std::string(parts[2]);
  caller.signing_service = std::string(parts[3]);
}

[[noreturn]] void unknown_operation(const std::string& message) {
  throw ApiError("UnknownOperationException", message);
}

}  // namespace

bool is_rpc_v2_cbor(const HttpRequest& request) {
  return request.header(kSmithyProtocolHeader) == kRpcV2CborProtocol;
}

std::string smithy_namespace(const shapes::Service& service) {
  std::string ns = "com.amazonaws.";
  for (char c : service.sdk_name)
    if (c != '-') ns += c;
  return ns;
}

Caller identify(const HttpRequest& request) {
  Caller caller;
  std::string_view auth = request.header("authorization");
  auto pos = auth.find("Credential=");
  if (pos != std::string_view::npos) {
    auto value = auth.substr(pos + 11);
    parse_credential(value.substr(0, value.find_first_of(", ")), caller);
  } else {
    std::vector<std::pair<std::string, std::string>> query;
    if (parse_query(request.query(), query))
      for (const auto& [k, v] : query)
        if (k == "X-Amz-Credential") parse_credential(v, caller);
  }
  bool twelve_digits = caller.access_key.size() == 12 &&
                       std::all_of(caller.access_key.begin(), caller.access_key.end(),
                                   [](unsigned char c) { return std::isdigit(c); });
  if (twelve_digits) caller.account = caller.access_key;
  return caller;
}

Router::Router(const shapes::Model& model) : model_(model) {
  for (const auto& service : model.services()) {
    if (service->protocol != Protocol::kRestJson1) continue;
    for (const auto& op : service->operations) {
      Template t{&op, {}, {}, 0};
      std::string_view uri = op.uri;
      auto q = uri.find('?');
      if (q != std::string_view::npos) {
        parse_query(uri.substr(q + 1), t.query);
        uri = uri.substr(0, q);
      }
      for (auto seg : path_segments(uri)) {
        if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
          std::string_view name = seg.substr(1, seg.size() - 2);
          bool greedy = name.back() == '+';
          if (greedy) name.remove_suffix(1);
          t.segments.push_back({greedy ? Segment::kGreedy : Segment::kLabel, std::string(name)});
        } else {
          t.segments.push_back({Segment::kLiteral, std::string(seg)});
          ++t.literals;
        }
      }
      templates_.push_back(std::move(t));
    }
  }
}

bool Router::match(const Template& t, const std::vector<std::string>& path,
                   const std::vector<std::pair<std::string, std::string>>& query,
                   Route& out) const {
  std::vector<std::pair<std::string, std::string>> labels;
  std::size_t i = 0;
  for (const auto& seg : t.segments) {
    if (seg.kind == Segment::kGreedy) {
      if (i >= path.size()) return false;
      std::string rest;
      for (; i < path.size(); ++i) rest += (rest.empty() ? "" : "/") + path[i];
      labels.emplace_back(seg.text, rest);
      continue;
    }
    if (i >= path.size()) return false;
    if (seg.kind == Segment::kLiteral) {
      if (path[i] != seg.text) return false;
    } else {
      if (path[i].empty()) return false;
      labels.emplace_back(seg.text, path[i]);
    }
    ++i;
  }
  if (i != path.size()) return false;
  for (const auto& required : t.query) {  // not a structured binding: clang 14 cannot capture one
    bool found = std::any_of(query.begin(), query.end(), [&](const auto& p) {
      return p.first == required.first && (required.second.empty() || p.second == required.second);
    });
    if (!found) return false;
  }
  out.service = t.operation->service;
  out.operation = t.operation;
  out.labels = std::move(labels);
  return true;
}

Route Router::route(const HttpRequest& request, const Caller& caller) const {
  const shapes::Service* service = nullptr;
  if (!caller.signing_service.empty()) {
    service = model_.by_signing_name(caller.signing_service);
    if (!service) {
      ApiError e("NotImplemented",
                 "Junction does not emulate the service '" + caller.signing_service + "'.");
      e.status_override = 501;
      throw e;
    }
  }

  if (is_rpc_v2_cbor(request)) return route_rpc_v2_cbor(request, service);

  std::string_view target = request.header("x-amz-target");
  if (!target.empty()) {
    auto dot = target.rfind('.');
    std::string prefix(target.substr(0, dot == std::string_view::npos ? 0 : dot));
    std::string name(dot == std::string_view::npos ? target : target.substr(dot + 1));
    const shapes::Service* by_target = model_.by_target_prefix(prefix);
    if (!service) service = by_target;
    if (!service) {
      ApiError e("NotImplemented",
                 "Junction does not emulate the target '" + std::string(target) + "'.");
      e.status_override = 501;
      throw e;
    }
    if (service->protocol != Protocol::kAwsJson11 || service->target_prefix != prefix)
      unknown_operation("The target '" + std::string(target) + "' is not an operation of " +
                        service->sdk_name + ".");
    const shapes::Operation* op = service->operation(name);
    if (!op) unknown_operation("Operation " + name + " is not part of " + service->sdk_name + ".");
    return Route{service, op, {}};
  }
  if (service && service->protocol == Protocol::kAwsJson11)
    unknown_operation("Missing X-Amz-Target header: no operation of " + service->sdk_name +
                      " was named.");

  std::vector<std::string> path;
  for (auto seg : path_segments(request.path())) {
    std::string decoded;
    if (!percent_decode(seg, decoded))
      throw ApiError("SerializationException", "Malformed percent-encoding in the request path.");
    path.push_back(std::move(decoded));
  }
  std::vector<std::pair<std::string, std::string>> query;
  if (!parse_query(request.query(), query))
    throw ApiError("SerializationException", "Malformed percent-encoding in the query string.");

  Route best;
  int best_literals = -1;
  bool path_matched = false;
  for (const auto& t : templates_) {
    if (service && t.operation->service != service) continue;
    Route candidate;
    if (!match(t, path, query, candidate)) continue;
    path_matched = true;
    if (t.operation->method != request.method) continue;
    if (t.literals > best_literals) {
      best = std::move(candidate);
      best_literals = t.literals;
    }
  }
  if (best.operation) return best;
  std::string where = request.method + " " + std::string(request.path());
  if (path_matched)
    unknown_operation("No operation of " + std::string(service ? service->sdk_name : "this path") +
                      " accepts " + where + ".");
  unknown_operation("No operation" + (service ? " of " + service->sdk_name : std::string()) +
                    " matches " + where + ".");
}

// Smithy RPC v2 CBOR: the last four segments of the path are service/<name>/operation/<op>,
// where <name> is the service shape's name (the awsJson1.1 target prefix, e.g.
// PhotonAdminProxyService) or its absolute shape id with '.' for '#'.
Route Router::route_rpc_v2_cbor(const HttpRequest& request,
                                const shapes::Service* signed_for) const {
  // The protocol forbids the header: a request carrying both is ambiguous.
  if (!request.header("x-amz-target").empty() || !request.header("x-amzn-target").empty())
    throw ApiError("SerializationException",
                   "An rpc-v2-cbor request must not carry an X-Amz-Target header.");
  auto path = path_segments(request.path());
  const std::size_t n = path.size();
  const std::string where = request.method + " " + std::string(request.path());
  if (n < 4 || path[n - 4] != "service" || path[n - 2] != "operation" || path[n - 3].empty() ||
      path[n - 1].empty())
    unknown_operation(
        "An rpc-v2-cbor request names its operation in the path "
        "/service/<service>/operation/<operation>; " +
        where + " does not.");
  const std::string name(path[n - 3]);
  const std::string op_name(path[n - 1]);
  const shapes::Service* service = nullptr;
  for (const auto& s : model_.services())
    if (s->protocol == Protocol::kAwsJson11 &&
        (name == s->target_prefix || name == smithy_namespace(*s) + "." + s->target_prefix))
      service = s.get();
  if (signed_for && signed_for->protocol != Protocol::kAwsJson11)
    unknown_operation(signed_for->sdk_name + " does not take rpc-v2-cbor requests.");
  if (signed_for && service != signed_for)
    unknown_operation("The service '" + name + "' is not " + signed_for->sdk_name + " (" +
                      signed_for->target_prefix + ").");
  if (!service) {
    ApiError e("NotImplemented",
               "Junction does not take rpc-v2-cbor requests for the service '" + name + "'.");
    e.status_override = 501;
    throw e;
  }
  const shapes::Operation* op = service->operation(op_name);
  if (!op) unknown_operation("Operation " + op_name + " is not part of " + service->sdk_name + ".");
  if (request.method != "POST")
    unknown_operation("rpc-v2-cbor requests are POST; " + where + " names no operation.");
  Route route{service, op, {}};
  route.rpc_v2_cbor = true;
  return route;
}

Protocol Router::protocol_for(const HttpRequest& request, const Caller& caller) const {
  if (is_rpc_v2_cbor(request)) return Protocol::kRpcV2Cbor;
  if (!caller.signing_service.empty())
    if (const auto* s = model_.by_signing_name(caller.signing_service)) return s->protocol;
  if (!request.header("x-amz-target").empty()) return Protocol::kAwsJson11;
  if (request.header("content-type").find("amz-json") != std::string_view::npos)
    return Protocol::kAwsJson11;
  return Protocol::kRestJson1;
}

}  // namespace junction::protocol
