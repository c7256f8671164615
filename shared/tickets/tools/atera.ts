import { hostTenant, positiveId, type ToolDetector } from '../types';

// Atera: https://app.atera.com/new/ticket/{id}; the older app routed in the hash,
// https://app.atera.com/Admin#/ticket/{id}.
//
// Tenant: the lower-case host. Every customer uses app.atera.com and the account is chosen at
// sign-in, never in the URL; ticket ids are unique within an account.
const HOST = 'app.atera.com';
const TICKET_PATH = /^\/new\/ticket\/(\d+)\/?$/i;
const LEGACY_ROUTE = /^#\/ticket\/(\d+)(?:\/.*)?$/i;

export const atera: ToolDetector = {
  tool: 'atera',
  selfHosted: false,
  fromUrl(url) {
    if (url.hostname.toLowerCase() !== HOST) return null;
    const raw = TICKET_PATH.exec(url.pathname)?.[1] ?? (/^\/Admin\/?$/i.test(url.pathname) ? LEGACY_ROUTE.exec(url.hash)?.[1] : undefined);
    const id = positiveId(raw);
    return id ? { tenant: hostTenant(url), ticketId: id } : null;
  },
};
