-- License Manager User Subscriptions no longer keeps what has ended: DeregisterIdentityProvider,
-- DisassociateUser and StopProductSubscription delete the row they end (their answer carries the
-- ended status and date), and a repeat of them finds nothing. Rows a database of an older version
-- still holds in an ended status go, with the partial indexes that served their replay window.
DELETE FROM lmus_user_associations WHERE status = 'DISASSOCIATED';
DELETE FROM lmus_product_subscriptions WHERE status = 'INACTIVE';
DELETE FROM lmus_identity_providers WHERE status = 'DEREGISTERED';
DROP INDEX lmus_user_associations_ended;
DROP INDEX lmus_product_subscriptions_ended;
DROP INDEX lmus_identity_providers_ended;

-- Network endpoints of Remote Desktop Services license servers, one per registered identity
-- provider and server type. Times are epoch seconds (the model's timestamps); the endpoint is
-- PROVISIONING until `provisioned_at`, PROVISIONED after. A deleted endpoint's row is deleted.
CREATE TABLE lmus_license_server_endpoints (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  license_server_endpoint_arn TEXT NOT NULL,
  license_server_endpoint_id TEXT NOT NULL,
  identity_provider_arn TEXT NOT NULL,
  server_type TEXT NOT NULL,
  -- the ServerSettings union as given: {"RdsSalSettings": {"RdsSalCredentialsProvider": ...}}
  server_settings TEXT NOT NULL CHECK (json_valid(server_settings)),
  -- JSON array of the license servers' IPv4 addresses, one per subnet of the registration
  license_server_addresses TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(license_server_addresses) AND json_type(license_server_addresses) = 'array'),
  endpoint_address TEXT NOT NULL,
  creation_time REAL NOT NULL,
  provisioned_at REAL NOT NULL,
  PRIMARY KEY (account, region, license_server_endpoint_arn),
  UNIQUE (account, region, identity_provider_arn, server_type),
  FOREIGN KEY (account, region, identity_provider_arn)
    REFERENCES lmus_identity_providers (account, region, identity_provider_arn) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX lmus_license_server_endpoints_in_order
  ON lmus_license_server_endpoints (account, region, creation_time);

-- FinSpace Data: datasets, their changesets and their data views (state only: no data is
-- ingested or exported). Times are epoch milliseconds, as the model's TimestampEpoch. Each is
-- PENDING (a data view STARTING) until `running_at`, RUNNING until `settles_at`, then SUCCESS.
-- JSON columns hold the API's structures as given. `seq` numbers the rows of a partition in the
-- order they were made (listings return them in that order).
CREATE TABLE finspace_datasets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  dataset_title TEXT NOT NULL,
  kind TEXT NOT NULL,
  dataset_description TEXT,
  owner_info TEXT CHECK (owner_info IS NULL OR json_valid(owner_info)),
  -- the permission group of permissionGroupParams, and the dataset permissions it has
  permission_group_id TEXT NOT NULL,
  dataset_permissions TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(dataset_permissions) AND json_type(dataset_permissions) = 'array'),
  alias TEXT,
  schema_definition TEXT CHECK (schema_definition IS NULL OR json_valid(schema_definition)),
  create_time INTEGER NOT NULL,
  last_modified_time INTEGER NOT NULL,
  running_at INTEGER NOT NULL,
  settles_at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, dataset_id),
  UNIQUE (account, region, alias),
  UNIQUE (account, region, seq)
) WITHOUT ROWID;

CREATE TABLE finspace_changesets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  changeset_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  change_type TEXT NOT NULL,
  source_params TEXT NOT NULL CHECK (json_valid(source_params)),
  format_params TEXT NOT NULL CHECK (json_valid(format_params)),
  create_time INTEGER NOT NULL,
  running_at INTEGER NOT NULL,
  settles_at INTEGER NOT NULL,
  -- active from its ingestion on, until a later changeset replaced it (REPLACE, MODIFY)
  active_from INTEGER NOT NULL,
  active_until INTEGER,
  updates_changeset_id TEXT,
  updated_by_changeset_id TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, changeset_id),
  UNIQUE (account, region, seq),
  FOREIGN KEY (account, region, dataset_id)
    REFERENCES finspace_datasets (account, region, dataset_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX finspace_changesets_by_dataset
  ON finspace_changesets (account, region, dataset_id, seq);

CREATE TABLE finspace_data_views (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  data_view_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  auto_update INTEGER NOT NULL DEFAULT 0,
  sort_columns TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(sort_columns) AND json_type(sort_columns) = 'array'),
  partition_columns TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(partition_columns) AND json_type(partition_columns) = 'array'),
  as_of_timestamp INTEGER NOT NULL,
  destination_type_params TEXT NOT NULL CHECK (json_valid(destination_type_params)),
  create_time INTEGER NOT NULL,
  last_modified_time INTEGER NOT NULL,
  running_at INTEGER NOT NULL,
  settles_at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account, region, data_view_id),
  UNIQUE (account, region, seq),
  FOREIGN KEY (account, region, dataset_id)
    REFERENCES finspace_datasets (account, region, dataset_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX finspace_data_views_by_dataset
  ON finspace_data_views (account, region, dataset_id, seq);
