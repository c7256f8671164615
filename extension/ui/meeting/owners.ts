import type { ActionOwner, ActionOwnerChoices, ActionOwnerInput } from '../../../shared/schemas';
import { callApi } from '../../core/contract/messages';

/** One entry of the owner list: whom an action item can be given to. */
export interface OwnerChoice {
  /** The select's value: `member:<id>`, `provider:<company>`, `person:<email>`. */
  key: string;
  label: string;
  group: 'people' | 'provider' | 'executives';
  owner: ActionOwnerInput;
}

/** The choice for typing in someone else's address. */
export const SOMEONE_ELSE = 'person:new';

export const OWNER_GROUPS: Record<OwnerChoice['group'], string> = {
  people: 'People in the workspace',
  provider: 'The provider',
  executives: 'Executives who receive the report',
};

export function ownerKey(o: ActionOwner | ActionOwnerInput): string {
  if (o.kind === 'member') return `member:${o.memberId}`;
  if (o.kind === 'provider') return `provider:${o.company}`;
  return `person:${(o.email ?? '').toLowerCase()}`;
}

/**
 * Who may own an action item (the Worker's list, names only): members (not the provider's people
 * one by one: the provider company owns its items as a whole and answers them from its inbox),
 * each provider company, and report recipients who are not members (executives reading the
 * report by email).
 */
function ownerChoices(choices: ActionOwnerChoices): OwnerChoice[] {
  const people = choices.members.map((m): OwnerChoice => ({
    key: `member:${m.id}`, label: m.role === 'executive' ? `${m.name} (executive)` : m.name, group: 'people', owner: { kind: 'member', memberId: m.id },
  }));
  const providers = choices.companies.map((c): OwnerChoice => ({ key: `provider:${c}`, label: `${c} (provider)`, group: 'provider', owner: { kind: 'provider', company: c } }));
  const executives = choices.people.map((r): OwnerChoice => ({
    key: `person:${r.email.toLowerCase()}`, label: r.name ? `${r.name} (${r.email})` : r.email, group: 'executives',
    owner: { kind: 'person', email: r.email, ...(r.name ? { name: r.name } : {}) },
  }));
  return [...people, ...providers, ...executives];
}

/** An owner already on an item but not in the list (someone who left since, say), so the select can show it. */
export function choiceOf(o: ActionOwner): OwnerChoice {
  const owner: ActionOwnerInput = o.kind === 'member'
    ? { kind: 'member', memberId: o.memberId ?? '' }
    : o.kind === 'provider' ? { kind: 'provider', company: o.company ?? '' } : { kind: 'person', email: o.email ?? '', name: o.name };
  return { key: ownerKey(owner), label: o.name, group: o.kind === 'provider' ? 'provider' : o.kind === 'person' ? 'executives' : 'people', owner };
}

/** Loads the owner list: admins and staff alike may give an action item to anyone in the workspace. */
export async function loadOwners(): Promise<OwnerChoice[]> {
  return ownerChoices(await callApi('actionOwners'));
}
