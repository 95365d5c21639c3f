-- Tags of every service's resources, by ARN, in one table: SSO Admin, AppStream and License
-- Manager User Subscriptions all tag by ARN. `service` is the botocore name of the resource's
-- service (reset and export by service cover its rows). A resource's tags are deleted with the
-- resource by its handler (a table of every kind of resource cannot hold foreign keys to each).
CREATE TABLE shared_tags (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  service TEXT NOT NULL,
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, region, arn, key)
) WITHOUT ROWID;

INSERT INTO shared_tags (account, region, service, arn, key, value)
  SELECT account, region, 'sso-admin', arn, key, value FROM sso_permission_set_tags;
DROP TABLE sso_permission_set_tags;

INSERT INTO shared_tags (account, region, service, arn, key, value)
  SELECT account, region, 'license-manager-user-subscriptions', resource_arn, key, value
  FROM lmus_tags;
DROP TABLE lmus_tags;

INSERT OR REPLACE INTO shared_tags (account, region, service, arn, key, value)
  SELECT s.account, s.region, 'appstream', s.arn, t.key, t.value
  FROM appstream_stacks AS s, json_each(s.tags) AS t
  WHERE s.tags IS NOT NULL AND json_valid(s.tags) AND json_type(s.tags) = 'object';
ALTER TABLE appstream_stacks DROP COLUMN tags;
