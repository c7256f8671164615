-- The workspace model: report schedule and plain-language settings on workspaces,
-- last activity of members, the taxonomy, annotation timelines, the audit log and
-- request throttling.

ALTER TABLE workspaces ADD COLUMN report_cadence TEXT NOT NULL DEFAULT 'weekly'
  CHECK (report_cadence IN ('weekly', 'monthly'));
-- ISO weekday, 1 = Monday … 7 = Sunday (weekly reports).
ALTER TABLE workspaces ADD COLUMN report_weekday INTEGER NOT NULL DEFAULT 1
  CHECK (report_weekday BETWEEN 1 AND 7);
-- Day of the month (monthly reports); NULL means the first business day.
ALTER TABLE workspaces ADD COLUMN report_month_day INTEGER
  CHECK (report_month_day IS NULL OR report_month_day BETWEEN 1 AND 28);
ALTER TABLE workspaces ADD COLUMN report_hour INTEGER NOT NULL DEFAULT 8
  CHECK (report_hour BETWEEN 0 AND 23);
-- JSON array of words the jargon check flags in summaries.
ALTER TABLE workspaces ADD COLUMN jargon_words TEXT NOT NULL DEFAULT '[]';

ALTER TABLE members ADD COLUMN last_active_at TEXT;

-- Lines of business and impact kinds: a name each, retired rather than deleted so
-- annotations that use them keep their meaning.
CREATE TABLE taxonomy_terms (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('line_of_business', 'impact_kind')),
  name         TEXT NOT NULL,
  position     INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  retired_at   TEXT
);
CREATE INDEX taxonomy_terms_workspace ON taxonomy_terms(workspace_id, kind);

CREATE TABLE stakeholders (
  id                  TEXT PRIMARY KEY,
  workspace_id        TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name                TEXT NOT NULL,
  title               TEXT,
  line_of_business_id TEXT REFERENCES taxonomy_terms(id) ON DELETE SET NULL,
  created_at          TEXT NOT NULL,
  retired_at          TEXT
);
CREATE INDEX stakeholders_workspace ON stakeholders(workspace_id);

CREATE TABLE kpis (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  unit         TEXT NOT NULL,
  target       REAL,
  direction    TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
  created_at   TEXT NOT NULL,
  retired_at   TEXT
);
CREATE INDEX kpis_workspace ON kpis(workspace_id);

CREATE TABLE kpi_readings (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kpi_id       TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  value        REAL NOT NULL,
  recorded_on  TEXT NOT NULL,
  note         TEXT,
  recorded_by  TEXT REFERENCES members(id) ON DELETE SET NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX kpi_readings_kpi ON kpi_readings(kpi_id, recorded_on);

-- The timeline of an annotation: notes, state changes and provider statuses.
CREATE TABLE annotation_updates (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  annotation_id   TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  author_id       TEXT NOT NULL REFERENCES members(id),
  kind            TEXT NOT NULL CHECK (kind IN ('note', 'state', 'provider_status')),
  note            TEXT,
  state           TEXT CHECK (state IS NULL OR state IN ('open', 'resolved', 'dropped')),
  provider_status TEXT CHECK (provider_status IS NULL OR provider_status IN ('acknowledged', 'in_progress', 'waiting_on_client', 'done')),
  eta             TEXT,
  created_at      TEXT NOT NULL
);
CREATE INDEX annotation_updates_annotation ON annotation_updates(annotation_id, created_at);
CREATE INDEX annotation_updates_workspace ON annotation_updates(workspace_id, created_at);

-- Who changed what, when. Kept with the workspace and deleted with it.
CREATE TABLE audit_log (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  actor_id     TEXT,
  actor_name   TEXT NOT NULL,
  action       TEXT NOT NULL,
  target_type  TEXT NOT NULL,
  target_id    TEXT,
  detail       TEXT NOT NULL DEFAULT '{}',
  at           TEXT NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log(workspace_id, at);

-- Fixed-window request counters (e.g. invite redeem attempts per client address).
CREATE TABLE rate_limits (
  key          TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);

CREATE INDEX annotations_sync ON annotations(workspace_id, updated_at, id);
