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
