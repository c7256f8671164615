-- Indexes for the report's one statement (worker/db/report-inputs.ts, issue 17). The report
-- reads each workspace's open tags in full for its counts and its sections; without these
-- it walked every tag of the workspace and read each whole row (summary, ticket reference…).

-- The open, report-visible tags with every column the report's pass over them reads: the
-- pass reads this index alone. Its WHERE is the report's, word for word (SQLite uses a
-- partial index only for a query whose WHERE contains the index's terms), and it carries the
-- columns of that WHERE too (else SQLite reads each row to check them again).
CREATE INDEX annotations_report_open ON annotations(workspace_id, horizon, priority, impact, created_at, id, event_date, ticket_key, kpis, state, visibility, deleted_at)
  WHERE state = 'open' AND deleted_at IS NULL AND visibility IN ('team', 'provider');

-- Items shared with a provider, oldest first, with every column provider accountability reads:
-- it reads the first few thousand in this order from the index alone and stops, instead of
-- sorting them all and reading each row.
CREATE INDEX annotations_report_shared ON annotations(workspace_id, created_at, id, state, updated_at, shared_with, shared_at, ticket_key, visibility, deleted_at, summary)
  WHERE visibility = 'provider' AND deleted_at IS NULL;

-- *Check these* for resolved tags: tickets reopened at least once, with what the check reads
-- of them, and the resolved tags by ticket. Most reopened tickets carry open tags only: each is
-- looked up in the second index and not found, without reading a row.
CREATE INDEX tickets_reopened ON tickets(workspace_id, ticket_key, category, reopened_count) WHERE reopened_count > 0;
CREATE INDEX annotations_report_resolved ON annotations(workspace_id, ticket_key, id, updated_at, state, deleted_at, visibility)
  WHERE state = 'resolved' AND deleted_at IS NULL AND visibility IN ('team', 'provider');

-- *Check these* (worker/db/report-inputs.ts): an open tag whose ticket the tool shows ended,
-- finished or gone. Finding them meant reading the ticket of every open tag at each report;
-- `report_checks` keeps the few candidates up to date as tickets and tags change, and the
-- report reads it with each candidate's ticket (how it ended, and since when).

-- How a ticket ended, as the report's checks see it: 'gone' when its status word says
-- deleted, merged, moved, spam or not found (ASCII case ignored, as LIKE does: the model has
-- no other sign of it), 'finished' when it is resolved or closed, else NULL. The rule lives
-- here only.
ALTER TABLE tickets ADD COLUMN ended TEXT GENERATED ALWAYS AS (
  CASE WHEN status LIKE '%deleted%' OR status LIKE '%merged%' OR status LIKE '%moved%' OR status LIKE '%spam%' OR status LIKE '%not found%' THEN 'gone'
       WHEN category IN ('resolved', 'closed') THEN 'finished' END) VIRTUAL;

-- Open, report-visible tags whose ticket ended. The report checks `ended` again on the ticket
-- it joins, so a ticket that no longer ended is never listed.
CREATE TABLE report_checks (
  annotation_id TEXT PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ticket_key    TEXT NOT NULL
);
CREATE INDEX report_checks_ticket ON report_checks(workspace_id, ticket_key);

INSERT INTO report_checks (annotation_id, workspace_id, ticket_key)
SELECT a.id, a.workspace_id, a.ticket_key
  FROM annotations a JOIN tickets t ON t.workspace_id = a.workspace_id AND t.ticket_key = a.ticket_key
 WHERE a.state = 'open' AND a.deleted_at IS NULL AND a.visibility IN ('team', 'provider') AND t.ended IS NOT NULL;

-- A ticket stored (an insert, or an insert that replaced its row) or whose status changed: its
-- open tags are candidates, or no longer. Its tags are found by ticket: without statistics the
-- planner would take the open tags' index above and read the whole workspace for each ticket.
CREATE TRIGGER report_checks_ticket_new AFTER INSERT ON tickets BEGIN
  DELETE FROM report_checks WHERE workspace_id = NEW.workspace_id AND ticket_key = NEW.ticket_key;
  INSERT OR IGNORE INTO report_checks (annotation_id, workspace_id, ticket_key)
  SELECT a.id, a.workspace_id, a.ticket_key FROM annotations a INDEXED BY annotations_ticket_recent
   WHERE NEW.ended IS NOT NULL AND a.workspace_id = NEW.workspace_id AND a.ticket_key = NEW.ticket_key
     AND a.state = 'open' AND a.deleted_at IS NULL AND a.visibility IN ('team', 'provider');
END;

CREATE TRIGGER report_checks_ticket_changed AFTER UPDATE OF status, category ON tickets WHEN OLD.ended IS NOT NEW.ended BEGIN
  DELETE FROM report_checks WHERE workspace_id = OLD.workspace_id AND ticket_key = OLD.ticket_key;
  INSERT OR IGNORE INTO report_checks (annotation_id, workspace_id, ticket_key)
  SELECT a.id, a.workspace_id, a.ticket_key FROM annotations a INDEXED BY annotations_ticket_recent
   WHERE NEW.ended IS NOT NULL AND a.workspace_id = NEW.workspace_id AND a.ticket_key = NEW.ticket_key
     AND a.state = 'open' AND a.deleted_at IS NULL AND a.visibility IN ('team', 'provider');
END;

CREATE TRIGGER report_checks_ticket_deleted AFTER DELETE ON tickets BEGIN
  DELETE FROM report_checks WHERE workspace_id = OLD.workspace_id AND ticket_key = OLD.ticket_key;
END;

-- A tag stored, or whose state, visibility, deletion or ticket changed: a candidate, or no longer.
CREATE TRIGGER report_checks_tag_new AFTER INSERT ON annotations BEGIN
  DELETE FROM report_checks WHERE annotation_id = NEW.id;
  INSERT OR IGNORE INTO report_checks (annotation_id, workspace_id, ticket_key)
  SELECT NEW.id, NEW.workspace_id, NEW.ticket_key FROM tickets t
   WHERE NEW.state = 'open' AND NEW.deleted_at IS NULL AND NEW.visibility IN ('team', 'provider')
     AND t.workspace_id = NEW.workspace_id AND t.ticket_key = NEW.ticket_key AND t.ended IS NOT NULL;
END;

CREATE TRIGGER report_checks_tag_changed AFTER UPDATE OF state, visibility, deleted_at, ticket_key ON annotations
  WHEN OLD.state IS NOT NEW.state OR OLD.visibility IS NOT NEW.visibility OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.ticket_key IS NOT NEW.ticket_key BEGIN
  DELETE FROM report_checks WHERE annotation_id = OLD.id;
  INSERT OR IGNORE INTO report_checks (annotation_id, workspace_id, ticket_key)
  SELECT NEW.id, NEW.workspace_id, NEW.ticket_key FROM tickets t
   WHERE NEW.state = 'open' AND NEW.deleted_at IS NULL AND NEW.visibility IN ('team', 'provider')
     AND t.workspace_id = NEW.workspace_id AND t.ticket_key = NEW.ticket_key AND t.ended IS NOT NULL;
END;
