-- SSO Admin assignment requests move to a table kept in creation order (its rowid), so that the
-- oldest can be forgotten cheaply: Junction keeps the newest requests only (see
-- storage/sso_admin_repository.hpp). Same columns and key; existing requests are kept.
CREATE TABLE sso_assignment_requests_in_order (
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
);

INSERT INTO sso_assignment_requests_in_order
  SELECT * FROM sso_assignment_requests ORDER BY created_at, request_id;
DROP TABLE sso_assignment_requests;
ALTER TABLE sso_assignment_requests_in_order RENAME TO sso_assignment_requests;

CREATE INDEX sso_assignment_requests_by_kind
  ON sso_assignment_requests (account, region, instance_arn, kind, created_at);
