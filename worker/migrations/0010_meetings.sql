-- The dialogue meeting (issue 15): one recurring meeting per workspace that follows the
-- report cadence, and the invitations sent for it (each a REQUEST or CANCEL at a SEQUENCE).

CREATE TABLE meeting_settings (
  workspace_id     TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  enabled          INTEGER NOT NULL DEFAULT 0,
  start_time       TEXT NOT NULL DEFAULT '10:00',
  duration_minutes INTEGER NOT NULL DEFAULT 30 CHECK (duration_minutes BETWEEN 15 AND 480),
  -- JSON arrays: member ids, and addresses outside the workspace.
  member_ids       TEXT NOT NULL DEFAULT '[]',
  emails           TEXT NOT NULL DEFAULT '[]',
  location         TEXT,
  -- The calendar event's identity: calendars update an event only with the same UID and a
  -- higher SEQUENCE, so both live here and SEQUENCE only grows.
  uid              TEXT NOT NULL,
  sequence         INTEGER NOT NULL DEFAULT 0,
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT
);

-- Who was sent which version of the invitation: the next change is sent to these people
-- too (an attendee taken off the list gets a cancellation).
CREATE TABLE meeting_invitations (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email        TEXT NOT NULL,
  sequence     INTEGER NOT NULL,
  method       TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
  status       TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'not_sent')),
  error        TEXT,
  message_id   TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email, sequence)
);
CREATE INDEX meeting_invitations_latest ON meeting_invitations(workspace_id, email, sequence);
