-- AppStream 2.0: stacks, user-pool users, and user-stack associations. Every row is partitioned
-- by account and region.

-- A stack. The structured members given at creation (storage connectors, user settings, ...) are
-- kept as the JSON text of the model's shapes, and returned as given.
CREATE TABLE appstream_stacks (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  description TEXT,
  display_name TEXT,
  redirect_url TEXT,
  feedback_url TEXT,
  storage_connectors TEXT,
  user_settings TEXT,
  application_settings TEXT,
  access_endpoints TEXT,
  embed_host_domains TEXT,
  streaming_experience_settings TEXT,
  content_redirection TEXT,
  agent_access_config TEXT,
  tags TEXT,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;

-- A user of the user pool (authentication type USERPOOL). Names are case-sensitive (BINARY).
-- message_action is the last MessageAction given (NULL: the welcome email was sent);
-- welcome_emails counts the welcome emails the user pool would have sent.
CREATE TABLE appstream_users (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  user_name TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL,
  message_action TEXT,
  welcome_emails INTEGER NOT NULL DEFAULT 0,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, user_name)
) WITHOUT ROWID;

-- A user associated with a stack. Users of other authentication types (SAML, API, AWS_AD) live in
-- external directories, so only USERPOOL rows reference appstream_users: userpool_user_name is the
-- user name for them and NULL otherwise (SQLite does not enforce a foreign key with a NULL column).
-- Deleting the stack, or the user-pool user, deletes its associations.
CREATE TABLE appstream_user_stack_associations (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  user_name TEXT NOT NULL,
  authentication_type TEXT NOT NULL,
  userpool_user_name TEXT,
  send_email_notification INTEGER,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, stack_name, user_name, authentication_type),
  CHECK ((authentication_type = 'USERPOOL' AND userpool_user_name = user_name)
         OR (authentication_type <> 'USERPOOL' AND userpool_user_name IS NULL)),
  FOREIGN KEY (account, region, stack_name) REFERENCES appstream_stacks (account, region, name)
    ON DELETE CASCADE,
  FOREIGN KEY (account, region, userpool_user_name)
    REFERENCES appstream_users (account, region, user_name) ON DELETE CASCADE
) WITHOUT ROWID;

-- DescribeUserStackAssociations by user; and the lookup behind the cascade from appstream_users.
CREATE INDEX appstream_user_stack_associations_by_user
  ON appstream_user_stack_associations (account, region, user_name, authentication_type, stack_name);
CREATE INDEX appstream_user_stack_associations_by_userpool_user
  ON appstream_user_stack_associations (account, region, userpool_user_name);
