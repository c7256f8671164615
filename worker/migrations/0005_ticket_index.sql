-- A ticket's tags, newest change first, is the extension's most frequent read. With only
-- (workspace_id, ticket_key) the planner preferred walking the whole workspace in
-- updated_at order (annotations_sync) and filtering by ticket; this index answers the filter
-- and the order at once, so the read costs the same in a workspace of 100 or 100,000 tags.
CREATE INDEX annotations_ticket_recent ON annotations(workspace_id, ticket_key, updated_at, id);
DROP INDEX annotations_ticket;
