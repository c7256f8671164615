-- Ticket facts: what the ticket tools themselves say about tagged tickets (issue 12).
-- One row per workspace and ticket key; only tickets an annotation of the workspace points at
-- ever get a row (observations for other tickets are refused).
CREATE TABLE tickets (
  workspace_id      TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_key        TEXT NOT NULL,
  tool              TEXT NOT NULL,
  tenant            TEXT NOT NULL,
  ticket_id         TEXT NOT NULL,
  url               TEXT NOT NULL,
  title             TEXT,
  status            TEXT,
  category          TEXT CHECK (category IS NULL OR category IN ('new', 'open', 'waiting', 'resolved', 'closed')),
  -- When the current status began (happened) or was first seen (seen).
  status_since      TEXT,
  status_since_kind TEXT CHECK (status_since_kind IS NULL OR status_since_kind IN ('happened', 'seen')),
  tool_created_at   TEXT,
  tool_updated_at   TEXT,
  assignee          TEXT,
  tool_priority     TEXT,
  first_seen_at     TEXT NOT NULL,
  last_seen_at      TEXT NOT NULL,
  -- The moment of the newest observation applied: an older one never overwrites these facts.
  observed_at       TEXT NOT NULL,
  source            TEXT NOT NULL CHECK (source IN ('page', 'api', 'webhook')),
  reopened_count    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, ticket_key)
);

-- The ticket's timeline as the tool showed it. The unique key makes the same event seen twice
-- (a retried batch, two people on the same page) one row.
CREATE TABLE ticket_events (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_key   TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('status_changed', 'reopened', 'assignee_changed', 'title_changed')),
  from_value   TEXT,
  to_value     TEXT,
  at           TEXT NOT NULL,
  at_kind      TEXT NOT NULL CHECK (at_kind IN ('happened', 'seen')),
  source       TEXT NOT NULL CHECK (source IN ('page', 'api', 'webhook')),
  seen_by      TEXT REFERENCES members(id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (workspace_id, ticket_key, kind, at, to_value)
);
CREATE INDEX ticket_events_ticket ON ticket_events(workspace_id, ticket_key, at);
CREATE INDEX ticket_events_recent ON ticket_events(workspace_id, at);

-- One row per page view that sent an observation: makes a repeated observation a no-op and
-- gives each tool's reading health (how often title and status were found). Only the fields'
-- presence is kept here, never page content. Pruned after 90 days by the hourly job.
CREATE TABLE ticket_observations (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_key   TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  observed_at  TEXT NOT NULL,
  tool         TEXT NOT NULL,
  title_found  INTEGER NOT NULL,
  status_found INTEGER NOT NULL,
  -- The status word when no mapping knew it (kept as "open"), to report it.
  unknown_status TEXT,
  PRIMARY KEY (workspace_id, ticket_key, member_id, observed_at)
);
CREATE INDEX ticket_observations_health ON ticket_observations(workspace_id, observed_at);
