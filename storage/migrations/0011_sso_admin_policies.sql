-- SSO Admin: instances keyed by ARN (the organization instance every account+region has, and an
-- account instance CreateInstance adds beside it), permission-set policies and the version each
-- account was last provisioned with, access-control attributes, and an instance's Regions.

-- Instances move to a table keyed by instance ARN; the rows kept are organization instances.
-- `active_at`: CREATE_IN_PROGRESS until then. `encryption_settles_at`: the encryption
-- configuration is UPDATING until then. `client_token` and `request` (the JSON of what
-- CreateInstance was asked) let a retry with the same token answer the same instance.
CREATE TABLE sso_instances_by_arn (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  name TEXT,
  created_at REAL NOT NULL,
  kind TEXT NOT NULL DEFAULT 'ORGANIZATION' CHECK (kind IN ('ORGANIZATION', 'ACCOUNT')),
  active_at REAL NOT NULL DEFAULT 0,
  kms_key_type TEXT NOT NULL DEFAULT 'AWS_OWNED_KMS_KEY',
  kms_key_arn TEXT,
  encryption_settles_at REAL NOT NULL DEFAULT 0,
  client_token TEXT,
  request TEXT,
  PRIMARY KEY (account, region, instance_arn)
) WITHOUT ROWID;

INSERT INTO sso_instances_by_arn (account, region, instance_arn, identity_store_id, name,
                                  created_at)
  SELECT account, region, instance_arn, identity_store_id, name, created_at FROM sso_instances;
DROP TABLE sso_instances;
ALTER TABLE sso_instances_by_arn RENAME TO sso_instances;

CREATE INDEX sso_instances_by_identity_store ON sso_instances (account, region, identity_store_id);

-- A permission set's version grows with every change that provisioning applies to accounts
-- (UpdatePermissionSet, policies, the permissions boundary). Its inline policy is the document
-- as given; its permissions boundary the JSON of the PermissionsBoundary given.
ALTER TABLE sso_permission_sets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sso_permission_sets ADD COLUMN inline_policy TEXT;
ALTER TABLE sso_permission_sets ADD COLUMN permissions_boundary TEXT;

-- AWS managed policies (`policy` is the ARN, `name` its last part) and customer managed policy
-- references (`policy` is path + name) attached to a permission set: one table, as they share
-- AWS's quota per permission set.
CREATE TABLE sso_permission_set_policies (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  permission_set_arn TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('AWS_MANAGED', 'CUSTOMER_MANAGED')),
  policy TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT,
  attached_at REAL NOT NULL,
  PRIMARY KEY (account, region, permission_set_arn, kind, policy),
  FOREIGN KEY (account, region, permission_set_arn) REFERENCES sso_permission_sets (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

-- The accounts a permission set is provisioned to, and the version of the set each last got:
-- LATEST_PERMISSION_SET_PROVISIONED while it equals the set's version.
CREATE TABLE sso_permission_set_provisioning (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  permission_set_arn TEXT NOT NULL,
  target_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  provisioned_at REAL NOT NULL,
  PRIMARY KEY (account, region, permission_set_arn, target_id),
  FOREIGN KEY (account, region, permission_set_arn) REFERENCES sso_permission_sets (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX sso_permission_set_provisioning_by_target
  ON sso_permission_set_provisioning (account, region, instance_arn, target_id);

-- An instance's attribute-based access control configuration (the AccessControlAttributes list,
-- as JSON): CREATION_IN_PROGRESS until `settles_at`, then ENABLED.
CREATE TABLE sso_instance_access_control_attributes (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  attributes TEXT NOT NULL,
  created_at REAL NOT NULL,
  settles_at REAL NOT NULL,
  PRIMARY KEY (account, region, instance_arn)
) WITHOUT ROWID;

-- The additional Regions of an instance (its primary Region, where it lives, is not stored):
-- `pending_status` (ADDING or REMOVING) until `settles_at`, then `final_status` (ACTIVE, or
-- REMOVED: the Region is gone from the instance).
CREATE TABLE sso_instance_regions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  region_name TEXT NOT NULL,
  pending_status TEXT NOT NULL CHECK (pending_status IN ('ADDING', 'REMOVING')),
  final_status TEXT NOT NULL CHECK (final_status IN ('ACTIVE', 'REMOVED')),
  settles_at REAL NOT NULL,
  added_at REAL NOT NULL,
  PRIMARY KEY (account, region, instance_arn, region_name)
) WITHOUT ROWID;
