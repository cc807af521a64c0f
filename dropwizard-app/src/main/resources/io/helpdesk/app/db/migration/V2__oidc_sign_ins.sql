-- Pending OpenID Connect sign-ins: created by /api/v1/auth/oidc/start, used once (deleted) by the
-- callback, useless after expires_at. Keyed by the hash of the state sent to the provider and
-- bound to the browser by the hash of a short-lived HttpOnly cookie. Portable DDL (PostgreSQL, H2).

CREATE TABLE oidc_sign_ins (
  state_hash    VARCHAR(64) PRIMARY KEY,            -- SHA-256 (hex) of the state parameter
  binding_hash  VARCHAR(64) NOT NULL,               -- SHA-256 (hex) of the helpdesk_oidc cookie
  nonce         VARCHAR(200) NOT NULL,              -- expected in the ID token
  code_verifier VARCHAR(200) NOT NULL,              -- PKCE; sent only to the token endpoint
  return_to     VARCHAR(2048) NOT NULL,             -- a local path, checked at start
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oidc_sign_ins_expires_idx ON oidc_sign_ins (expires_at);

-- Which provider account (issuer, sub) signs in as which member. The first OIDC sign-in of a
-- member links it; afterwards the member's email alone is not enough: an email that the provider
-- moved to another account (another sub) cannot take the member over.
CREATE TABLE oidc_identities (
  issuer        VARCHAR(500) NOT NULL,
  subject       VARCHAR(255) NOT NULL,
  member_id     UUID NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (issuer, subject),
  CONSTRAINT oidc_identities_member_uq UNIQUE (issuer, member_id)
);
