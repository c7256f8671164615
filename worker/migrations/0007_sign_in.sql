-- Sign-in with the company's identity provider (OpenID Connect, issue 16), and sign-ins an
-- admin re-issues to an existing member.

-- One company sign-in per workspace. The endpoints come from the issuer's discovery document
-- when an admin saves it, so a sign-in never waits on discovery. The client secret (only some
-- providers need one) is sealed with a key derived from STEWARD_LINK_SECRET.
CREATE TABLE oidc_settings (
  workspace_id           TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  issuer                 TEXT NOT NULL,
  client_id              TEXT NOT NULL,
  client_secret          TEXT,
  -- JSON array of lower-case email domains whose accounts may sign in.
  allowed_domains        TEXT NOT NULL,
  new_member_role        TEXT NOT NULL CHECK (new_member_role IN ('staff', 'executive')),
  required_for_staff     INTEGER NOT NULL DEFAULT 0 CHECK (required_for_staff IN (0, 1)),
  authorization_endpoint TEXT NOT NULL,
  token_endpoint         TEXT NOT NULL,
  jwks_uri               TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  updated_by             TEXT REFERENCES members(id) ON DELETE SET NULL
);

-- Who a company account is in a workspace: the issuer's subject (stable) maps to one member;
-- the email is only what the provider said last (people change names and addresses).
CREATE TABLE member_identities (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  issuer          TEXT NOT NULL,
  subject         TEXT NOT NULL,
  email           TEXT,
  created_at      TEXT NOT NULL,
  last_sign_in_at TEXT NOT NULL
);
CREATE UNIQUE INDEX member_identities_subject ON member_identities(workspace_id, issuer, subject);
CREATE INDEX member_identities_member ON member_identities(member_id);

-- A sign-in in progress (ten minutes at most): the state comes back from the identity
-- provider and is stored only as its hash; the nonce must be in the ID token; the PKCE
-- verifier never leaves the Worker. Used once.
CREATE TABLE oidc_flows (
  state_hash    TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  redirect_uri  TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT
);
CREATE INDEX oidc_flows_expiry ON oidc_flows(expires_at);

-- An invite made for an existing member (a new laptop, a lost one): redeeming it signs that
-- member in again instead of making a second member.
ALTER TABLE invites ADD COLUMN member_id TEXT REFERENCES members(id) ON DELETE CASCADE;
