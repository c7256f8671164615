import type { TicketRef } from '../../../shared/schemas';
import { tabTicketsItem } from '../contract/storage';
import { inTurn } from './in-turn';

/**
 * The one writer of which ticket each tab shows. Content scripts report from every tab at
 * once (and tabs close meanwhile): each change is made in turn on the list as it is then, so
 * none is lost to another's write.
 */
const serial = inTurn();
function update(fn: (tabs: Record<string, TicketRef>) => Record<string, TicketRef> | null): Promise<void> {
  return serial(async () => {
    // A copy: the stored value may be the item's shared fallback object.
    const next = fn({ ...(await tabTicketsItem.getValue()) });
    if (next) await tabTicketsItem.setValue(next);
  });
}

/** Records the ticket a tab shows now (null: none). */
export function setTabTicket(tabId: number, ticket: TicketRef | null): Promise<void> {
  return update((tabs) => {
    if (ticket) return { ...tabs, [String(tabId)]: ticket };
    if (!(String(tabId) in tabs)) return null;
    delete tabs[String(tabId)];
    return tabs;
  });
}

/** Forgets closed tabs, or tabs whose badge left the page. */
export function forgetTabs(tabIds: number[]): Promise<void> {
  return update((tabs) => {
    const known = tabIds.filter((id) => String(id) in tabs);
    if (!known.length) return null;
    for (const id of known) delete tabs[String(id)];
    return tabs;
  });
}

export async function ticketForTab(tabId: number): Promise<TicketRef | null> {
  return (await tabTicketsItem.getValue())[String(tabId)] ?? null;
}

/** The tabs showing a ticket, whose badges hear of connection changes. */
export async function ticketTabIds(): Promise<number[]> {
  return Object.keys(await tabTicketsItem.getValue()).map(Number);
}
