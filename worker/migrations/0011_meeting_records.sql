-- Meeting mode (issue 15): a held dialogue meeting walks the agenda of a report and records,
-- per agenda item, a decision and action items; closing it emails the minutes, and each later
-- change is a correction that is itself emailed. Everything goes with its workspace.

CREATE TABLE meetings (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- The report whose agenda it walks (null: none had been sent, the preview's agenda was used).
  report_id     TEXT REFERENCES reports(id) ON DELETE SET NULL,
  report_label  TEXT,
  -- The local date in the workspace's time zone.
  held_on       TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  started_by_id TEXT,
  started_by    TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  closed_at     TEXT,
  -- JSON array of {kind, ref, title, why}: fixed when the meeting starts, plus items added in it.
  agenda        TEXT NOT NULL DEFAULT '[]',
  -- How many `other-<n>` items were added (the next one is n + 1, never reused).
  other_count   INTEGER NOT NULL DEFAULT 0,
  version       INTEGER NOT NULL DEFAULT 1
);
-- One open meeting per workspace: starting again resumes it.
CREATE UNIQUE INDEX meetings_one_open ON meetings(workspace_id) WHERE state = 'open';
CREATE INDEX meetings_by_workspace ON meetings(workspace_id, held_on DESC, started_at DESC);

CREATE TABLE meeting_decisions (
  meeting_id    TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ref           TEXT NOT NULL,
  title         TEXT NOT NULL,
  text          TEXT NOT NULL,
  by_id         TEXT,
  by_name       TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (meeting_id, ref)
);

CREATE TABLE action_items (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  meeting_id      TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  ref             TEXT,
  what            TEXT NOT NULL,
  -- Who does it: a member, the provider company as a whole, or a person outside the workspace.
  owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('member', 'provider', 'person')),
  owner_member_id TEXT,
  owner_company   TEXT,
  owner_email     TEXT,
  -- The name as given (a person), or as it was when assigned (a member who may leave).
  owner_name      TEXT,
  due_on          TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'dropped')),
  done_at         TEXT,
  -- The owning provider's latest answer (like on a shared item); the id makes a second click the same answer.
  provider_status TEXT CHECK (provider_status IS NULL OR provider_status IN ('acknowledged', 'in_progress', 'waiting_on_client', 'done')),
  provider_eta    TEXT,
  provider_note   TEXT,
  provider_by     TEXT,
  provider_at     TEXT,
  provider_answer_id TEXT,
  created_by_id   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  CHECK (owner_kind <> 'member' OR owner_member_id IS NOT NULL),
  CHECK (owner_kind <> 'provider' OR owner_company IS NOT NULL),
  CHECK (owner_kind <> 'person' OR owner_email IS NOT NULL)
);
-- The open action items of a workspace (agenda, report), by due date.
CREATE INDEX action_items_open ON action_items(workspace_id, state, due_on);
-- The action items a provider company owns (its inbox, digest and accountability).
CREATE INDEX action_items_provider ON action_items(workspace_id, owner_company, state) WHERE owner_kind = 'provider';
CREATE INDEX action_items_meeting ON action_items(meeting_id, created_at);

-- Each sending of the minutes: version 1 when the meeting was closed, then one per correction.
CREATE TABLE meeting_minutes (
  meeting_id    TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('minutes', 'correction')),
  note          TEXT,
  subject       TEXT NOT NULL,
  html          TEXT NOT NULL,
  text          TEXT NOT NULL,
  -- JSON array of {email, status, error}: what happened to each attendee's copy.
  outcomes      TEXT NOT NULL DEFAULT '[]',
  sent          INTEGER NOT NULL DEFAULT 0,
  failed        INTEGER NOT NULL DEFAULT 0,
  by_id         TEXT,
  by_name       TEXT NOT NULL,
  sent_at       TEXT NOT NULL,
  PRIMARY KEY (meeting_id, version)
);
CREATE INDEX meeting_minutes_by_workspace ON meeting_minutes(workspace_id, sent_at);
