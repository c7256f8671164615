import type { Annotation, Taxonomy } from '../../shared/schemas';
import type { OutboxEntry } from '../core/storage';

const HORIZON_LABEL = { now: 'Current challenge', next: 'Future event' } as const;
const VISIBILITY_LABEL = { private: 'Only me', team: 'Team', provider: 'Shared with provider' } as const;

function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

interface Row {
  id: string;
  summary: string;
  horizon: Annotation['horizon'];
  priority: Annotation['priority'];
  impact: string;
  lineOfBusiness: string;
  state: Annotation['state'];
  visibility: Annotation['visibility'];
  byline: string;
  pending?: OutboxEntry;
}

/** Names for the ids a queued save holds (the Worker adds labels once it has it). */
function namer(taxonomy: Taxonomy) {
  const names = new Map<string, string>();
  for (const list of [taxonomy.linesOfBusiness, taxonomy.impactKinds, taxonomy.stakeholders, taxonomy.kpis]) {
    for (const x of list) names.set(x.id, x.name);
  }
  return (id: string) => names.get(id) ?? '…';
}

/** The ticket's annotations, newest first, with saves not yet confirmed marked as such. */
export function AnnotationList({ items, pending, taxonomy }: { items: Annotation[]; pending: OutboxEntry[]; taxonomy: Taxonomy }) {
  const name = namer(taxonomy);
  const rows: Row[] = [
    ...pending.map((e) => ({
      id: e.id, summary: e.body.summary, horizon: e.body.horizon, priority: e.body.priority, impact: name(e.body.impact),
      lineOfBusiness: name(e.body.lineOfBusiness), state: e.body.state ?? 'open', visibility: e.body.visibility,
      byline: e.stuck ? 'Not saved' : 'Sending…', pending: e,
    })),
    ...items
      .filter((a) => !pending.some((e) => e.id === a.id))
      .map((a) => ({ ...a, impact: a.labels.impact, lineOfBusiness: a.labels.lineOfBusiness, byline: `${a.author.name}, ${ago(a.updatedAt)}` })),
  ];
  if (rows.length === 0) {
    return <p class="empty">No tags on this ticket yet. Add the business context below.</p>;
  }
  return (
    <ul class="annotations" aria-label="Tags on this ticket">
      {rows.map((r) => (
        <li key={r.id} class={`annotation priority-${r.priority} state-${r.state}${r.pending ? ' is-pending' : ''}`} data-annotation-id={r.id}>
          <p class="summary">{r.summary}</p>
          <p class="meta">
            <span class="pill">{HORIZON_LABEL[r.horizon]}</span>
            <span class="pill">{r.priority}</span>
            <span>{r.lineOfBusiness}</span>
            <span>· {r.impact}</span>
            <span>· {VISIBILITY_LABEL[r.visibility]}</span>
            {r.state !== 'open' && <span>· {r.state}</span>}
          </p>
          <p class={`byline${r.pending?.stuck ? ' error' : ''}`}>{r.byline}</p>
          {r.pending?.stuck && <p class="field-error" role="alert">{r.pending.stuck.message}</p>}
          {r.pending && !r.pending.stuck && r.pending.lastError && <p class="hint">{r.pending.lastError}</p>}
        </li>
      ))}
    </ul>
  );
}
