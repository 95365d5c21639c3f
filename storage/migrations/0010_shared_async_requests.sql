-- Asynchronous requests of every service, in one table: a request is made, answered with its
-- pending status, and settles later (SSO Admin's account assignment and permission set
-- provisioning requests, and others alike). The status is derived when read: `pending_status`
-- until `settles_at` (epoch seconds), then `final_status` (with `failure_reason` when FAILED).
-- `kind` names the request type within its service, `scope` what it is listed under (SSO Admin:
-- the instance ARN), and `subject` is the JSON object of the members its status reports.
-- Kept in creation order (the rowid), so the oldest can be forgotten cheaply.
CREATE TABLE shared_async_requests (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  service TEXT NOT NULL,
  request_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  pending_status TEXT NOT NULL,
  final_status TEXT NOT NULL,
  failure_reason TEXT,
  created_at REAL NOT NULL,
  settles_at REAL NOT NULL,
  PRIMARY KEY (account, region, request_id)
);

CREATE INDEX shared_async_requests_by_kind
  ON shared_async_requests (account, region, scope, kind, created_at);

INSERT INTO shared_async_requests (account, region, service, request_id, kind, scope, subject,
                                   pending_status, final_status, failure_reason, created_at,
                                   settles_at)
  SELECT account, region, 'sso-admin', request_id,
         CASE kind WHEN 'CREATE' THEN 'ACCOUNT_ASSIGNMENT_CREATION'
                   ELSE 'ACCOUNT_ASSIGNMENT_DELETION' END,
         instance_arn,
         json_object('TargetId', target_id, 'TargetType', target_type,
                     'PermissionSetArn', permission_set_arn, 'PrincipalType', principal_type,
                     'PrincipalId', principal_id),
         'IN_PROGRESS', final_status, failure_reason, created_at, settles_at
  FROM sso_assignment_requests ORDER BY rowid;
DROP TABLE sso_assignment_requests;
