import { useRef } from 'preact/hooks';
import { ticketKey, type Annotation, type AnnotationCreate, type Member, type ProviderCompany, type Taxonomy } from '../../shared/schemas';
import { applyToAnnotation, changesBetween } from '../core/contract/annotation-changes';
import { annotationIdOf, isPatch, type AnnotationChange, type OutboxEntry, type Resolution } from '../core/contract/outbox-entry';
import { AnnotationCard, type CardItem } from './AnnotationCard';
import { namer } from './annotation-words';

/** A new tag not on the Worker yet, shaped like one that is (labels from the workspace's lists). */
function fromBody(body: AnnotationCreate, me: Member, name: (id: string) => string, at: string): Annotation {
  const stakeholders = body.stakeholders ?? [];
  const kpis = body.kpis ?? [];
  return {
    id: body.id, workspaceId: me.workspaceId, ticketKey: body.ticketRef ? ticketKey(body.ticketRef) : null, ticketRef: body.ticketRef ?? null,
    pageUrl: body.pageUrl ?? null, horizon: body.horizon, lineOfBusiness: body.lineOfBusiness, stakeholders, impact: body.impact,
    priority: body.priority, kpis, summary: body.summary, detail: body.detail ?? null, eventDate: body.eventDate ?? null,
    state: body.state ?? 'open', visibility: body.visibility, sharedWith: body.sharedWith ?? null, providerStatus: null, author: { id: me.id, name: me.name },
    labels: { lineOfBusiness: name(body.lineOfBusiness), stakeholders: stakeholders.map(name), impact: name(body.impact), kpis: kpis.map(name) },
    createdAt: at, updatedAt: at, version: 0, deletedAt: null, jargon: [],
  };
}

/**
 * The ticket's tags as the user will see them once their queued changes are sent: new tags
 * first (newest first), then the Worker's in its order; an edit waiting to be sent already
 * shows, a deletion waiting to be sent already hides the tag. A change the Worker refused is
 * not applied: the tag shows as the Worker has it, with the refusal to act on.
 */
export function cardItems(items: Annotation[], pending: OutboxEntry[], taxonomy: Taxonomy, me: Member): CardItem[] {
  const name = namer(taxonomy);
  const entriesOf = (id: string) => pending.filter((e) => annotationIdOf(e) === id);
  const deleting = (entries: OutboxEntry[]) => entries.some((e) => e.kind === 'delete' && !e.stuck);
  const stored = new Set(items.map((a) => a.id));
  const cards: CardItem[] = [];
  for (const e of [...pending].reverse()) {
    if (e.kind !== 'create' || stored.has(e.id)) continue;
    const entries = entriesOf(e.id);
    if (!deleting(entries)) cards.push({ annotation: fromBody(e.body, me, name, e.queuedAt), saved: false, entries });
  }
  for (const a of items) {
    if (a.deletedAt) continue;
    const entries = entriesOf(a.id);
    if (deleting(entries)) continue;
    let shown = a;
    for (const e of entries) {
      // A create still queued for a tag the Worker has: it landed and was edited on the way.
      if (e.kind === 'create') shown = applyToAnnotation(shown, changesBetween(shown, e.body), name);
      if (isPatch(e) && !e.stuck) shown = applyToAnnotation(shown, e.changes, name);
    }
    cards.push({ annotation: shown, saved: true, entries });
  }
  return cards;
}

export interface AnnotationListProps {
  items: Annotation[];
  pending: OutboxEntry[];
  taxonomy: Taxonomy;
  me: Member;
  providerCompanies?: ProviderCompany[] | null;
  onChange(change: AnnotationChange): Promise<unknown>;
  onResolve(entryId: string, resolution: Resolution): Promise<unknown>;
}

/** The ticket's tags, each a card with its actions; changes not yet sent are marked as such. */
export function AnnotationList({ items, pending, taxonomy, me, providerCompanies, onChange, onResolve }: AnnotationListProps) {
  const cards = cardItems(items, pending, taxonomy, me);
  const listRef = useRef<HTMLDivElement>(null);
  // A deleted tag's card leaves with the focused button: keep the keyboard in the list.
  const change = async (c: AnnotationChange) => {
    const result = await onChange(c);
    if (c.kind === 'delete') listRef.current?.focus();
    return result;
  };
  return (
    <div class="annotation-list" ref={listRef} tabIndex={-1}>
      {cards.length === 0 ? (
        <p class="empty">No tags on this ticket yet.</p>
      ) : (
        <ul class="annotations" aria-label="Tags on this ticket">
          {cards.map((item) => (
            <AnnotationCard key={item.annotation.id} item={item} taxonomy={taxonomy} me={me} providerCompanies={providerCompanies} onChange={change} onResolve={onResolve} />
          ))}
        </ul>
      )}
    </div>
  );
}
