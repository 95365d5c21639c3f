// What every AppStream streaming URL shares (stacks and fleets, image builders, app block
// builders): its validity, its form, and the network interface of an instance in a VPC.
#pragma once

#include <cstdint>

#include "handlers/api.hpp"

namespace junction::handlers::appstream {

// The input's Validity in seconds, `default_seconds` when not given; outside 1 to 604800 →
// ValidationException in AWS's wording.
std::int64_t streaming_validity(const json& input, std::int64_t default_seconds);

// https://appstream2.<region>.aws.amazon.com/authenticate?parameters=<base64url JSON>&signature=...
// as AWS's URLs look; `parameters` says what the URL streams.
std::string streaming_url(const Context& ctx, const json& parameters);

// CreateImageBuilderStreamingURL and CreateAppBlockBuilderStreamingURL: an administrator's URL to
// the builder `what` ("image builder", "app block builder") named `name`, valid for the input's
// Validity (default an hour), only while the builder is RUNNING (`state`). `extra` parameters
// join the URL's. {"StreamingURL", "Expires"}.
json builder_streaming_url(const Context& ctx, const json& input, const std::string& what,
                           const std::string& name, const std::string& state,
                           const json& extra = json::object());

// The network interface of an instance in the VPC of `attributes` (a NetworkAccessConfiguration:
// a private address and an eni- id), or null when `attributes` has no subnet.
json network_interface(const json& attributes);

}  // namespace junction::handlers::appstream
