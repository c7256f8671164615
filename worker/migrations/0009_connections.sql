-- Connections to ticket tools' APIs and webhooks (issue 13). Credentials are sealed with
-- AES-GCM under STEWARD_CONNECTOR_KEY (worker/lib/crypto.ts); only their last four characters
-- are kept readable, to show which one is stored.
CREATE TABLE connections (
  id                 TEXT PRIMARY KEY,
  workspace_id       TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind               TEXT NOT NULL,
  name               TEXT NOT NULL,
  address            TEXT NOT NULL,
  -- Which tickets it reads: those keyed kind:tenant:id (GitHub: an owner covers its repositories).
  tenant             TEXT NOT NULL,
  auth               TEXT NOT NULL CHECK (auth IN ('token', 'basic', 'oauth')),
  username           TEXT,
  credentials_sealed TEXT NOT NULL,
  secret_hint        TEXT NOT NULL,
  webhook_sealed     TEXT,
  webhook_hint       TEXT,
  enabled            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  last_success_at    TEXT,
  last_error_at      TEXT,
  last_error         TEXT,
  next_try_at        TEXT,
  failures           INTEGER NOT NULL DEFAULT 0,
  last_tickets       INTEGER,
  bad_signatures     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX connections_workspace ON connections(workspace_id, kind, tenant);
CREATE INDEX connections_due ON connections(enabled, next_try_at);

-- Webhook deliveries already applied: a replayed delivery id is a no-op. Pruned after 30 days.
CREATE TABLE connection_deliveries (
  connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  delivery_id   TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  PRIMARY KEY (connection_id, delivery_id)
);

-- Dates only a tool's API knows: first answer, resolution, and its own SLA breach.
ALTER TABLE tickets ADD COLUMN first_answered_at TEXT;
ALTER TABLE tickets ADD COLUMN resolved_at TEXT;
ALTER TABLE tickets ADD COLUMN sla_breached_at TEXT;
