-- Workspaces (tenants), their members, invites, API tokens and annotations.
-- Times are ISO 8601 UTC strings; ids are UUIDs made by the Worker or, for
-- annotations, by the extension so retries are idempotent.

CREATE TABLE workspaces (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL DEFAULT 'UTC',
  created_at  TEXT NOT NULL
);

CREATE TABLE members (
  id               TEXT PRIMARY KEY,
  workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  email            TEXT,
  role             TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'executive', 'provider')),
  provider_company TEXT,
  created_at       TEXT NOT NULL,
  removed_at       TEXT
);
CREATE INDEX members_workspace ON members(workspace_id);

-- Single-use invite codes; only the SHA-256 of the code is stored.
CREATE TABLE invites (
  id               TEXT PRIMARY KEY,
  workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code_hash        TEXT NOT NULL UNIQUE,
  role             TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'executive', 'provider')),
  name             TEXT NOT NULL,
  email            TEXT,
  provider_company TEXT,
  created_by       TEXT REFERENCES members(id) ON DELETE SET NULL,
  created_at       TEXT NOT NULL,
  expires_at       TEXT NOT NULL,
  used_at          TEXT,
  used_by          TEXT REFERENCES members(id) ON DELETE SET NULL,
  revoked_at       TEXT
);
CREATE INDEX invites_workspace ON invites(workspace_id);

-- Bearer tokens for the extension; only the SHA-256 of the token is stored.
CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_member ON api_tokens(member_id);

CREATE TABLE annotations (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_key      TEXT,
  ticket_ref      TEXT,
  page_url        TEXT,
  horizon         TEXT NOT NULL CHECK (horizon IN ('now', 'next')),
  line_of_business TEXT NOT NULL,
  stakeholders    TEXT NOT NULL DEFAULT '[]',
  impact          TEXT NOT NULL,
  priority        TEXT NOT NULL CHECK (priority IN ('critical', 'high', 'medium', 'low')),
  kpis            TEXT NOT NULL DEFAULT '[]',
  summary         TEXT NOT NULL,
  detail          TEXT,
  event_date      TEXT,
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'dropped')),
  visibility      TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'provider')),
  author_id       TEXT NOT NULL REFERENCES members(id),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  deleted_at      TEXT
);
CREATE INDEX annotations_ticket ON annotations(workspace_id, ticket_key);
CREATE INDEX annotations_updated ON annotations(workspace_id, updated_at);
