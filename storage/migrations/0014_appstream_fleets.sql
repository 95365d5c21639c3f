-- AppStream 2.0: the account's private images, fleets and their states, stack-fleet associations,
-- streaming sessions, entitlements, app blocks, applications and their fleets. Every row is
-- partitioned by account and region. Structured members are kept as the JSON text of the
-- model's shapes, as given.

-- An image of the account (PRIVATE), made from an image builder or copied or imported. The
-- public base images are constant data (handlers/appstream/image_catalogue.cpp), not rows.
-- The state changes by itself (PENDING until it is AVAILABLE): state_pending until
-- state_settles_at (epoch seconds), then state_settled. JSON columns: applications,
-- supported_instance_families, state_change_reason, image_errors, image_permissions.
CREATE TABLE appstream_images (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  display_name TEXT,
  description TEXT,
  platform TEXT,
  visibility TEXT NOT NULL DEFAULT 'PRIVATE',
  base_image_arn TEXT,
  image_builder_name TEXT,
  image_builder_supported INTEGER,
  applications TEXT,
  supported_instance_families TEXT,
  appstream_agent_version TEXT,
  latest_appstream_agent_version TEXT,
  dynamic_app_providers_enabled TEXT,
  image_shared_with_others TEXT,
  managed_software_included INTEGER,
  image_type TEXT,
  image_permissions TEXT,
  state_change_reason TEXT,
  image_errors TEXT,
  public_base_image_released_at REAL,
  state_pending TEXT NOT NULL,
  state_settled TEXT NOT NULL,
  state_settles_at REAL NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;

-- A fleet. Its state changes by itself after StartFleet and StopFleet: state_pending (STARTING,
-- STOPPING) until state_settles_at, then state_settled (RUNNING, STOPPED). private_image_name
-- names the account's image the fleet runs (NULL for a public image or an Elastic fleet);
-- deleting that image leaves the fleet its image_name and image_arn. `attributes` is the JSON
-- object of the other members of the Fleet shape, as given (timeouts, VPC, domain join, ...).
CREATE TABLE appstream_fleets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  fleet_type TEXT NOT NULL,
  instance_type TEXT NOT NULL,
  platform TEXT,
  image_name TEXT,
  image_arn TEXT,
  private_image_name TEXT,
  attributes TEXT NOT NULL,
  state_pending TEXT NOT NULL,
  state_settled TEXT NOT NULL,
  state_settles_at REAL NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name),
  FOREIGN KEY (account, region, private_image_name)
    REFERENCES appstream_images (account, region, name) ON DELETE SET NULL
) WITHOUT ROWID;

CREATE INDEX appstream_fleets_by_private_image
  ON appstream_fleets (account, region, private_image_name);

-- A stack's fleet: a stack has at most one, a fleet may serve several stacks. Neither can be
-- deleted while associated (the handlers answer ResourceInUseException first).
CREATE TABLE appstream_stack_fleets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  fleet_name TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, stack_name),
  FOREIGN KEY (account, region, stack_name) REFERENCES appstream_stacks (account, region, name),
  FOREIGN KEY (account, region, fleet_name) REFERENCES appstream_fleets (account, region, name)
) WITHOUT ROWID;

CREATE INDEX appstream_stack_fleets_by_fleet
  ON appstream_stack_fleets (account, region, fleet_name, stack_name);

-- A streaming session, started by CreateStreamingURL; it ends with ExpireSession, when its fleet
-- stops, or at max_expires_at. instance_id is the streaming instance that hosts it (shared by
-- several sessions on a multi-session fleet); draining is set by DrainSessionInstance.
CREATE TABLE appstream_sessions (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  session_id TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  fleet_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  authentication_type TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  draining INTEGER NOT NULL DEFAULT 0,
  network_access TEXT,
  started_at REAL NOT NULL,
  max_expires_at REAL NOT NULL,
  PRIMARY KEY (account, region, session_id),
  FOREIGN KEY (account, region, stack_name) REFERENCES appstream_stacks (account, region, name)
    ON DELETE CASCADE,
  FOREIGN KEY (account, region, fleet_name) REFERENCES appstream_fleets (account, region, name)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX appstream_sessions_by_fleet
  ON appstream_sessions (account, region, fleet_name, stack_name, user_id);
CREATE INDEX appstream_sessions_by_stack ON appstream_sessions (account, region, stack_name);

-- An entitlement of a stack (SAML users' access to its applications), and the applications it
-- entitles. Deleting the stack deletes its entitlements; deleting an entitlement, its
-- applications. `attributes` is the JSON list of EntitlementAttribute.
CREATE TABLE appstream_entitlements (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  app_visibility TEXT NOT NULL,
  attributes TEXT NOT NULL,
  created_at REAL NOT NULL,
  modified_at REAL NOT NULL,
  PRIMARY KEY (account, region, stack_name, name),
  FOREIGN KEY (account, region, stack_name) REFERENCES appstream_stacks (account, region, name)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE appstream_entitled_applications (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  stack_name TEXT NOT NULL,
  entitlement_name TEXT NOT NULL,
  application_identifier TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, stack_name, entitlement_name, application_identifier),
  FOREIGN KEY (account, region, stack_name, entitlement_name)
    REFERENCES appstream_entitlements (account, region, stack_name, name) ON DELETE CASCADE
) WITHOUT ROWID;

-- An app block: where an Elastic fleet's application files are and how they are set up. JSON
-- columns: source_s3_location, setup_script_details, post_setup_script_details.
CREATE TABLE appstream_app_blocks (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  description TEXT,
  display_name TEXT,
  source_s3_location TEXT NOT NULL,
  setup_script_details TEXT,
  post_setup_script_details TEXT,
  packaging_type TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name)
) WITHOUT ROWID;

-- An application of an app block. An app block cannot be deleted while an application uses it
-- (the handler answers ResourceInUseException first). JSON columns: icon_s3_location,
-- platforms, instance_families.
CREATE TABLE appstream_applications (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  display_name TEXT,
  description TEXT,
  icon_s3_location TEXT NOT NULL,
  launch_path TEXT NOT NULL,
  working_directory TEXT,
  launch_parameters TEXT,
  platforms TEXT NOT NULL,
  instance_families TEXT NOT NULL,
  app_block_name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, name),
  FOREIGN KEY (account, region, app_block_name) REFERENCES appstream_app_blocks (account, region, name)
) WITHOUT ROWID;

CREATE INDEX appstream_applications_by_app_block
  ON appstream_applications (account, region, app_block_name);

-- An application associated with an (Elastic) fleet. Deleting the fleet deletes its
-- associations; an associated application cannot be deleted (ResourceInUseException).
CREATE TABLE appstream_application_fleets (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  application_name TEXT NOT NULL,
  fleet_name TEXT NOT NULL,
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, application_name, fleet_name),
  FOREIGN KEY (account, region, application_name)
    REFERENCES appstream_applications (account, region, name),
  FOREIGN KEY (account, region, fleet_name) REFERENCES appstream_fleets (account, region, name)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX appstream_application_fleets_by_fleet
  ON appstream_application_fleets (account, region, fleet_name, application_name);
