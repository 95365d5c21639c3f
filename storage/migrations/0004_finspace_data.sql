-- FinSpace Data: users, permission groups, their memberships, and the clientToken records that
-- make retried calls replay their first outcome. Every row is partitioned by account and region;
-- timestamps are epoch milliseconds. `seq` numbers the rows of a partition in the order they were
-- made (listings return them in that order, even when two share a millisecond).
CREATE TABLE finspace_users (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  user_id TEXT NOT NULL,
  email_address TEXT NOT NULL COLLATE NOCASE,
  type TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  api_access TEXT NOT NULL,
  api_access_principal_arn TEXT,
  status TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  last_enabled_time INTEGER,
  last_disabled_time INTEGER,
  last_modified_time INTEGER NOT NULL,
  last_login_time INTEGER,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, user_id),
  UNIQUE (account, region, email_address),
  UNIQUE (account, region, seq)
) WITHOUT ROWID;

CREATE TABLE finspace_permission_groups (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  permission_group_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  application_permissions TEXT NOT NULL,  -- the enum values, comma-separated, in request order
  create_time INTEGER NOT NULL,
  last_modified_time INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, permission_group_id),
  UNIQUE (account, region, seq)
) WITHOUT ROWID;

CREATE TABLE finspace_memberships (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  permission_group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, permission_group_id, user_id),
  UNIQUE (account, region, seq),
  FOREIGN KEY (account, region, permission_group_id)
    REFERENCES finspace_permission_groups (account, region, permission_group_id) ON DELETE CASCADE,
  FOREIGN KEY (account, region, user_id)
    REFERENCES finspace_users (account, region, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX finspace_memberships_by_user
  ON finspace_memberships (account, region, user_id, seq);

-- One row per (operation, clientToken) seen in the last 10 minutes: the canonical parameters of
-- the first call and its outcome (the result, or the error), replayed to a retry.
CREATE TABLE finspace_idempotency_tokens (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  operation TEXT NOT NULL,
  client_token TEXT NOT NULL,
  parameters TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('RESULT', 'ERROR')),
  body TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (account, region, operation, client_token)
) WITHOUT ROWID;

CREATE INDEX finspace_idempotency_tokens_by_age
  ON finspace_idempotency_tokens (account, region, create_time);
