// Stacks: CreateStack, DescribeStacks, DeleteStack (UpdateStack: stack_updates.cpp).
#include <set>

#include "handlers/appstream/appstream.hpp"
#include "handlers/common/pagination.hpp"
#include "server/util/ids.hpp"

namespace junction::handlers::appstream {

namespace {

// DescribeStacks has no MaxResults: its pages hold this many stacks.
constexpr std::int64_t kStackPageSize = 25;

// The structured members of CreateStack that the Stack shape returns as they were given; each is
// stored as the JSON text of the Stack member's shape.
struct EchoedMember {
  const char* name;
  std::optional<std::string> repo::Stack::*column;
};
constexpr EchoedMember kEchoed[] = {
    {"StorageConnectors", &repo::Stack::storage_connectors},
    {"UserSettings", &repo::Stack::user_settings},
    {"ApplicationSettings", &repo::Stack::application_settings},
    {"AccessEndpoints", &repo::Stack::access_endpoints},
    {"EmbedHostDomains", &repo::Stack::embed_host_domains},
    {"StreamingExperienceSettings", &repo::Stack::streaming_experience_settings},
    {"ContentRedirection", &repo::Stack::content_redirection},
    {"AgentAccessConfig", &repo::Stack::agent_access_config},
};

// The bucket AppStream keeps application settings in: one per account and region.
std::string settings_bucket(const Context& ctx) {
  return "appstream-app-settings-" + ctx.region + "-" + ctx.account + "-" +
         stable_hex(ctx.account + "/" + ctx.region + "/app-settings", 8);
}

}  // namespace

json stack_json(const Context& ctx, const repo::Stack& st) {
  json out = {{"Arn", st.arn}, {"Name", st.name}, {"CreatedTime", st.created_at}};
  // The Stack shape's Description and DisplayName are at least one character long.
  if (st.description && !st.description->empty()) out["Description"] = *st.description;
  if (st.display_name && !st.display_name->empty()) out["DisplayName"] = *st.display_name;
  if (st.redirect_url) out["RedirectURL"] = *st.redirect_url;
  if (st.feedback_url) out["FeedbackURL"] = *st.feedback_url;
  for (const auto& m : kEchoed) {
    const auto& column = st.*m.column;
    if (!column) continue;
    json value = json::parse(*column, nullptr, false);
    if (!value.is_discarded()) out[m.name] = std::move(value);
  }
  auto settings = out.find("ApplicationSettings");
  if (settings != out.end() && settings->value("Enabled", false))
    (*settings)["S3BucketName"] = settings_bucket(ctx);
  return out;
}

json create_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  const shapes::Shape& stack_shape = model_shape("Stack");
  repo::Stack st;
  st.name = str(input, "Name");
  st.arn = stack_arn(ctx, st.name);
  st.description = optional_str(input, "Description");
  st.display_name = optional_str(input, "DisplayName");
  st.redirect_url = optional_str(input, "RedirectURL");
  st.feedback_url = optional_str(input, "FeedbackURL");
  for (const auto& m : kEchoed)
    if (has(input, m.name))
      st.*m.column = project(*stack_shape.member(m.name)->shape, input[m.name]).dump();
  st.created_at = ctx.now_seconds();
  if (!r.insert_stack(st))
    throw ApiError("ResourceAlreadyExistsException", "The stack " + st.name + " already exists.");
  if (has(input, "Tags"))
    tags::Tags(ctx, tx, kService).add(st.arn, tags::from_map(input["Tags"]), kTagQuota);
  return {{"Stack", stack_json(ctx, st)}};
}

json describe_stacks(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  json paging = json::object();
  if (has(input, "NextToken")) paging["NextToken"] = input["NextToken"];
  Page page = page_from(paging, "NextToken", "MaxResults", kStackPageSize);

  if (has(input, "Names") && !input["Names"].empty())
    // The named stacks, in the order named (each once); every one must exist. An empty list
    // names none, which asks for all of them.
    return named_page_json("Stacks", input["Names"], page, [&](const std::string& name) {
      auto st = r.stack(name);
      if (!st)
        throw ApiError("ResourceNotFoundException", "The stack " + name + " does not exist.");
      return stack_json(ctx, *st);
    });
  auto rows = r.stacks(page.offset, page.limit + 1);

  return page_json("Stacks", rows, page, [&](const auto& row) { return stack_json(ctx, row); });
}

json delete_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository r(tx, ctx.account, ctx.region);
  std::string name = str(input, "Name");
  if (!r.stack_exists(name))
    throw ApiError("ResourceNotFoundException", "The stack " + name + " does not exist.");
  if (auto fleet = repo::FleetRepository(tx, ctx.account, ctx.region).stack_fleet(name))
    throw ApiError("ResourceInUseException", "The stack " + name +
                                                 " is associated with the fleet " + *fleet +
                                                 ": disassociate it before deleting the stack.");
  // Its user associations, entitlements and sessions go with it.
  r.delete_stack(name);
  tags::Tags(ctx, tx, kService).forget(stack_arn(ctx, name));
  return json::object();
}

}  // namespace junction::handlers::appstream
