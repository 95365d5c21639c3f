-- IAM Identity Center applications, what belongs to them, and trusted token issuers. Every row is
-- partitioned by account and region. An application's assignments, access scopes,
-- authentication methods and grants go with it (ON DELETE CASCADE); its tags are the shared
-- tags' (deleted by the handler). No foreign key points at sso_instances: an application names
-- its instance by ARN.
CREATE TABLE sso_applications (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  provider_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL,
  -- PortalOptions: Visibility, and SignInOptions (Origin with an optional ApplicationUrl).
  portal_visibility TEXT NOT NULL,
  sign_in_origin TEXT,
  sign_in_application_url TEXT,
  -- PutApplicationAssignmentConfiguration and PutApplicationSessionConfiguration.
  assignment_required INTEGER NOT NULL DEFAULT 1,
  user_background_sessions TEXT NOT NULL DEFAULT 'DISABLED',
  created_at REAL NOT NULL,
  -- The ClientToken of the call that created it, and a digest of that call's other parameters:
  -- a retry with the same token gets this application again.
  client_token TEXT,
  request_digest TEXT,
  PRIMARY KEY (account, region, arn),
  UNIQUE (account, region, instance_arn, client_token)
) WITHOUT ROWID;

CREATE INDEX sso_applications_by_instance
  ON sso_applications (account, region, instance_arn, created_at);

CREATE TABLE sso_application_assignments (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  application_arn TEXT NOT NULL,
  principal_type TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  instance_arn TEXT NOT NULL,  -- the application's, for the by-principal lists
  created_at REAL NOT NULL,
  PRIMARY KEY (account, region, application_arn, principal_type, principal_id),
  FOREIGN KEY (account, region, application_arn) REFERENCES sso_applications (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX sso_application_assignments_by_principal
  ON sso_application_assignments (account, region, instance_arn, principal_type, principal_id);

CREATE TABLE sso_application_access_scopes (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  application_arn TEXT NOT NULL,
  scope TEXT NOT NULL,
  authorized_targets TEXT,  -- JSON list of ARNs, or NULL when none were given
  PRIMARY KEY (account, region, application_arn, scope),
  FOREIGN KEY (account, region, application_arn) REFERENCES sso_applications (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sso_application_authentication_methods (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  application_arn TEXT NOT NULL,
  method_type TEXT NOT NULL,
  method TEXT NOT NULL,  -- the AuthenticationMethod union as given, JSON
  PRIMARY KEY (account, region, application_arn, method_type),
  FOREIGN KEY (account, region, application_arn) REFERENCES sso_applications (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sso_application_grants (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  application_arn TEXT NOT NULL,
  grant_type TEXT NOT NULL,
  grant_value TEXT NOT NULL,  -- the Grant union as given, JSON
  PRIMARY KEY (account, region, application_arn, grant_type),
  FOREIGN KEY (account, region, application_arn) REFERENCES sso_applications (account, region, arn)
    ON DELETE CASCADE
) WITHOUT ROWID;

-- Trusted token issuers (OIDC_JWT, the one type there is). Name and issuer URL are unique per
-- instance (docs/sso-admin-applications.md).
CREATE TABLE sso_trusted_token_issuers (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  instance_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  issuer_type TEXT NOT NULL,
  issuer_url TEXT NOT NULL,
  claim_attribute_path TEXT NOT NULL,
  identity_store_attribute_path TEXT NOT NULL,
  jwks_retrieval_option TEXT NOT NULL,
  created_at REAL NOT NULL,
  client_token TEXT,
  request_digest TEXT,
  PRIMARY KEY (account, region, arn),
  UNIQUE (account, region, instance_arn, name),
  UNIQUE (account, region, instance_arn, issuer_url),
  UNIQUE (account, region, instance_arn, client_token)
) WITHOUT ROWID;
