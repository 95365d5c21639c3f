#include "storage/appstream_repository.hpp"

namespace junction::storage::appstream {

namespace {

constexpr const char* kStackColumns =
    "name, arn, description, display_name, redirect_url, feedback_url, storage_connectors,"
    " user_settings, application_settings, access_endpoints, embed_host_domains,"
    " streaming_experience_settings, content_redirection, agent_access_config, created_at";

Stack read_stack(const Statement& s) {
  Stack st;
  st.name = s.text(0);
  st.arn = s.text(1);
  st.description = s.optional_text(2);
  st.display_name = s.optional_text(3);
  st.redirect_url = s.optional_text(4);
  st.feedback_url = s.optional_text(5);
  st.storage_connectors = s.optional_text(6);
  st.user_settings = s.optional_text(7);
  st.application_settings = s.optional_text(8);
  st.access_endpoints = s.optional_text(9);
  st.embed_host_domains = s.optional_text(10);
  st.streaming_experience_settings = s.optional_text(11);
  st.content_redirection = s.optional_text(12);
  st.agent_access_config = s.optional_text(13);
  st.created_at = s.real(14);
  return st;
}

constexpr const char* kUserColumns =
    "user_name, first_name, last_name, enabled, status, message_action, welcome_emails, created_at";

User read_user(const Statement& s) {
  return User{s.text(0), s.optional_text(1), s.optional_text(2), s.integer(3) != 0,
              s.text(4), s.optional_text(5), s.integer(6),       s.real(7)};
}

constexpr const char* kAssociationColumns =
    "stack_name, user_name, authentication_type, send_email_notification, created_at";

Association read_association(const Statement& s) {
  Association a{s.text(0), s.text(1), s.text(2), std::nullopt, s.real(4)};
  if (!s.is_null(3)) a.send_email_notification = s.integer(3) != 0;
  return a;
}

}  // namespace

bool Repository::insert_stack(const Stack& st) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_stacks (account, region, ") +
                      kStackColumns +
                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                      " ?15, ?16, ?17)",
                  account_, region_, st.name, st.arn, st.description, st.display_name,
                  st.redirect_url, st.feedback_url, st.storage_connectors, st.user_settings,
                  st.application_settings, st.access_endpoints, st.embed_host_domains,
                  st.streaming_experience_settings, st.content_redirection, st.agent_access_config,
                  st.created_at) == 1;
}

std::optional<Stack> Repository::stack(const std::string& name) {
  auto s = tx_.query(std::string("SELECT ") + kStackColumns +
                         " FROM appstream_stacks WHERE account = ?1 AND region = ?2 AND name = ?3",
                     account_, region_, name);
  if (!s.step()) return std::nullopt;
  return read_stack(s);
}

bool Repository::stack_exists(const std::string& name) {
  return tx_
      .query("SELECT 1 FROM appstream_stacks WHERE account = ?1 AND region = ?2 AND name = ?3",
             account_, region_, name)
      .step();
}

std::vector<Stack> Repository::stacks(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kStackColumns +
                         " FROM appstream_stacks WHERE account = ?1 AND region = ?2"
                         " ORDER BY name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<Stack> out;
  while (s.step()) out.push_back(read_stack(s));
  return out;
}

void Repository::update_stack(const Stack& st) {
  tx_.exec(
      "UPDATE appstream_stacks SET description = ?4, display_name = ?5, redirect_url = ?6,"
      " feedback_url = ?7, storage_connectors = ?8, user_settings = ?9,"
      " application_settings = ?10, access_endpoints = ?11, embed_host_domains = ?12,"
      " streaming_experience_settings = ?13, content_redirection = ?14,"
      " agent_access_config = ?15 WHERE account = ?1 AND region = ?2 AND name = ?3",
      account_, region_, st.name, st.description, st.display_name, st.redirect_url, st.feedback_url,
      st.storage_connectors, st.user_settings, st.application_settings, st.access_endpoints,
      st.embed_host_domains, st.streaming_experience_settings, st.content_redirection,
      st.agent_access_config);
}

bool Repository::delete_stack(const std::string& name) {
  return tx_.exec("DELETE FROM appstream_stacks WHERE account = ?1 AND region = ?2 AND name = ?3",
                  account_, region_, name) == 1;
}

