-- Outcomes a fault rule injects (docs/control-plane.md): work that AWS accepts and that fails
-- later.

-- AppStream: a fleet that fails to start shows FleetErrors once its state has settled (STOPPED,
-- or at once for a fleet that stays STARTING). The JSON array of FleetError, or NULL.
ALTER TABLE appstream_fleets ADD COLUMN state_errors TEXT CHECK (state_errors IS NULL OR json_valid(state_errors));

-- License Manager User Subscriptions: an association or a subscription may end in a failed
-- status (with its status_message), so `status` is no longer limited to the two statuses of a
-- call that succeeds. SQLite cannot change a CHECK constraint in place: the tables are rebuilt,
-- with the same columns, keys and rows.
CREATE TABLE lmus_user_associations_new (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  instance_user_arn TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  directory_id TEXT NOT NULL,
  username TEXT NOT NULL,
  domain TEXT,
  identity_provider TEXT NOT NULL CHECK (json_valid(identity_provider)),
  status TEXT NOT NULL DEFAULT 'ASSOCIATED' CHECK (status <> ''),
  status_message TEXT,
  association_date TEXT NOT NULL,
  disassociation_date TEXT,
  PRIMARY KEY (account, region, instance_user_arn),
  UNIQUE (account, region, instance_id, directory_id, username),
  FOREIGN KEY (account, region, instance_id) REFERENCES lmus_instances (account, region, instance_id)
    ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO lmus_user_associations_new (account, region, instance_user_arn, instance_id,
                                        directory_id, username, domain, identity_provider, status,
                                        status_message, association_date, disassociation_date)
  SELECT account, region, instance_user_arn, instance_id, directory_id, username, domain,
         identity_provider, status, status_message, association_date, disassociation_date
  FROM lmus_user_associations;
DROP TABLE lmus_user_associations;
ALTER TABLE lmus_user_associations_new RENAME TO lmus_user_associations;

CREATE TABLE lmus_product_subscriptions_new (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  product_user_arn TEXT NOT NULL,
  directory_id TEXT NOT NULL,
  product TEXT NOT NULL,
  username TEXT NOT NULL,
  domain TEXT,
  identity_provider TEXT NOT NULL CHECK (json_valid(identity_provider)),
  status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status <> ''),
  status_message TEXT,
  subscription_start_date TEXT NOT NULL,
  subscription_end_date TEXT,
  PRIMARY KEY (account, region, product_user_arn),
  UNIQUE (account, region, directory_id, product, username),
  FOREIGN KEY (account, region, directory_id, product)
    REFERENCES lmus_identity_providers (account, region, directory_id, product) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO lmus_product_subscriptions_new (account, region, product_user_arn, directory_id,
                                            product, username, domain, identity_provider, status,
                                            status_message, subscription_start_date,
                                            subscription_end_date)
  SELECT account, region, product_user_arn, directory_id, product, username, domain,
         identity_provider, status, status_message, subscription_start_date,
         subscription_end_date
  FROM lmus_product_subscriptions;
DROP TABLE lmus_product_subscriptions;
ALTER TABLE lmus_product_subscriptions_new RENAME TO lmus_product_subscriptions;
