-- FinSpace clientToken records move to a table kept in the order they were recorded (its rowid),
-- so that the oldest can be forgotten a row at a time as new ones come (see
-- storage/finspace_data_repository.hpp). Same columns and key; existing records are kept.
CREATE TABLE finspace_idempotency_tokens_in_order (
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  operation TEXT NOT NULL,
  client_token TEXT NOT NULL,
  parameters TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('RESULT', 'ERROR')),
  body TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (account, region, operation, client_token)
);

INSERT INTO finspace_idempotency_tokens_in_order
  SELECT * FROM finspace_idempotency_tokens ORDER BY create_time;
DROP TABLE finspace_idempotency_tokens;
ALTER TABLE finspace_idempotency_tokens_in_order RENAME TO finspace_idempotency_tokens;

CREATE INDEX finspace_idempotency_tokens_by_age
  ON finspace_idempotency_tokens (account, region, create_time);
