// How the side panel words a tag, its timeline and a conflict: plain language for staff,
// nothing of the API's vocabulary (no ids, versions or status codes).
import type { Annotation, AnnotationUpdate, ProviderStatus, Taxonomy } from '../../shared/schemas';
import { CHANGE_FIELDS, sameValue, type AnnotationChanges, type ChangeField } from '../core/contract/annotation-changes';

export const HORIZON_LABEL = { now: 'Current challenge', next: 'Future event' } as const;
const VISIBILITY_LABEL = { private: 'Only me (draft)', team: 'Team and reports', provider: 'Shared with the provider' } as const;
export const STATE_LABEL = { open: 'Open', resolved: 'Resolved', dropped: 'Dropped' } as const;
export const PRIORITY_LABEL = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' } as const;
/** From the company's side, "waiting on client" means waiting on us. */
const PROVIDER_STATUS_LABEL: Record<ProviderStatus, string> = {
  acknowledged: 'Acknowledged', in_progress: 'In progress', waiting_on_client: 'Waiting on us', done: 'Done',
};

const FIELD_LABEL: Record<ChangeField, string> = {
  summary: 'Summary', horizon: 'Horizon', eventDate: 'Event date', lineOfBusiness: 'Line of business', stakeholders: 'Stakeholders',
  impact: 'Impact', priority: 'Priority', kpis: 'KPIs', state: 'State', visibility: 'Who may see it', sharedWith: 'Shared with', detail: 'Detail',
};

/** A field's name in the words the form uses (for a refusal naming an API field). */
export const fieldLabel = (field: string): string => (FIELD_LABEL as Record<string, string>)[field.split('.')[0]!] ?? field;

/** From the provider's side: the client's words for where an item stands. */
export const PROVIDER_ANSWER_LABEL: Record<ProviderStatus, string> = {
  acknowledged: 'Acknowledged', in_progress: 'In progress', waiting_on_client: 'Waiting on the client', done: 'Done',
};

/** Who may see a tag, naming the provider company it is shared with. */
export function visibilityText(a: Pick<Annotation, 'visibility' | 'sharedWith'>): string {
  if (a.visibility !== 'provider') return VISIBILITY_LABEL[a.visibility];
  return a.sharedWith ? `Shared with ${a.sharedWith}` : 'Shared with the provider (none invited yet)';
}

/**
 * Where the provider stands on an item shared with it, for staff: its latest answer, or that
 * the item waits for one. Null when nothing is shared, or the item is closed unanswered.
 */
export function providerLine(a: Pick<Annotation, 'visibility' | 'sharedWith' | 'state' | 'providerStatus'>): { waiting: boolean; text: string } | null {
  if (a.visibility !== 'provider') return null;
  const company = a.sharedWith ?? 'the provider';
  if (a.providerStatus) return { waiting: false, text: providerStatusText(a.providerStatus.status, a.providerStatus.eta) };
  return a.state === 'open' ? { waiting: true, text: `Waiting for ${company} to answer` } : null;
}

/** Names for the workspace's ids (for values the Worker has not labelled yet). */
export function namer(taxonomy: Taxonomy) {
  const names = new Map<string, string>();
  for (const list of [taxonomy.linesOfBusiness, taxonomy.impactKinds, taxonomy.stakeholders, taxonomy.kpis]) {
    for (const x of list) names.set(x.id, x.name);
  }
  return (id: string) => names.get(id) ?? 'an entry no longer in the lists';
}

/** "4 Dec" (with the year when it is not this year), from a calendar date or a timestamp. */
export function day(iso: string, now = new Date()): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  const sameYear = date.getUTCFullYear() === now.getUTCFullYear();
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), ...(iso.length === 10 ? { timeZone: 'UTC' } : {}) });
}

/** "4 Dec, 14:05" in the reader's time zone. */
export function dayAndTime(iso: string, now = new Date()): string {
  const time = new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${day(iso, now)}, ${time}`;
}

export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** "In progress, expected 4 Dec". */
function providerStatusText(status: ProviderStatus, eta: string | null): string {
  return `${PROVIDER_STATUS_LABEL[status]}${eta ? `, expected ${day(eta)}` : ''}`;
}

/** "Pat Kim (BrightIT)". */
const who = (author: AnnotationUpdate['author']) => (author.providerCompany ? `${author.name} (${author.providerCompany})` : author.name);

const STATE_CHANGE: Record<Annotation['state'], string> = { open: 'Reopened', resolved: 'Resolved', dropped: 'Dropped' };

/** One timeline entry in a sentence: "Pat Kim (BrightIT) — In progress, expected 4 Dec: Replacement part ordered." */
export function updateText(u: AnnotationUpdate): string {
  const said = (head: string) => (u.note ? `${head}: ${u.note}` : `${head}.`);
  if (u.kind === 'provider_status' && u.providerStatus) return `${who(u.author)} — ${said(providerStatusText(u.providerStatus, u.eta))}`;
  if (u.kind === 'state' && u.state) return `${who(u.author)} — ${said(STATE_CHANGE[u.state])}`;
  return `${who(u.author)} — ${u.note ?? ''}`;
}

/** A field's value in words, as a card or the conflict view shows it. */
function fieldText(a: Annotation, field: ChangeField): string {
  switch (field) {
    case 'horizon': return HORIZON_LABEL[a.horizon];
    case 'eventDate': return a.eventDate ? day(a.eventDate) : 'None';
    case 'lineOfBusiness': return a.labels.lineOfBusiness;
    case 'stakeholders': return a.labels.stakeholders.join(', ') || 'None';
    case 'impact': return a.labels.impact;
    case 'priority': return PRIORITY_LABEL[a.priority];
    case 'kpis': return a.labels.kpis.join(', ') || 'None';
    case 'state': return STATE_LABEL[a.state];
    case 'visibility': return VISIBILITY_LABEL[a.visibility];
    case 'sharedWith': return a.visibility === 'provider' ? (a.sharedWith ?? 'Not named yet') : 'Nobody';
    case 'summary': return a.summary;
    case 'detail': return a.detail || 'None';
  }
}

export interface FieldDifference {
  field: ChangeField;
  label: string;
  theirs: string;
  mine: string;
}

/** The fields where my change and the tag as it is now differ, in reading order. */
export function differences(theirs: Annotation, mine: Annotation, changes: AnnotationChanges): FieldDifference[] {
  return CHANGE_FIELDS.filter((f) => f in changes && changes[f] !== undefined && !sameValue(theirs[f], mine[f])).map((field) => ({
    field, label: FIELD_LABEL[field], theirs: fieldText(theirs, field), mine: fieldText(mine, field),
  }));
}
