import type { Annotation, AnnotationCreate, AnnotationPatch } from '../../../shared/schemas';

/** The fields of an annotation a change may set (a PATCH body without its version); `null` clears one. */
export type AnnotationChanges = Omit<AnnotationPatch, 'version'>;

/**
 * The fields the extension edits and compares, in the order people read them on a card. A
 * field the PATCH contract gains later is carried through untouched until it is listed here.
 */
export const CHANGE_FIELDS = [
  'summary', 'horizon', 'eventDate', 'lineOfBusiness', 'stakeholders', 'impact', 'priority', 'kpis', 'state', 'visibility', 'sharedWith', 'detail',
] as const satisfies readonly (keyof AnnotationChanges)[];
export type ChangeField = (typeof CHANGE_FIELDS)[number];

type Fields = Pick<AnnotationCreate, 'horizon' | 'lineOfBusiness' | 'impact' | 'priority' | 'summary' | 'visibility'> & {
  stakeholders?: string[];
  kpis?: string[];
  detail?: string | null;
  eventDate?: string | null;
  state?: AnnotationCreate['state'];
  /** The provider company it is shared with (visibility `provider` only). */
  sharedWith?: string | null;
};

/** A field's value in one comparable form: absent and `null` are the same, a create's missing state is "open". */
function fieldValue(a: Fields, field: string): unknown {
  const value = (a as unknown as Record<string, unknown>)[field];
  if (field === 'state') return value ?? 'open';
  if (field === 'stakeholders' || field === 'kpis') return value ?? [];
  return value ?? null;
}

export const sameValue = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** The fields whose values differ from `from` to `to`, with `to`'s values (cleared ones as `null`). */
export function changesBetween(from: Fields, to: Fields): AnnotationChanges {
  const changes: Record<string, unknown> = {};
  for (const field of CHANGE_FIELDS) {
    const next = fieldValue(to, field);
    if (!sameValue(fieldValue(from, field), next)) changes[field] = next;
  }
  return changes as AnnotationChanges;
}

/** `changes` without the fields that already hold those values in `current`. */
export function withoutNoops(changes: AnnotationChanges, current: Fields): AnnotationChanges {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (!sameValue(fieldValue(current, field), value)) kept[field] = value;
  }
  return kept as AnnotationChanges;
}

export const isEmpty = (changes: AnnotationChanges) => Object.values(changes).every((x) => x === undefined);

/** An annotation as the body that would create it: what queued entries keep to show it meanwhile. */
export function bodyOf(a: Annotation): AnnotationCreate {
  return {
    id: a.id,
    ...(a.ticketRef ? { ticketRef: a.ticketRef } : {}),
    ...(a.pageUrl ? { pageUrl: a.pageUrl } : {}),
    horizon: a.horizon, lineOfBusiness: a.lineOfBusiness, stakeholders: a.stakeholders, impact: a.impact, priority: a.priority,
    kpis: a.kpis, summary: a.summary,
    ...(a.detail !== null ? { detail: a.detail } : {}),
    ...(a.eventDate !== null ? { eventDate: a.eventDate } : {}),
    state: a.state, visibility: a.visibility,
    ...(a.sharedWith ? { sharedWith: a.sharedWith } : {}),
  };
}

/** A create body with changes applied: cleared fields (`null`) leave it. */
export function applyToBody(body: AnnotationCreate, changes: AnnotationChanges): AnnotationCreate {
  const next: Record<string, unknown> = { ...body };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as AnnotationCreate;
}

/** Names for the workspace's ids, for labels of values the Worker has not labelled yet. */
export type Namer = (id: string) => string

/**
 * An annotation with changes applied, its labels kept right: names come from the Worker's
 * labels where the id did not change, else from the workspace's lists.
 */
export function applyToAnnotation(a: Annotation, changes: AnnotationChanges, name: Namer): Annotation {
  const next = { ...a } as Record<string, unknown>;
  for (const [field, value] of Object.entries(changes)) if (value !== undefined) next[field] = value;
  const out = next as unknown as Annotation;
  const known = new Map<string, string>([[a.lineOfBusiness, a.labels.lineOfBusiness], [a.impact, a.labels.impact]]);
  a.stakeholders.forEach((id, i) => known.set(id, a.labels.stakeholders[i] ?? name(id)));
  a.kpis.forEach((id, i) => known.set(id, a.labels.kpis[i] ?? name(id)));
  const label = (id: string) => known.get(id) ?? name(id);
  return {
    ...out,
    labels: {
      lineOfBusiness: label(out.lineOfBusiness), impact: label(out.impact),
      stakeholders: out.stakeholders.map(label), kpis: out.kpis.map(label),
    },
  };
}
