-- Initiatives (issue 14): a business gap turned into a specification and KPIs, decided by
-- executives from the report's web view, delivered by a provider, measured afterwards.

-- Budgets are written in the workspace's currency (ISO 4217 code).
ALTER TABLE workspaces ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';

CREATE TABLE initiatives (
  id                TEXT PRIMARY KEY,
  workspace_id      TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  title             TEXT NOT NULL,
  gap               TEXT NOT NULL,
  -- JSON arrays of taxonomy ids (lines of business, stakeholders who raised it).
  lines_of_business TEXT NOT NULL DEFAULT '[]',
  stakeholders      TEXT NOT NULL DEFAULT '[]',
  -- JSON array of acceptance criteria, one line each.
  specification     TEXT NOT NULL DEFAULT '[]',
  budget_one_off    REAL,
  budget_monthly    REAL,
  target_quarter    TEXT,
  owner_id          TEXT REFERENCES members(id) ON DELETE SET NULL,
  provider_company  TEXT,
  state             TEXT NOT NULL DEFAULT 'proposed'
    CHECK (state IN ('proposed', 'approved', 'in_progress', 'delivered', 'measured', 'deferred', 'rejected')),
  state_reason      TEXT,
  state_changed_at  TEXT NOT NULL,
  delivered_at      TEXT,
  created_by        TEXT NOT NULL,
  created_by_name   TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_workspace ON initiatives(workspace_id, state);
CREATE INDEX initiatives_provider ON initiatives(workspace_id, provider_company);

-- The KPIs an initiative promises to move: the workspace's own KPIs, so readings already
-- recorded count. A KPI deleted with its workspace takes these rows with it.
CREATE TABLE initiative_kpis (
  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kpi_id        TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL DEFAULT 0,
  baseline      REAL NOT NULL,
  baseline_on   TEXT NOT NULL,
  target        REAL NOT NULL,
  target_on     TEXT NOT NULL CHECK (target_on > baseline_on),
  PRIMARY KEY (initiative_id, kpi_id)
);

-- Evidence: the tags linked to an initiative. Counts are computed from these rows and the
-- tags' own state, so resolving, hiding or deleting a tag moves them without a write here.
CREATE TABLE initiative_evidence (
  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  linked_by     TEXT,
  linked_at     TEXT NOT NULL,
  PRIMARY KEY (initiative_id, annotation_id)
);
CREATE INDEX initiative_evidence_annotation ON initiative_evidence(workspace_id, annotation_id);

-- Every change, by whom and when: the initiative's timeline. Provider answers are entries of
-- kind 'provider_answer' (status, eta, note), with a client-made id so a retry is one answer.
CREATE TABLE initiative_events (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  initiative_id   TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('created', 'changed', 'state', 'linked', 'unlinked', 'decision', 'provider_answer')),
  text            TEXT NOT NULL,
  state           TEXT,
  note            TEXT,
  provider_status TEXT CHECK (provider_status IS NULL OR provider_status IN ('acknowledged', 'in_progress', 'waiting_on_client', 'done')),
  eta             TEXT,
  actor_id        TEXT,
  actor_name      TEXT NOT NULL,
  actor_role      TEXT NOT NULL,
  actor_company   TEXT,
  created_at      TEXT NOT NULL
);
CREATE INDEX initiative_events_initiative ON initiative_events(initiative_id, created_at);

-- Executives' decisions from a report's web view. One per initiative and report: the first
-- recipient to answer decides, a second click (or a second recipient) finds it taken.
CREATE TABLE initiative_decisions (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  initiative_id TEXT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
  report_id     TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  delivery_id   TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  answer        TEXT NOT NULL CHECK (answer IN ('approve', 'not_now', 'discuss')),
  comment       TEXT,
  by_name       TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (initiative_id, report_id)
);
CREATE INDEX initiative_decisions_initiative ON initiative_decisions(initiative_id, created_at);
