-- The provider's side: which provider company an item is shared with, personal web-view
-- links for provider members, and the daily provider digest (one row per member and day).

-- `shared_with` names the provider company (members.provider_company) an item with
-- visibility 'provider' is shared with; providers see only their own company's items.
-- `shared_at` is when it was shared with that company (time to acknowledge counts from it).
ALTER TABLE annotations ADD COLUMN shared_with TEXT;
ALTER TABLE annotations ADD COLUMN shared_at TEXT;

UPDATE annotations SET shared_at = created_at WHERE visibility = 'provider';

-- Before this migration every provider saw every shared item. An item a provider already
-- answered stays with the company that answered last…
UPDATE annotations SET shared_with = (
  SELECT m.provider_company FROM annotation_updates u JOIN members m ON m.id = u.author_id
  WHERE u.annotation_id = annotations.id AND u.kind = 'provider_status' AND m.provider_company IS NOT NULL
  ORDER BY u.created_at DESC, u.id DESC LIMIT 1)
WHERE visibility = 'provider';

-- …and the rest goes to the workspace's provider when it has exactly one. With several,
-- unanswered items stay unnamed (seen by no provider) until staff choose one: guessing
-- would show one provider what the client meant for another.
UPDATE annotations SET shared_with = (
  SELECT MIN(m.provider_company) FROM members m
  WHERE m.workspace_id = annotations.workspace_id AND m.role = 'provider' AND m.removed_at IS NULL)
WHERE visibility = 'provider' AND shared_with IS NULL AND (
  SELECT COUNT(DISTINCT m.provider_company) FROM members m
  WHERE m.workspace_id = annotations.workspace_id AND m.role = 'provider' AND m.removed_at IS NULL) = 1;

CREATE INDEX annotations_shared ON annotations(workspace_id, shared_with, visibility);

-- Staff may share items "with the provider" before any provider has joined (shared_with
-- stays NULL then). When a workspace gets its first provider company, those items are
-- that company's. Triggers, because this must hold however a provider arrives (an invite
-- redeemed, a member's role changed), in the same transaction. The join trigger hangs on
-- the invite being marked used, not on the member insert: D1 counts a trigger's writes in
-- the statement's `changes`, and redeeming checks the insert's count to pick the winner.
CREATE TRIGGER invites_provider_joins AFTER UPDATE OF used_at ON invites
WHEN NEW.used_at IS NOT NULL AND OLD.used_at IS NULL AND NEW.role = 'provider' AND NEW.provider_company IS NOT NULL
BEGIN
  UPDATE annotations
     SET shared_with = NEW.provider_company,
         shared_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE workspace_id = NEW.workspace_id AND visibility = 'provider' AND shared_with IS NULL AND deleted_at IS NULL
     AND (SELECT COUNT(DISTINCT provider_company) FROM members
           WHERE workspace_id = NEW.workspace_id AND role = 'provider' AND removed_at IS NULL) = 1;
END;

CREATE TRIGGER members_becomes_provider AFTER UPDATE OF role, provider_company ON members
WHEN NEW.role = 'provider' AND NEW.provider_company IS NOT NULL AND NEW.removed_at IS NULL
BEGIN
  UPDATE annotations
     SET shared_with = NEW.provider_company,
         shared_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE workspace_id = NEW.workspace_id AND visibility = 'provider' AND shared_with IS NULL AND deleted_at IS NULL
     AND (SELECT COUNT(DISTINCT provider_company) FROM members
           WHERE workspace_id = NEW.workspace_id AND role = 'provider' AND removed_at IS NULL) = 1;
END;

-- A provider member's personal link to the provider web view (/p/:token). The token signs
-- the row id; revoking the row stops the link at once. At most one live link per member.
CREATE TABLE provider_links (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_by    TEXT,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
CREATE UNIQUE INDEX provider_links_live ON provider_links(member_id) WHERE revoked_at IS NULL;
CREATE INDEX provider_links_workspace ON provider_links(workspace_id);

-- The daily digest: one row per provider member and local day, claimed before sending, so
-- overlapping cron runs send it at most once. `cutoff` is what a sent digest covered
-- (items shared up to that instant); the next digest lists what came after it.
CREATE TABLE provider_digests (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  local_date    TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'empty', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  claim         TEXT,
  claimed_at    TEXT,
  cutoff        TEXT,
  items         INTEGER,
  last_error    TEXT,
  message_id    TEXT,
  sent_at       TEXT,
  created_at    TEXT NOT NULL,
  UNIQUE (member_id, local_date)
);
CREATE INDEX provider_digests_member ON provider_digests(member_id, status, local_date);

-- Provider members who asked to stop the daily digest (List-Unsubscribe).
CREATE TABLE provider_digest_unsubscribes (
  member_id     TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  at            TEXT NOT NULL
);
