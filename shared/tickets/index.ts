import { ticketKey, type TicketRef } from '../schemas/ticket';
import type { PageDocument, ToolDetector } from './types';
import { rt } from './tools/rt';
import { zendesk } from './tools/zendesk';

export type { PageDocument, PageElement, TicketIdentity, ToolDetector } from './types';
export { ticketKey };

/** Every known tool, cloud tools first (their hosts are unambiguous). */
export const DETECTORS: readonly ToolDetector[] = [zendesk, rt];

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
  const parsed = parse(url);
  if (!parsed) return null;
  for (const detector of DETECTORS) {
    let identity = detector.fromUrl(parsed);
    if (!identity && doc && detector.fromDocument) identity = detector.fromDocument(parsed, doc);
    if (!identity) continue;
    if (detector.selfHosted && doc && detector.fingerprint && !detector.fingerprint(doc)) continue;
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
