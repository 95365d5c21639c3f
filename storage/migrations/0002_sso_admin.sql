-- IAM Identity Center (SSO Admin). Every row is partitioned by account and region.
CREATE TABLE sso_instances (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  name TEXT,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region)
) WITHOUT ROWID;

CREATE TABLE sso_permission_sets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  session_duration TEXT NOT NULL,
  relay_state TEXT,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, arn),
  UNIQUE (account, region, instance_arn, name)
) WITHOUT ROWID;

CREATE TABLE sso_permission_set_tags (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, region, arn, key),
  FOREIGN KEY (account, region, arn) REFERENCES sso_permission_sets (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sso_account_assignments (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  target_id TEXT NOT NULL,
  permission_set_arn TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  target_type TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, instance_arn, target_id, permission_set_arn, principal_type,
               principal_id),
  FOREIGN KEY (account, region, permission_set_arn) REFERENCES sso_permission_sets (account, region, arn)
) WITHOUT ROWID;

CREATE INDEX sso_account_assignments_by_principal
  ON sso_account_assignments (account, region, instance_arn, principal_type, principal_id);

-- The asynchronous requests behind Create/DeleteAccountAssignment. Status is derived when read:
-- IN_PROGRESS until created_at + settle_ms, then final_status.
CREATE TABLE sso_assignment_requests (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  request_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('CREATE', 'DELETE')),
  instance_arn TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_type TEXT NOT NULL,
  permission_set_arn TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  final_status TEXT NOT NULL,
  failure_reason TEXT,
  created_at REAL NOT NULL,
  settles_at REAL NOT NULL,
  PRIMARY KEY (account, region, request_id)
) WITHOUT ROWID;

CREATE INDEX sso_assignment_requests_by_kind
  ON sso_assignment_requests (account, region, instance_arn, kind, created_at);
