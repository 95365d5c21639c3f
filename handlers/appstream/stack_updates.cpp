// UpdateStack: AttributesToDelete (and DeleteStorageConnectors) remove what they list, then the
// members given are set. Lists keyed by a member (storage connectors by ConnectorType, user
// settings by Action) are merged entry by entry; structures member by member; other lists and
// values are replaced.
#include <map>

#include "handlers/appstream/fleet.hpp"

namespace junction::handlers::appstream {

namespace {

using Column = std::optional<std::string> repo::Stack::*;

// AttributesToDelete values that clear a column.
const std::map<std::string, Column> kClears = {
    {"STORAGE_CONNECTORS", &repo::Stack::storage_connectors},
    {"REDIRECT_URL", &repo::Stack::redirect_url},
    {"FEEDBACK_URL", &repo::Stack::feedback_url},
    {"USER_SETTINGS", &repo::Stack::user_settings},
    {"EMBED_HOST_DOMAINS", &repo::Stack::embed_host_domains},
    {"ACCESS_ENDPOINTS", &repo::Stack::access_endpoints},
    {"STREAMING_EXPERIENCE_SETTINGS", &repo::Stack::streaming_experience_settings},
    {"CONTENT_REDIRECTION", &repo::Stack::content_redirection},
    {"AGENT_ACCESS_CONFIG", &repo::Stack::agent_access_config},
};
// AttributesToDelete values that remove one storage connector.
const std::map<std::string, const char*> kConnectorClears = {
    {"STORAGE_CONNECTOR_HOMEFOLDERS", "HOMEFOLDERS"},
    {"STORAGE_CONNECTOR_GOOGLE_DRIVE", "GOOGLE_DRIVE"},
    {"STORAGE_CONNECTOR_ONE_DRIVE", "ONE_DRIVE"},
};

// Entries of `given` replace the stored entries with the same `key`; the others stay.
json merge_keyed(const json& stored, const json& given, const char* key) {
  json out = stored.is_array() ? stored : json::array();
  for (const auto& entry : given) {
    bool replaced = false;
    for (auto& old : out)
      if (old.value(key, "") == entry.value(key, "")) old = entry, replaced = true;
    if (!replaced) out.push_back(entry);
  }
  return out;
}

void merge_object(json& into, const json& value) {
  if (!into.is_object() || !value.is_object()) {
    into = value;
    return;
  }
  for (const auto& [k, v] : value.items()) merge_object(into[k], v);
}

std::optional<std::string> text_of(const json& value) {
  if (value.is_null() || (value.is_array() && value.empty())) return std::nullopt;
  return value.dump();
}

}  // namespace

json update_stack(const Context& ctx, const json& input, storage::Tx& tx) {
  repo::Repository stacks(tx, ctx.account, ctx.region);
  repo::Stack st = require_stack(stacks, str(input, "Name"));
  const shapes::Shape& stack_shape = model_shape("Stack");
  auto shaped = [&](const char* member) {
    return project(*stack_shape.member(member)->shape, input[member]);
  };

  if (has(input, "DeleteStorageConnectors") && input["DeleteStorageConnectors"].get<bool>())
    st.storage_connectors.reset();
  if (has(input, "AttributesToDelete"))
    for (const auto& item : input["AttributesToDelete"]) {
      std::string a = item.get<std::string>();
      if (auto c = kClears.find(a); c != kClears.end()) {
        st.*(c->second) = std::nullopt;
      } else if (auto k = kConnectorClears.find(a); k != kConnectorClears.end()) {
        json kept = json::array();
        json stored = stored_json(st.storage_connectors);
        if (stored.is_array())
          for (const auto& connector : stored)
            if (connector.value("ConnectorType", "") != k->second) kept.push_back(connector);
        st.storage_connectors = text_of(kept);
      }
      // THEME_NAME and IAM_ROLE_ARN name attributes Junction's stacks do not hold.
    }

  if (has(input, "Description")) st.description = str(input, "Description");
  if (has(input, "DisplayName")) st.display_name = str(input, "DisplayName");
  if (has(input, "RedirectURL")) st.redirect_url = str(input, "RedirectURL");
  if (has(input, "FeedbackURL")) st.feedback_url = str(input, "FeedbackURL");
  if (has(input, "StorageConnectors"))
    st.storage_connectors = text_of(merge_keyed(stored_json(st.storage_connectors),
                                                shaped("StorageConnectors"), "ConnectorType"));
  if (has(input, "UserSettings"))
    st.user_settings =
        text_of(merge_keyed(stored_json(st.user_settings), shaped("UserSettings"), "Action"));
  if (has(input, "ApplicationSettings"))
    st.application_settings = shaped("ApplicationSettings").dump();
  if (has(input, "AccessEndpoints")) st.access_endpoints = shaped("AccessEndpoints").dump();
  if (has(input, "EmbedHostDomains")) st.embed_host_domains = shaped("EmbedHostDomains").dump();
  for (auto [member, column] :
       {std::pair<const char*, Column>{"StreamingExperienceSettings",
                                       &repo::Stack::streaming_experience_settings},
        {"ContentRedirection", &repo::Stack::content_redirection},
        {"AgentAccessConfig", &repo::Stack::agent_access_config}}) {
    if (!has(input, member)) continue;
    json value = stored_json(st.*column);
    merge_object(value, shaped(member));
    st.*column = value.dump();
  }
  if (st.agent_access_config) {
    json agent = stored_json(st.agent_access_config);
    for (const char* required : {"Settings", "ScreenResolution", "ScreenImageFormat"})
      if (!agent.contains(required))
        throw ApiError("InvalidParameterCombinationException",
                       std::string("AgentAccessConfig needs ") + required +
                           " when agent access is first configured.");
  }

  repo::FleetRepository fleets(tx, ctx.account, ctx.region);
  if (auto fleet = fleets.stack_fleet(st.name)) check_stack_fits(st, *fleets.fleet(*fleet));
  stacks.update_stack(st);
  return {{"Stack", stack_json(ctx, st)}};
}

}  // namespace junction::handlers::appstream
