import type { ActionOwner, ActionOwnerInput, Member, ProviderCompany, Recipient } from '../../../shared/schemas';
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
 * Who may own an action item: members (not the provider's people one by one: the provider
 * company owns its items as a whole and answers them from its inbox), each provider company,
 * and report recipients who are not members (executives reading the report by email).
 */
export function ownerChoices(members: Member[], companies: ProviderCompany[], recipients: Recipient[]): OwnerChoice[] {
  const people = members
    .filter((m) => m.role !== 'provider')
    .map((m): OwnerChoice => ({ key: `member:${m.id}`, label: m.role === 'executive' ? `${m.name} (executive)` : m.name, group: 'people', owner: { kind: 'member', memberId: m.id } }));
  const providers = companies.map((c): OwnerChoice => ({ key: `provider:${c.name}`, label: `${c.name} (provider)`, group: 'provider', owner: { kind: 'provider', company: c.name } }));
  const known = new Set(members.map((m) => m.email?.toLowerCase()).filter(Boolean));
  const executives = recipients
    .filter((r) => r.source === 'extra' && !known.has(r.email.toLowerCase()))
    .map((r): OwnerChoice => ({
      key: `person:${r.email.toLowerCase()}`, label: r.name ? `${r.name} (${r.email})` : r.email, group: 'executives',
      owner: { kind: 'person', email: r.email, ...(r.name ? { name: r.name } : {}) },
    }));
  return [...people, ...providers, ...executives];
}

/** An owner already on an item but not in the list (a member staff cannot list, say), so the select can show it. */
export function choiceOf(o: ActionOwner): OwnerChoice {
  const owner: ActionOwnerInput = o.kind === 'member'
    ? { kind: 'member', memberId: o.memberId ?? '' }
    : o.kind === 'provider' ? { kind: 'provider', company: o.company ?? '' } : { kind: 'person', email: o.email ?? '', name: o.name };
  return { key: ownerKey(owner), label: o.name, group: o.kind === 'provider' ? 'provider' : o.kind === 'person' ? 'executives' : 'people', owner };
}

/**
 * Loads the owner list for the signed-in member. Only admins may list members and report
 * recipients: staff get themselves, the provider companies and "someone else" by address.
 */
export async function loadOwners(me: Member): Promise<OwnerChoice[]> {
  const admin = me.role === 'admin';
  const [members, companies, recipients] = await Promise.all([
    admin ? callApi('members').then((r) => r.items) : Promise.resolve([me]),
    callApi('providerCompanies').then((r) => r.items),
    admin ? callApi('recipients').then((r) => r.items) : Promise.resolve([]),
  ]);
  return ownerChoices(members, companies, recipients);
}
