-- AppStream 2.0: image sharing, image builders and the license-included software of builders and
-- images, app block builders and their app blocks, directory configs, stack themes and usage
-- report subscriptions. Every row is partitioned by account and region. A state that changes by
-- itself is stored as `*_pending` until `*_settles_at` (epoch seconds), then `*_settled`.
-- Structured members are kept as the JSON text of the model's shapes, as given.

-- An account's image shared with another account of the same region (UpdateImagePermissions).
-- `account` is the owner's; `image_permissions` the ImagePermissions object as given and merged.
CREATE TABLE appstream_image_permissions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  image_name TEXT NOT NULL,
  shared_account_id TEXT NOT NULL,
  image_permissions TEXT NOT NULL CHECK (json_valid(image_permissions)),
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, image_name, shared_account_id),
  FOREIGN KEY (account, region, image_name) REFERENCES appstream_images (account, region, name)
    ON DELETE CASCADE
) WITHOUT ROWID;

-- The images shared with an account, looked up from that account.
CREATE INDEX appstream_image_permissions_by_grantee
  ON appstream_image_permissions (region, shared_account_id, image_name);

-- An image builder. private_image_name names the account's image it was launched from (NULL for
-- a public or shared image); such an image cannot be deleted while the builder exists.
-- `attributes` is the JSON object of the other members of the ImageBuilder shape (description,
-- VPC, domain join, agent version, its network interface, ...).
CREATE TABLE appstream_image_builders (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  image_name TEXT NOT NULL,
  image_arn TEXT NOT NULL,
  private_image_name TEXT,
  instance_type TEXT NOT NULL,
  platform TEXT,
  attributes TEXT NOT NULL CHECK (json_valid(attributes)),
  state_pending TEXT NOT NULL,
  state_settled TEXT NOT NULL,
  state_settles_at REAL NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name),
  FOREIGN KEY (account, region, private_image_name)
    REFERENCES appstream_images (account, region, name) ON DELETE SET NULL
) WITHOUT ROWID;

CREATE INDEX appstream_image_builders_by_private_image
  ON appstream_image_builders (account, region, private_image_name);

-- A license-included application of an image builder or an image, by the resource's ARN, with
-- its deployment status. One that is uninstalled settles as UNINSTALLED and is no longer listed.
CREATE TABLE appstream_software_associations (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_arn TEXT NOT NULL,
  software_name TEXT NOT NULL,
  status_pending TEXT NOT NULL,
  status_settled TEXT NOT NULL,
  status_settles_at REAL NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, resource_arn, software_name)
) WITHOUT ROWID;

-- An app block builder. `attributes` is the JSON object of the other members of the
-- AppBlockBuilder shape (display name, description, VPC, IAM role, access endpoints, ...).
CREATE TABLE appstream_app_block_builders (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  platform TEXT NOT NULL,
  instance_type TEXT NOT NULL,
  attributes TEXT NOT NULL CHECK (json_valid(attributes)),
  state_pending TEXT NOT NULL,
  state_settled TEXT NOT NULL,
  state_settles_at REAL NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;

-- The app block an app block builder packages: one at a time. Neither the builder nor the app
-- block can be deleted while associated (the handlers answer ResourceInUseException first).
CREATE TABLE appstream_app_block_builder_app_blocks (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  app_block_builder_name TEXT NOT NULL,
  app_block_name TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, app_block_builder_name),
  FOREIGN KEY (account, region, app_block_builder_name)
    REFERENCES appstream_app_block_builders (account, region, name),
  FOREIGN KEY (account, region, app_block_name)
    REFERENCES appstream_app_blocks (account, region, name)
) WITHOUT ROWID;

CREATE INDEX appstream_app_block_builder_app_blocks_by_app_block
  ON appstream_app_block_builder_app_blocks (account, region, app_block_name);

-- A directory config: how fleets and image builders join an Active Directory domain. The
-- service account's password is kept (fleets would use it) and never returned by the API.
-- JSON columns: organizational_unit_distinguished_names, certificate_based_auth_properties.
CREATE TABLE appstream_directory_configs (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  directory_name TEXT NOT NULL,
  organizational_unit_distinguished_names TEXT NOT NULL
    CHECK (json_valid(organizational_unit_distinguished_names)),
  account_name TEXT,
  account_password TEXT,
  certificate_based_auth_properties TEXT,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, directory_name)
) WITHOUT ROWID;

-- A stack's theme (the branding of its application catalog page); it goes with its stack.
-- JSON columns: footer_links, organization_logo_s3_location, favicon_s3_location.
CREATE TABLE appstream_themes (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  state TEXT NOT NULL,
  title_text TEXT NOT NULL,
  theme_styling TEXT NOT NULL,
  footer_links TEXT,
  organization_logo_s3_location TEXT NOT NULL,
  favicon_s3_location TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, stack_name),
  FOREIGN KEY (account, region, stack_name) REFERENCES appstream_stacks (account, region, name)
    ON DELETE CASCADE
) WITHOUT ROWID;

-- The account and region's usage report subscription (there is at most one).
CREATE TABLE appstream_usage_report_subscriptions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  s3_bucket_name TEXT NOT NULL,
  schedule TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region)
) WITHOUT ROWID;
