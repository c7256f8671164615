import { useState } from 'preact/hooks';
import type { ExportTable } from '../../../shared/api/client';
import { callApi } from '../../core/contract/messages';
import { ConfirmBox, describedBy, Field, ProblemNotice, todayIso, saveFile, type Session } from './forms';
import { useSubmit } from '../submit';

const TABLES: Array<{ table: ExportTable; label: string }> = [
  { table: 'annotations', label: 'Tags' },
  { table: 'updates', label: 'Tag updates' },
  { table: 'members', label: 'People' },
  { table: 'taxonomy', label: 'Taxonomy' },
  { table: 'audit', label: 'Activity log' },
  { table: 'tickets', label: 'Tickets (facts from the tools)' },
  { table: 'ticket-events', label: 'Ticket history' },
  { table: 'initiatives', label: 'Initiatives' },
  { table: 'meetings', label: 'Dialogue meetings' },
  { table: 'decisions', label: 'Meeting decisions' },
  { table: 'action-items', label: 'Action items' },
  { table: 'minutes', label: 'Minutes sent' },
];

/** Same names the Worker suggests: `steward-acme-dental-2026-11-20.json`, `…-annotations.csv`. */
export function exportFileName(workspaceName: string, format: 'json' | 'csv', table?: ExportTable, now = new Date()): string {
  const slug = workspaceName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
  const base = `steward-${slug}-${todayIso(now)}`;
  return format === 'csv' ? `${base}-${table}.csv` : `${base}.json`;
}

export interface WorkspaceCounts {
  tags: number;
  updates: number;
  members: number;
  pendingInvites: number;
  taxonomy: number;
  activity: number;
}

/** What a workspace holds, counted from its JSON export. */
function countsOf(exported: string): WorkspaceCounts {
  const data = JSON.parse(exported) as {
    annotations?: Array<{ deletedAt?: string | null }>; updates?: unknown[]; members?: unknown[];
    invites?: Array<{ status: string }>; audit?: unknown[];
    taxonomy?: { linesOfBusiness?: unknown[]; stakeholders?: unknown[]; impactKinds?: unknown[]; kpis?: unknown[] };
  };
  const t = data.taxonomy ?? {};
  return {
    tags: (data.annotations ?? []).filter((a) => !a.deletedAt).length,
    updates: data.updates?.length ?? 0,
    members: data.members?.length ?? 0,
    pendingInvites: (data.invites ?? []).filter((i) => i.status === 'pending').length,
    taxonomy: (t.linesOfBusiness?.length ?? 0) + (t.stakeholders?.length ?? 0) + (t.impactKinds?.length ?? 0) + (t.kpis?.length ?? 0),
    activity: data.audit?.length ?? 0,
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 tags (with 30 updates), 5 people, 2 pending invites, 18 taxonomy entries and 140 activity entries". */
export function countsSentence(c: WorkspaceCounts): string {
  const parts = [
    `${count(c.tags, 'tag', 'tags')} (with ${count(c.updates, 'update', 'updates')})`,
    count(c.members, 'person', 'people'),
    count(c.pendingInvites, 'pending invite', 'pending invites'),
    count(c.taxonomy, 'taxonomy entry', 'taxonomy entries'),
    count(c.activity, 'activity entry', 'activity entries'),
  ];
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Exports (JSON and one CSV per table) and deleting the workspace. */
export function DataPanel({ session, onDeleted }: { session: Session; onDeleted: (workspaceName: string) => void }) {
  const name = session.workspace.name;
  return (
    <section id="data" class="panel-section" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <ExportSection workspaceName={name} />
      <DeleteSection workspaceName={name} onDeleted={onDeleted} />
    </section>
  );
}

function ExportSection({ workspaceName }: { workspaceName: string }) {
  const [running, setRunning] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const job = useSubmit();
  const download = async (format: 'json' | 'csv', table?: ExportTable) => {
    setSaved('');
    setRunning(table ?? 'json');
    const file = exportFileName(workspaceName, format, table);
    const ok = await job.run(async () => {
      // No `undefined` argument: messages travel as JSON, where it would arrive as null.
      const text = await (table ? callApi('exportWorkspace', format, table) : callApi('exportWorkspace', format));
      saveFile(file, text, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    });
    setRunning(null);
    if (ok) setSaved(`Downloaded ${file}.`);
  };
  return (
    <section class="subsection" aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <p class="hint">
        Everything in the workspace as one JSON file (to keep, or to move elsewhere), or one table at a time as CSV for a spreadsheet. Sign-in codes
        and tokens are never exported.
      </p>
      <div class="export-buttons">
        <button type="button" class="primary" disabled={running !== null} onClick={() => void download('json')}>
          {running === 'json' ? 'Preparing…' : 'Download everything (JSON)'}
        </button>
      </div>
      <div class="export-buttons" role="group" aria-label="One table as CSV">
        {TABLES.map((t) => (
          <button type="button" key={t.table} disabled={running !== null} aria-label={`Download ${t.label.toLowerCase()} as CSV`} onClick={() => void download('csv', t.table)}>
            {running === t.table ? 'Preparing…' : `${t.label} (CSV)`}
          </button>
        ))}
      </div>
      <p class="status" role="status">{saved}</p>
      <ProblemNotice problem={job.problem} />
    </section>
  );
}

function DeleteSection({ workspaceName, onDeleted }: { workspaceName: string; onDeleted: (workspaceName: string) => void }) {
  const [counts, setCounts] = useState<WorkspaceCounts | null>(null);
  const [typed, setTyped] = useState('');
  const prepare = useSubmit();
  const remove = useSubmit();

  const start = () =>
    void prepare.run(async () => {
      setCounts(countsOf(await callApi('exportWorkspace', 'json')));
    });
  const cancel = () => {
    setCounts(null);
    setTyped('');
    remove.clear();
  };
  const confirmDelete = async () => {
    if (typed !== workspaceName) {
      remove.fail({ kind: 'other', code: 'validation_failed', message: 'Type the workspace name to confirm.', fields: { confirm: `must be exactly “${workspaceName}”` } });
      return;
    }
    if (await remove.run(() => callApi('deleteWorkspace', typed))) onDeleted(workspaceName);
  };

  return (
    <section class="subsection danger-zone" aria-labelledby="delete-heading">
      <h3 id="delete-heading">Delete the workspace</h3>
      {!counts ? (
        <>
          <p class="hint">Deletes {workspaceName} and everything in it, for good, and signs everyone out. Export first if you may need any of it.</p>
          <button type="button" class="danger" onClick={start} disabled={prepare.busy}>{prepare.busy ? 'Counting what would be deleted…' : 'Delete workspace…'}</button>
          <ProblemNotice problem={prepare.problem} />
        </>
      ) : (
        <ConfirmBox id="delete-workspace" confirmLabel={`Delete ${workspaceName} for good`} onConfirm={() => void confirmDelete()} onCancel={cancel} busy={remove.busy}
          question={<span data-testid="delete-summary">
            This deletes <strong>{workspaceName}</strong> and everything in it: {countsSentence(counts)}. Everyone is signed out, you included. It cannot be undone.
          </span>}>
          <Field id="delete-confirm" label="Workspace name" hint={`Type “${workspaceName}” to confirm.`} error={remove.fields.confirm}>
            <input {...describedBy('delete-confirm', remove.fields.confirm, true)} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autoComplete="off" spellcheck={false} />
          </Field>
          <ProblemNotice problem={remove.problem} shownFields={['confirm']} />
        </ConfirmBox>
      )}
    </section>
  );
}
