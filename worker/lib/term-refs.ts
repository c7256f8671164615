import type { Taxonomy } from '../../shared/schemas';
import { DEFAULT_JARGON, findJargon } from '../../shared/plain-language';
import type { Labeler } from '../db/annotations';
import { labelMap } from '../db/taxonomy';
import { ApiError } from '../errors';

type Kind = 'lob' | 'impact' | 'stakeholder' | 'kpi';

const WHAT: Record<Kind, string> = {
  lob: 'a line of business',
  impact: 'an impact kind',
  stakeholder: 'a stakeholder',
  kpi: 'a KPI',
};

export interface TermRefs {
  lineOfBusiness?: string;
  impact?: string;
  stakeholders?: string[];
  kpis?: string[];
}

/**
 * Checks that an annotation's taxonomy references exist in this workspace. Retired entries
 * may stay on an annotation that already had them, but not be newly chosen.
 */
export function checkTermRefs(taxonomy: Taxonomy, refs: TermRefs, already: TermRefs = {}): void {
  const map = labelMap(taxonomy);
  const fields: Record<string, string> = {};
  const had = new Set([already.lineOfBusiness, already.impact, ...(already.stakeholders ?? []), ...(already.kpis ?? [])]);
  const check = (field: string, id: string | undefined, kind: Kind) => {
    if (id === undefined) return;
    const entry = map.get(id);
    if (!entry || entry.kind !== kind) fields[field] = `is not ${WHAT[kind]} of this workspace (an admin can add it in Settings)`;
    else if (entry.retired && !had.has(id)) fields[field] = `"${entry.name}" was retired; choose another`;
  };
  check('lineOfBusiness', refs.lineOfBusiness, 'lob');
  check('impact', refs.impact, 'impact');
  refs.stakeholders?.forEach((id, i) => check(`stakeholders.${i}`, id, 'stakeholder'));
  refs.kpis?.forEach((id, i) => check(`kpis.${i}`, id, 'kpi'));
  if (Object.keys(fields).length) {
    const list = Object.entries(fields).map(([f, m]) => `${f} ${m}`).join('; ');
    throw new ApiError(422, 'unprocessable', `Some choices are not in this workspace's lists: ${list}.`, fields);
  }
}

/** A labeler for annotations: taxonomy id → name, plus the workspace's jargon check. */
export function labeler(taxonomy: Taxonomy, jargonWords: string[] = []): Labeler {
  const map = labelMap(taxonomy);
  const label: Labeler = (id: string) => map.get(id)?.name ?? '(removed)';
  label.jargon = (text: string) => findJargon(text, jargonWords.length ? jargonWords : DEFAULT_JARGON);
  return label;
}
