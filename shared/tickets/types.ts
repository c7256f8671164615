import type { ToolId } from '../schemas/ticket';

/**
 * The little of a DOM document that detection reads. A browser `Document` fits; keeping
 * the shape here lets shared code compile without the DOM library (the Worker has none).
 */
interface PageElement {
  readonly id: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): PageElement | null;
}
export interface PageDocument {
  readonly body: PageElement | null;
  readonly title: string;
  querySelector(selectors: string): PageElement | null;
  /** Optional so minimal stand-ins stay valid; a browser `Document` always has it. */
  querySelectorAll?(selectors: string): ArrayLike<PageElement>;
}

/** The identity part of a TicketRef that detection establishes. */
export interface TicketIdentity {
  tenant: string;
  ticketId: string;
}

/**
 * How one ticket tool is recognised. Detection is pure: it reads the URL and, only where
 * a tool needs it, the document (a page fingerprint for self-hosted tools, or the id for
 * tools whose URL lacks it). It never reads quoted page text such as comments.
 */
export interface ToolDetector {
  tool: ToolId;
  /** Self-hosted tools run on any host, so their URL shape alone is not proof. */
  selfHosted: boolean;
  /** The ticket identity carried by the URL, or null when the URL is not one ticket. */
  fromUrl(url: URL): TicketIdentity | null;
  /**
   * For self-hosted tools: true when the document is this tool's page. Called only when a
   * document is available; without one, detection trusts the URL shape. A self-hosted detector
   * without it never claims a page it is given.
   */
  fingerprint?(doc: PageDocument): boolean;
  /** For tools whose URL may lack the id: read it from the page. */
  fromDocument?(url: URL, doc: PageDocument): TicketIdentity | null;
}

/** Lower-case host with a non-default port, the tenant of a self-hosted tool. */
export function hostTenant(url: URL): string {
  return url.host.toLowerCase();
}

/**
 * Tenant of a self-hosted tool that its vendor also hosts: on the vendor's hosting domain the
 * customer's own label, as for any cloud tool (DESIGN §7: `acme` for acme.zammad.com, also when
 * the vendor puts a cluster label after it, acme.fr36.glpi-network.cloud); elsewhere the host.
 */
export function selfHostedTenant(url: URL, hostedBy: string): string {
  const host = url.hostname.toLowerCase();
  return host.endsWith(`.${hostedBy}`) ? host.slice(0, host.indexOf('.')) : hostTenant(url);
}

/** First DNS label of a host under `suffix` (e.g. `acme` for acme.zendesk.com), or null. */
export function subdomainOf(url: URL, suffix: string): string | null {
  const host = url.hostname.toLowerCase();
  if (!host.endsWith(`.${suffix}`)) return null;
  const sub = host.slice(0, -(suffix.length + 1));
  return /^[a-z0-9-]+$/.test(sub) ? sub : null;
}

/**
 * A query parameter matched case-insensitively by name, for tools on ASP.NET, which ignores
 * the case of parameter names (links in the wild spell `ticketId`, `TicketId`, `TicketID`).
 */
export function queryParam(url: URL, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === wanted) return value;
  }
  return null;
}

/** A positive decimal id without leading zeros (`0001234` → `1234`), or null. */
export function positiveId(value: string | null | undefined): string | null {
  if (!value || !/^\d{1,30}$/.test(value)) return null;
  const id = value.replace(/^0+/, '');
  return id === '' ? null : id;
}
