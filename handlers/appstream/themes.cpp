// Stack themes, the branding of a stack's application catalog page: CreateThemeForStack,
// DescribeThemeForStack, UpdateThemeForStack, DeleteThemeForStack. A stack has at most one;
// deleting the stack deletes it.
#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

// Where an image of the theme is (AWS answers a URL it serves; Junction names the S3 object).
std::string object_url(const Context& ctx, const std::optional<std::string>& location) {
  json l = stored_json(location);
  return "https://" + l.value("S3Bucket", "") + ".s3." + ctx.region + ".amazonaws.com/" +
         l.value("S3Key", "");
}

json theme_json(const Context& ctx, const repo::Theme& t) {
  json out = {{"StackName", t.stack_name},
              {"State", t.state},
              {"ThemeTitleText", t.title_text},
              {"ThemeStyling", t.theme_styling},
              {"ThemeOrganizationLogoURL", object_url(ctx, t.organization_logo_s3_location)},
              {"ThemeFaviconURL", object_url(ctx, t.favicon_s3_location)},
              {"CreatedTime", t.created_at}};
  json links = stored_json(t.footer_links);
  if (links.is_array() && !links.empty()) out["ThemeFooterLinks"] = links;
  return out;
}

repo::Theme require_theme(const Context& ctx, storage::Tx& tx, const json& input) {
  std::string stack = str(input, "StackName");
  repo::Repository stacks(tx, ctx.account, ctx.region);
  require_stack(stacks, stack);
  auto t = repo::SettingsRepository(tx, ctx.account, ctx.region).theme(stack);
  if (!t) throw ApiError("ResourceNotFoundException", "The stack " + stack + " has no theme.");
  return *t;
}

}  // namespace

json create_theme_for_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  const char* request = "CreateThemeForStackRequest";
  repo::Theme t;
  t.stack_name = require_stack(stacks, str(input, "StackName")).name;
  t.state = "ENABLED";
  t.title_text = str(input, "TitleText");
  t.theme_styling = str(input, "ThemeStyling");
  t.footer_links = member_json(input, request, "FooterLinks");
  t.organization_logo_s3_location = *member_json(input, request, "OrganizationLogoS3Location");
  t.favicon_s3_location = *member_json(input, request, "FaviconS3Location");
  t.created_at = ctx.now_seconds();
  if (!repo::SettingsRepository(tx, ctx.account, ctx.region).insert_theme(t))
    throw ApiError("ResourceAlreadyExistsException",
                   "The stack " + t.stack_name + " has a theme already.");
  return {{"Theme", theme_json(ctx, t)}};
}

json describe_theme_for_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  return {{"Theme", theme_json(ctx, require_theme(ctx, tx, input))}};
}

json update_theme_for_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Theme t = require_theme(ctx, tx, input);
  const char* request = "UpdateThemeForStackRequest";
  // First the attributes to delete, then the members given.
  if (has(input, "AttributesToDelete"))
    for (const auto& a : input["AttributesToDelete"])
      if (a.get<std::string>() == "FOOTER_LINKS") t.footer_links.reset();
  if (has(input, "FooterLinks")) t.footer_links = member_json(input, request, "FooterLinks");
  if (has(input, "TitleText")) t.title_text = str(input, "TitleText");
  if (has(input, "ThemeStyling")) t.theme_styling = str(input, "ThemeStyling");
  if (has(input, "State")) t.state = str(input, "State");
  if (has(input, "OrganizationLogoS3Location"))
    t.organization_logo_s3_location = *member_json(input, request, "OrganizationLogoS3Location");
  if (has(input, "FaviconS3Location"))
    t.favicon_s3_location = *member_json(input, request, "FaviconS3Location");
  repo::SettingsRepository(tx, ctx.account, ctx.region).update_theme(t);
  return {{"Theme", theme_json(ctx, t)}};
}

json delete_theme_for_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Theme t = require_theme(ctx, tx, input);
  repo::SettingsRepository(tx, ctx.account, ctx.region).delete_theme(t.stack_name);
  return json::object();
}

}  // namespace junction::handlers::appstream
