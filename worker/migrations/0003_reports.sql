-- Executive dialogue reports: immutable snapshots per workspace and period, one delivery
-- row per recipient (exactly-once sending), executives' feedback per item, and the
-- recipients besides the workspace's executives.

CREATE TABLE reports (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  cadence       TEXT NOT NULL CHECK (cadence IN ('weekly', 'monthly')),
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  subject       TEXT NOT NULL,
  snapshot      TEXT NOT NULL,
  html          TEXT NOT NULL,
  text          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (workspace_id, cadence, period_start)
);
CREATE INDEX reports_workspace ON reports(workspace_id, period_start);

CREATE TABLE deliveries (
  id            TEXT PRIMARY KEY,
  report_id     TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email         TEXT NOT NULL,
  name          TEXT,
  member_id     TEXT,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  claimed_at    TEXT,
  claim         TEXT,
  last_error    TEXT,
  message_id    TEXT,
  sent_at       TEXT,
  created_at    TEXT NOT NULL,
  UNIQUE (report_id, email)
);
CREATE INDEX deliveries_pending ON deliveries(status, claimed_at);

CREATE TABLE feedback (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  report_id     TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  delivery_id   TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  annotation_id TEXT NOT NULL,
  answer        TEXT NOT NULL CHECK (answer IN ('ok', 'discuss', 'question')),
  comment       TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (delivery_id, annotation_id)
);
CREATE INDEX feedback_annotation ON feedback(workspace_id, annotation_id, updated_at);

CREATE TABLE report_recipients (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email         TEXT NOT NULL,
  name          TEXT,
  created_at    TEXT NOT NULL,
  UNIQUE (workspace_id, email)
);

-- Addresses that asked to stop receiving a workspace's report (List-Unsubscribe).
CREATE TABLE report_unsubscribes (
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email         TEXT NOT NULL,
  at            TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email)
);
