-- The server's own tables (authentication and HTTP idempotency), beside the store's.
-- History table: helpdesk_app_schema_history. Portable DDL for PostgreSQL and H2.

CREATE TABLE sessions (
  id_hash       VARCHAR(64) PRIMARY KEY,            -- SHA-256 (hex) of the cookie value
  member_id     UUID NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  csrf_token    VARCHAR(64) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE NOT NULL   -- the absolute timeout
);
CREATE INDEX sessions_member_idx ON sessions (member_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id            UUID PRIMARY KEY,
  member_id     UUID NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  name          VARCHAR(100) NOT NULL,
  token_hash    VARCHAR(64) NOT NULL UNIQUE,        -- SHA-256 (hex) of the token; the token is never stored
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at  TIMESTAMP WITH TIME ZONE,
  revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_tokens_member_idx ON api_tokens (member_id);

CREATE TABLE idempotency_keys (
  member_id     UUID NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  idem_key      VARCHAR(200) NOT NULL,
  request_hash  VARCHAR(64) NOT NULL,
  status_code   INTEGER,                            -- NULL while the first request runs
  response_body TEXT,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (member_id, idem_key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
