// Static tables of the shape DSL. tools/gen_model.py writes one ServiceDef per service from the
// botocore model; server/shapes/model.cpp links them into the Shape graph at start-up.
#pragma once

#include <cstdint>

namespace junction::shapes {

enum class Kind : std::uint8_t {
  kString,
  kInteger,
  kLong,
  kBoolean,
  kTimestamp,
  kBlob,
  kDouble,
  kList,
  kMap,
  kStructure,
  kUnion,
  kDocument,
};

enum class Location : std::uint8_t { kBody, kUri, kQuery, kHeader, kHeaders, kStatusCode };
// A service model's protocol is awsJson1.1 or restJson1; kRpcV2Cbor is only ever a wire protocol:
// the awsJson1.1 services also take Smithy RPC v2 CBOR requests, answered in CBOR.
enum class Protocol : std::uint8_t { kAwsJson11, kRestJson1, kRpcV2Cbor };

// Shape flags.
inline constexpr unsigned kSensitive = 1u << 0;
inline constexpr unsigned kError = 1u << 1;
inline constexpr unsigned kFault = 1u << 2;
// Member flags.
inline constexpr unsigned kRequired = 1u << 0;
inline constexpr unsigned kIdempotencyToken = 1u << 1;

struct MemberDef {
  const char* name;
  int shape;
  unsigned flags;
  Location location;
  const char* location_name;
};

struct ShapeDef {
  const char* name;
  Kind kind;
  unsigned flags;
  bool has_min;
  bool has_max;
  const char* pattern;
  std::int64_t min;
  std::int64_t max;
  int first_member;
  int member_count;
  int first_enum;
  int enum_count;
  int target;  // list member, or map key
  int value;   // map value
  int http_status;
  const char* error_code;
};

struct OperationDef {
  const char* name;
  const char* method;
  const char* uri;
  int success_code;
  int input;
  int output;
  int first_error;
  int error_count;
};

struct ServiceDef {
  const char* sdk_name;
  const char* api_version;
  Protocol protocol;
  const char* signing_name;
  const char* target_prefix;
  const char* endpoint_prefix;
  const ShapeDef* shapes;
  int shape_count;
  const MemberDef* members;
  const char* const* enums;
  const int* errors;
  const OperationDef* operations;
  int operation_count;
};

namespace models {
extern const ServiceDef k_sso_admin;
extern const ServiceDef k_appstream;
extern const ServiceDef k_finspace_data;
extern const ServiceDef k_license_manager_user_subscriptions;
extern const ServiceDef k_identitystore;
}  // namespace models

}  // namespace junction::shapes
