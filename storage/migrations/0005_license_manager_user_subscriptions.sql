-- License Manager User Subscriptions. Every row is partitioned by account and region. Dates are
-- ISO-8601 text as the API returns them (2026-01-31T12:00:00.000Z); JSON columns hold the API's
-- own structures, so a row reads the same in an export as in a response.

-- Identity providers registered for a product: one row per (directory, product). A deregistered
-- row is kept (status DEREGISTERED) for a short while so that a retried DeregisterIdentityProvider
-- replays its answer; it is listed nowhere and counts as not registered.
CREATE TABLE lmus_identity_providers (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  identity_provider_arn TEXT NOT NULL,
  directory_id TEXT NOT NULL,
  product TEXT NOT NULL,
  -- the IdentityProvider union as registered, e.g. {"ActiveDirectoryIdentityProvider": {...}}
  identity_provider TEXT NOT NULL CHECK (json_valid(identity_provider)),
  -- the Settings structure: {"Subnets": [...], "SecurityGroupId": "sg-..."}
  settings TEXT NOT NULL CHECK (json_valid(settings)),
  status TEXT NOT NULL DEFAULT 'REGISTERED',
  failure_message TEXT,
  registration_date TEXT NOT NULL,
  deregistration_date TEXT,
  PRIMARY KEY (account, region, identity_provider_arn),
  UNIQUE (account, region, directory_id, product)
) WITHOUT ROWID;

-- EC2 instances that provide user-based subscriptions. AWS has no API that creates them: they
-- are seeded (state import, --seed). Only instance_id is needed; the rest has defaults.
CREATE TABLE lmus_instances (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'AVAILABLE',
  -- JSON array of product names, e.g. ["VISUAL_STUDIO_ENTERPRISE"]
  products TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(products) AND json_type(products) = 'array'),
  last_status_check_date TEXT,
  status_message TEXT,
  -- the Active Directory the instance is joined to (shown as its IdentityProvider), if any
  directory_id TEXT,
  PRIMARY KEY (account, region, instance_id)
) WITHOUT ROWID;

-- Users associated with instances. A disassociated row is kept (status DISASSOCIATED) for a
-- short while so that a retried DisassociateUser replays its answer; it is listed nowhere.
CREATE TABLE lmus_user_associations (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_user_arn TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  directory_id TEXT NOT NULL,
  username TEXT NOT NULL,
  domain TEXT,
  identity_provider TEXT NOT NULL CHECK (json_valid(identity_provider)),
  status TEXT NOT NULL DEFAULT 'ASSOCIATED' CHECK (status IN ('ASSOCIATED', 'DISASSOCIATED')),
  status_message TEXT,
  association_date TEXT NOT NULL,
  disassociation_date TEXT,
  PRIMARY KEY (account, region, instance_user_arn),
  UNIQUE (account, region, instance_id, directory_id, username),
  FOREIGN KEY (account, region, instance_id) REFERENCES lmus_instances (account, region, instance_id)
    ON DELETE CASCADE
) WITHOUT ROWID;

-- Product subscriptions of users. A stopped one is kept (status INACTIVE) for a short while so
-- that a retried StopProductSubscription replays its answer; it is listed nowhere.
CREATE TABLE lmus_product_subscriptions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  product_user_arn TEXT NOT NULL,
  directory_id TEXT NOT NULL,
  product TEXT NOT NULL,
  username TEXT NOT NULL,
  domain TEXT,
  identity_provider TEXT NOT NULL CHECK (json_valid(identity_provider)),
  status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE')),
  status_message TEXT,
  subscription_start_date TEXT NOT NULL,
  subscription_end_date TEXT,
  PRIMARY KEY (account, region, product_user_arn),
  UNIQUE (account, region, directory_id, product, username),
  FOREIGN KEY (account, region, directory_id, product)
    REFERENCES lmus_identity_providers (account, region, directory_id, product) ON DELETE CASCADE
) WITHOUT ROWID;

-- Tags of identity providers, instance users and product users, by ARN.
CREATE TABLE lmus_tags (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, region, resource_arn, key)
) WITHOUT ROWID;
