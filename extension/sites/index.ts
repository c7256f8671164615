import { detectTicket, ticketKey } from '../../shared/tickets';
import type { TicketRef, ToolId } from '../../shared/schemas';
import { clean } from './dom';
import type { SiteAdapter } from './types';
import { atera } from './atera/selectors';
import { autotask } from './autotask/selectors';
import { connectwise } from './connectwise/selectors';
import { freescout } from './freescout/selectors';
import { freshdesk } from './freshdesk/selectors';
import { freshservice } from './freshservice/selectors';
import { github } from './github/selectors';
import { glpi } from './glpi/selectors';
import { halopsa } from './halopsa/selectors';
import { jira } from './jira/selectors';
import { kaseyaBms } from './kaseya-bms/selectors';
import { osticket } from './osticket/selectors';
import { redmine } from './redmine/selectors';
import { rt } from './rt/selectors';
import { servicenow } from './servicenow/selectors';
import { superops } from './superops/selectors';
import { syncro } from './syncro/selectors';
import { zammad } from './zammad/selectors';
import { zendesk } from './zendesk/selectors';

export type { SiteAdapter } from './types';

export const ADAPTERS: Readonly<Partial<Record<ToolId, SiteAdapter>>> = {
  atera,
  autotask,
  connectwise,
  freescout,
  freshdesk,
  freshservice,
  github,
  glpi,
  halopsa,
  jira,
  'kaseya-bms': kaseyaBms,
  osticket,
  redmine,
  rt,
  servicenow,
  superops,
  syncro,
  zammad,
  zendesk,
};

const FRAMED = Object.values(ADAPTERS).filter((a): a is SiteAdapter & Required<Pick<SiteAdapter, 'ticketFrame'>> => !!a?.ticketFrame);

// The API's limits for TicketRef.title and .status.
const TITLE_MAX = 500;
const STATUS_MAX = 100;

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Where the ticket is: the page itself, or a same-origin frame of it. A tool's frame wins over
 * the top URL because the frame is what is on screen; the top URL of such a shell can still
 * name the record it first opened (or a list) after the person moved on inside the frame.
 */
function locate(url: string, doc: Document): { ref: TicketRef; doc: Document } | null {
  const top = detectTicket(url, doc);
  const pageUrl = quietly(() => new URL(url));
  if (pageUrl) {
    for (const adapter of FRAMED) {
      const frame = quietly(() => adapter.ticketFrame(doc, pageUrl));
      if (!frame) continue;
      const inner = detectTicket(frame.url, frame.doc);
      if (!inner || inner.tool !== adapter.tool) continue;
      // Keep the top URL as the link when it names the same ticket: it opens with the app's navigation around it.
      const ref = top && ticketKey(top) === ticketKey(inner) ? top : inner;
      return { ref, doc: frame.doc };
    }
  }
  return top ? { ref: top, doc } : null;
}

/**
 * The ticket this page shows: identity from shared detection, then title and status read
 * through the tool's own selectors (best effort; a broken selector never hides the ticket).
 */
export function readTicketOnPage(url: string, doc: Document): TicketRef | null {
  const found = locate(url, doc);
  if (!found) return null;
  const { ref, doc: ticketDoc } = found;
  const adapter = ADAPTERS[ref.tool];
  const title = clean(quietly(() => adapter?.title?.(ticketDoc, ref)), TITLE_MAX);
  const status = clean(quietly(() => adapter?.status?.(ticketDoc, ref)), STATUS_MAX);
  return { ...ref, ...(title ? { title } : {}), ...(status ? { status } : {}) };
}
