// Directory configs: how fleets and image builders join a Microsoft Active Directory domain.
// CreateDirectoryConfig, DescribeDirectoryConfigs, UpdateDirectoryConfig, DeleteDirectoryConfig.
// The service account's password is kept and never returned (AWS: "this password is not
// returned in the actual response"); neither is it in any message.
#include <algorithm>
#include <set>

#include "handlers/appstream/appstream.hpp"

namespace junction::handlers::appstream {

namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 100;

json directory_config_json(const repo::DirectoryConfig& c) {
  json out = {{"DirectoryName", c.directory_name},
              {"OrganizationalUnitDistinguishedNames",
               stored_json(c.organizational_unit_distinguished_names)},
              {"CreatedTime", c.created_at}};
  // The account name only: AWS leaves the password out, though the model's shape requires it.
  if (c.account_name) out["ServiceAccountCredentials"] = {{"AccountName", *c.account_name}};
  json cba = stored_json(c.certificate_based_auth_properties);
  if (cba.is_object()) out["CertificateBasedAuthProperties"] = cba;
  return out;
}

repo::DirectoryConfig require_config(repo::SettingsRepository& settings, const std::string& name) {
  auto c = settings.directory_config(name);
  if (!c)
    throw ApiError("ResourceNotFoundException",
                   "The directory config " + name + " does not exist.");
  return *c;
}

void set_credentials(repo::DirectoryConfig& c, const json& input) {
  if (!has(input, "ServiceAccountCredentials")) return;
  c.account_name = str(input["ServiceAccountCredentials"], "AccountName");
  c.account_password = str(input["ServiceAccountCredentials"], "AccountPassword");
}

}  // namespace

json create_directory_config(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::SettingsRepository settings(tx, ctx.account, ctx.region);
  repo::DirectoryConfig c;
  c.directory_name = str(input, "DirectoryName");
  c.organizational_unit_distinguished_names = input["OrganizationalUnitDistinguishedNames"].dump();
  set_credentials(c, input);
  c.certificate_based_auth_properties =
      member_json(input, "CreateDirectoryConfigRequest", "CertificateBasedAuthProperties");
  c.created_at = ctx.now_seconds();
  if (!settings.insert_directory_config(c))
    throw ApiError("ResourceAlreadyExistsException",
                   "The directory config " + c.directory_name + " already exists.");
  return {{"DirectoryConfig", directory_config_json(c)}};
}

json describe_directory_configs(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::SettingsRepository settings(tx, ctx.account, ctx.region);
  Page page = list_page(input, "MaxResults", "maxResults", kDefaultPage, kMaxPage);
  if (has(input, "DirectoryNames") && !input["DirectoryNames"].empty())
    return named_page_json("DirectoryConfigs", input["DirectoryNames"], page,
                           [&](const std::string& name) {
                             return directory_config_json(require_config(settings, name));
                           });
  auto rows = settings.directory_configs(page.offset, page.limit + 1);
  return page_json("DirectoryConfigs", rows, page,
                   [&](const auto& row) { return directory_config_json(row); });
}

json update_directory_config(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::SettingsRepository settings(tx, ctx.account, ctx.region);
  repo::DirectoryConfig c = require_config(settings, str(input, "DirectoryName"));
  if (has(input, "OrganizationalUnitDistinguishedNames")) {
    // An organizational unit a fleet or image builder joins cannot go.
    json now = input["OrganizationalUnitDistinguishedNames"];
    for (const auto& ou : stored_json(c.organizational_unit_distinguished_names)) {
      if (!ou.is_string() || std::find(now.begin(), now.end(), ou) != now.end()) continue;
      if (auto user = settings.directory_user(c.directory_name, ou.get<std::string>()))
        throw ApiError("ResourceInUseException",
                       "The organizational unit " + ou.get<std::string>() +
                           " of the directory config " + c.directory_name + " is in use by the " +
                           user->first + " " + user->second + ".");
    }
    c.organizational_unit_distinguished_names = now.dump();
  }
  set_credentials(c, input);
  if (has(input, "CertificateBasedAuthProperties")) {
    // Merged member by member into the stored properties.
    json cba = stored_json(c.certificate_based_auth_properties);
    if (!cba.is_object()) cba = json::object();
    json given = stored_json(
        member_json(input, "UpdateDirectoryConfigRequest", "CertificateBasedAuthProperties"));
    for (auto it = given.begin(); it != given.end(); ++it) cba[it.key()] = it.value();
    c.certificate_based_auth_properties = cba.dump();
  }
  settings.update_directory_config(c);
  return {{"DirectoryConfig", directory_config_json(c)}};
}

json delete_directory_config(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::SettingsRepository settings(tx, ctx.account, ctx.region);
  repo::DirectoryConfig c = require_config(settings, str(input, "DirectoryName"));
  if (auto user = settings.directory_user(c.directory_name))
    throw ApiError("ResourceInUseException", "The directory config " + c.directory_name +
                                                 " is in use by the " + user->first + " " +
                                                 user->second + ".");
  settings.delete_directory_config(c.directory_name);
  return json::object();
}

void check_domain_join(const Context& ctx, storage::Tx& tx, const json& attributes) {
  auto it = attributes.find("DomainJoinInfo");
  if (it == attributes.end() || !it->is_object() || !it->contains("DirectoryName")) return;
  std::string directory = (*it)["DirectoryName"].get<std::string>();
  auto config = repo::SettingsRepository(tx, ctx.account, ctx.region).directory_config(directory);
  if (!config)
    throw ApiError("ResourceNotFoundException",
                   "The directory config " + directory + " does not exist.");
  if (!it->contains("OrganizationalUnitDistinguishedName")) return;
  std::string ou = (*it)["OrganizationalUnitDistinguishedName"].get<std::string>();
  json ous = stored_json(config->organizational_unit_distinguished_names);
  if (!ous.is_array() || std::find(ous.begin(), ous.end(), json(ou)) == ous.end())
    throw ApiError(
        "InvalidParameterCombinationException",
        "The organizational unit " + ou + " is not one of the directory config " + directory + ".");
}

}  // namespace junction::handlers::appstream