bool Repository::insert_user(const User& u) {
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_users (account, region, ") +
                      kUserColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  account_, region_, u.user_name, u.first_name, u.last_name, u.enabled, u.status,
                  u.message_action, u.welcome_emails, u.created_at) == 1;
}

std::optional<User> Repository::user(const std::string& user_name) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM appstream_users WHERE account = ?1 AND region = ?2"
                         " AND user_name = ?3",
                     account_, region_, user_name);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

bool Repository::user_exists(const std::string& user_name) {
  return tx_
      .query("SELECT 1 FROM appstream_users WHERE account = ?1 AND region = ?2 AND user_name = ?3",
             account_, region_, user_name)
      .step();
}

std::vector<User> Repository::users(std::int64_t offset, std::int64_t limit) {
  auto s = tx_.query(std::string("SELECT ") + kUserColumns +
                         " FROM appstream_users WHERE account = ?1 AND region = ?2"
                         " ORDER BY user_name LIMIT ?3 OFFSET ?4",
                     account_, region_, limit, offset);
  std::vector<User> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

bool Repository::set_user_enabled(const std::string& user_name, bool enabled) {
  return tx_.exec(
             "UPDATE appstream_users SET enabled = ?4"
             " WHERE account = ?1 AND region = ?2 AND user_name = ?3",
             account_, region_, user_name, enabled) == 1;
}

bool Repository::record_welcome_email(const std::string& user_name,
                                      const std::string& message_action) {
  return tx_.exec(
             "UPDATE appstream_users SET message_action = ?4, welcome_emails = welcome_emails + 1"
             " WHERE account = ?1 AND region = ?2 AND user_name = ?3",
             account_, region_, user_name, message_action) == 1;
}

bool Repository::delete_user(const std::string& user_name) {
  return tx_.exec(
             "DELETE FROM appstream_users WHERE account = ?1 AND region = ?2 AND user_name = ?3",
             account_, region_, user_name) == 1;
}

bool Repository::associate(const Association& a) {
  std::optional<std::string> userpool_user;
  if (a.authentication_type == kUserPool) userpool_user = a.user_name;
  return tx_.exec(std::string("INSERT OR IGNORE INTO appstream_user_stack_associations"
                              " (account, region, userpool_user_name, ") +
                      kAssociationColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  account_, region_, userpool_user, a.stack_name, a.user_name,
                  a.authentication_type, a.send_email_notification, a.created_at) == 1;
}

bool Repository::disassociate(const std::string& stack_name, const std::string& user_name,
                              const std::string& authentication_type) {
  return tx_.exec(
             "DELETE FROM appstream_user_stack_associations WHERE account = ?1 AND region = ?2"
             " AND stack_name = ?3 AND user_name = ?4 AND authentication_type = ?5",
             account_, region_, stack_name, user_name, authentication_type) == 1;
}

std::vector<Association> Repository::associations(const AssociationFilter& f, std::int64_t offset,
                                                  std::int64_t limit) {
  std::string select = std::string("SELECT ") + kAssociationColumns +
                       " FROM appstream_user_stack_associations WHERE account = ?1 AND region = ?2";
  std::vector<Association> out;
  if (f.stack_name) {
    // A range of the primary key.
    auto s = tx_.query(select +
                           " AND stack_name = ?3 AND (?4 IS NULL OR user_name = ?4)"
                           " AND (?5 IS NULL OR authentication_type = ?5)"
                           " ORDER BY user_name, authentication_type LIMIT ?6 OFFSET ?7",
                       account_, region_, *f.stack_name, f.user_name, f.authentication_type, limit,
                       offset);
    while (s.step()) out.push_back(read_association(s));
  } else if (f.user_name) {
    // A range of the by_user index.
    auto s = tx_.query(select +
                           " AND user_name = ?3 AND (?4 IS NULL OR authentication_type = ?4)"
                           " ORDER BY authentication_type, stack_name LIMIT ?5 OFFSET ?6",
                       account_, region_, *f.user_name, f.authentication_type, limit, offset);
    while (s.step()) out.push_back(read_association(s));
  }
  return out;
}

}  // namespace junction::storage::appstream
