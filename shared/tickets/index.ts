import type { TicketRef } from '../schemas/ticket';
import { ticketKey } from '../vocabulary';
import type { PageDocument, ToolDetector } from './types';
import { atera } from './tools/atera';
import { autotask } from './tools/autotask';
import { connectwise, connectwiseOnPremises } from './tools/connectwise';
import { freescout } from './tools/freescout';
import { freshdesk } from './tools/freshdesk';
import { freshservice } from './tools/freshservice';
import { github } from './tools/github';
import { glpi } from './tools/glpi';
import { halopsa } from './tools/halopsa';
import { jira, jiraDataCenter } from './tools/jira';
import { kaseyaBms } from './tools/kaseya-bms';
import { osticket } from './tools/osticket';
import { redmine } from './tools/redmine';
import { rt } from './tools/rt';
import { servicenow } from './tools/servicenow';
import { superops } from './tools/superops';
import { syncro } from './tools/syncro';
import { zammad } from './tools/zammad';
import { zendesk } from './tools/zendesk';

export type { PageDocument,   ToolDetector } from './types';
export { ticketKey };
export { compileCustomPattern, customTicketOf, detectCustomTicket, PATTERN_EXAMPLE, type CustomPattern } from './custom';

/**
 * The self-hosted tools, recognised on any host by their URL shapes and their pages' markup:
 * after the cloud tools in `DETECTORS`, and on their own in the extension's script for
 * self-hosted sites (which knows cloud tools by their hosts alone).
 */
export const SELF_HOSTED_DETECTORS: readonly ToolDetector[] = [zammad, rt, redmine, glpi, osticket, freescout, connectwiseOnPremises, jiraDataCenter];

/**
 * Every known tool, cloud tools first (their hosts are unambiguous), then self-hosted ones,
 * whose URL shapes could otherwise claim a cloud tool's page (Redmine's /issues/{n} on GitHub).
 * ConnectWise and Jira appear twice: their cloud hosts, then on-premises installs.
 */
export const DETECTORS: readonly ToolDetector[] = [
  connectwise,
  autotask,
  halopsa,
  zendesk,
  servicenow,
  jira,
  freshservice,
  freshdesk,
  syncro,
  kaseyaBms,
  superops,
  atera,
  github,
  ...SELF_HOSTED_DETECTORS,
];

function parse(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The ticket a page shows, or null. Identity comes from the URL, and from the page only
 * where the URL lacks it or (for self-hosted tools) to confirm the page is the tool's.
 */
export function detectTicket(url: string, doc?: PageDocument): TicketRef | null {
  return detectTicketWith(DETECTORS, url, doc);
}

/**
 * `detectTicket` with only some of the tools, in the order given: for the extension's script on
 * one cloud tool's pages, which carries that tool's detector alone.
 */
export function detectTicketWith(detectors: readonly ToolDetector[], url: string, doc?: PageDocument): TicketRef | null {
  const parsed = parse(url);
  if (!parsed) return null;
  for (const detector of detectors) {
    let identity = detector.fromUrl(parsed);
    if (!identity && doc && detector.fromDocument) identity = detector.fromDocument(parsed, doc);
    if (!identity) continue;
    // A self-hosted tool's URL shape is shared by other apps on other hosts: with a page to look
    // at, only its own markup makes it the tool's (a detector without a fingerprint never
    // claims a page). Without one (the Worker checking a key) the shape is all there is.
    if (detector.selfHosted && doc && !detector.fingerprint?.(doc)) continue;
    return {
      tool: detector.tool,
      tenant: identity.tenant,
      ticketId: identity.ticketId,
      url: parsed.href,
      observedAt: new Date().toISOString(),
    };
  }
  return null;
}

export function detectedKey(url: string, doc?: PageDocument): string | null {
  const ref = detectTicket(url, doc);
  return ref ? ticketKey(ref) : null;
}
