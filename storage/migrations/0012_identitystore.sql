-- Identity Store: users, groups, group memberships and the external ids of users and groups.
-- Every row is partitioned by account and region, then by identity store.
--
-- User names and group display names are unique per store without regard to case (NOCASE: the
-- unique constraints and the look-ups by name both compare that way).
CREATE TABLE identitystore_users (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL COLLATE NOCASE,
  display_name TEXT,
  -- The user's other attributes as a JSON object with the model's member names (Name, Emails,
  -- Addresses, PhoneNumbers, NickName, ..., UserStatus, Extensions).
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at REAL NOT NULL,
  created_by TEXT,
  updated_at REAL,
  updated_by TEXT,
  PRIMARY KEY (account, region, identity_store_id, user_id),
  UNIQUE (account, region, identity_store_id, user_name)
) WITHOUT ROWID;

-- GetUserId by emails.value: a user has at most one email (the model's Emails has max 1).
CREATE INDEX identitystore_users_by_email
  ON identitystore_users (account, region, identity_store_id,
                          json_extract(attributes, '$.Emails[0].Value') COLLATE NOCASE);

CREATE TABLE identitystore_groups (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  display_name TEXT NOT NULL COLLATE NOCASE,
  description TEXT,
  created_at REAL NOT NULL,
  created_by TEXT,
  updated_at REAL,
  updated_by TEXT,
  PRIMARY KEY (account, region, identity_store_id, group_id),
  UNIQUE (account, region, identity_store_id, display_name)
) WITHOUT ROWID;

-- A member is a user (the model's MemberId has only UserId). Deleting the user or the group
-- deletes its memberships.
CREATE TABLE identitystore_group_memberships (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  membership_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  member_user_id TEXT NOT NULL,
  created_at REAL NOT NULL,
  created_by TEXT,
  updated_at REAL,
  updated_by TEXT,
  PRIMARY KEY (account, region, identity_store_id, membership_id),
  UNIQUE (account, region, identity_store_id, group_id, member_user_id),
  FOREIGN KEY (account, region, identity_store_id, group_id)
    REFERENCES identitystore_groups (account, region, identity_store_id, group_id) ON DELETE CASCADE,
  FOREIGN KEY (account, region, identity_store_id, member_user_id)
    REFERENCES identitystore_users (account, region, identity_store_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX identitystore_group_memberships_by_member
  ON identitystore_group_memberships (account, region, identity_store_id, member_user_id, group_id);

-- Identifiers an external identity provider gave a user or group (SCIM's externalId). The API
-- only reads them (DescribeUser/DescribeGroup, GetUserId/GetGroupId); seeds and state imports
-- write them. An issuer's id names one resource of a kind per store.
CREATE TABLE identitystore_external_ids (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  identity_store_id TEXT NOT NULL,
  resource_type TEXT NOT NULL CHECK (resource_type IN ('USER', 'GROUP')),
  issuer TEXT NOT NULL,
  external_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  PRIMARY KEY (account, region, identity_store_id, resource_type, issuer, external_id)
) WITHOUT ROWID;

CREATE INDEX identitystore_external_ids_by_resource
  ON identitystore_external_ids (account, region, identity_store_id, resource_type, resource_id);
