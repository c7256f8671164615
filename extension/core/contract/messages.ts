import { browser } from 'wxt/browser';
import type { StewardClient } from '../../../shared/api/client';
import type { AnnotationCreate, Member, ProviderCompany, ProviderInbox, ReadField, Taxonomy, TicketFacts, TicketRef, ToolId, Workspace } from '../../../shared/schemas';
import { MessageError } from './errors';
import type { AnnotationChange, OutboxEntry, Resolution } from './outbox-entry';
import type { PolicyView } from './policy';
import type { TicketCache } from './storage-keys';

/** What the extension knows of its connection, as pages may see it (no token). */
export type ConnectionState =
  | { status: 'disconnected' }
  | { status: 'connected'; id: string; workerUrl: string; member: Member; workspace: Workspace }
  | { status: 'revoked'; id: string; workerUrl: string; member: Member; workspace: Workspace };
export type SignedIn = Exclude<ConnectionState, { status: 'disconnected' }>;

/** Every workspace this browser is signed in to, the active one first. */
export interface ConnectionList {
  activeId: string | null;
  items: SignedIn[];
}

/**
 * What a ticket page shows beyond identity, title and status (those stay on the TicketRef, which
 * a tag carries as it was when tagged): read by the site adapter, best effort. `found` lists
 * every field the adapter found on the page, title and status included, for reading health.
 */
export interface PageFacts {
  /** ISO 8601, when the tool says the ticket was opened / last changed. */
  createdAt?: string;
  updatedAt?: string;
  /** The assignee's display name, and the tool's own priority word, as shown. */
  assignee?: string;
  priority?: string;
  found: ReadField[];
}

/** Why what is shown may be stale (offline, sign-in revoked, server error). */
export interface Notice {
  kind: 'offline' | 'revoked' | 'error';
  message: string;
}

export interface TicketView {
  ticket: TicketRef | null;
  cache: TicketCache | null;
  pending: OutboxEntry[];
  connection: ConnectionState;
  /** The other workspaces signed in to, for the switcher. */
  connections: ConnectionList;
  /** The workspace's pick-lists for the tag form (cached; empty when not connected). */
  taxonomy: Taxonomy;
  /**
   * The provider companies an item may be shared with (cached like the taxonomy); null when
   * they could not be loaded yet, or the member shares nothing (a provider).
   */
  providerCompanies: ProviderCompany[] | null;
  notice?: Notice;
}

/** What the ticket tool says about one ticket, as Steward last heard it (the side panel shows it under the title). */
export interface FactsView {
  /** Null when the Worker knows nothing about the ticket yet (or was never asked: `fetchedAt` null). */
  facts: TicketFacts | null;
  fetchedAt: string | null;
  /** Why `facts` may be stale: offline, sign-in revoked, the Worker refused. */
  notice?: Notice;
}

/** One workspace's part of a provider's inbox: what it shared, as last fetched. */
export interface InboxGroup {
  connection: SignedIn;
  /** Null until it was fetched once. */
  inbox: ProviderInbox | null;
  fetchedAt: string | null;
  notice?: Notice;
}

export interface InboxView {
  groups: InboxGroup[];
  /** Answers not yet confirmed by the Worker (or refused), for those workspaces. */
  pending: OutboxEntry[];
  connections: ConnectionList;
}

/**
 * The one message contract between pages/content scripts and the background. Each key is
 * a request type; `req` is its payload, `res` what the background answers.
 */
export interface Protocol {
  /** `done`: the ticket's status word, echoed when it means the tool considers the work done (resolved or closed). */
  'ticket:seen': { req: { ticket: TicketRef | null; facts?: PageFacts }; res: { connection: ConnectionState['status']; done?: string } };
  /** The script on self-hosted and enabled sites needs this tool's readers (on a cloud tool's host, its detection too): run them in its frame. */
  'ticket:readers': { req: { tool: ToolId }; res: { tool: ToolId } };
  'ticket:forTab': { req: { tabId: number }; res: TicketRef | null };
  'ticket:view': { req: { ticket: TicketRef | null; refresh: boolean }; res: TicketView };
  /** The ticket's facts and status history from the Worker, for the active workspace (cached; `refresh` asks the Worker). */
  'ticket:facts': { req: { ticket: TicketRef; refresh: boolean }; res: FactsView };
  /** A new tag, for the workspace the page shows (default: the active one). */
  'annotation:save': { req: { body: AnnotationCreate; connectionId?: string }; res: { queued: OutboxEntry } };
  /** An edit, deletion, note or provider's answer on a tag: queued in the outbox first (null: nothing left to send). */
  'annotation:change': { req: { change: AnnotationChange; connectionId?: string }; res: { queued: OutboxEntry | null } };
  /** The user's choice for a change Steward refused (keep mine, use theirs, discard…). */
  'outbox:resolve': { req: { entryId: string; resolution: Resolution }; res: { queued: OutboxEntry | null } };
  'outbox:flush': { req: Record<string, never>; res: { pending: number } };
  'connection:get': { req: Record<string, never>; res: ConnectionState };
  'connection:connect': { req: { workerUrl: string; code: string }; res: ConnectionState };
  /** Sign-in with the company account (OpenID Connect) in the browser's sign-in window. */
  'connection:company': { req: { workerUrl: string; workspaceId: string }; res: ConnectionState };
  /** The company's policy for Steward, checked, with which of its sites Steward runs on now. */
  'policy:get': { req: Record<string, never>; res: PolicyView };
  /** After the page got the hosts of a policy site: run Steward on every policy site the browser grants. */
  'policy:sites': { req: Record<string, never>; res: PolicyView };
  /** After the page got a cloud tool's hosts: register the ticket script there and run it in open tabs. */
  'tool:enable': { req: { tool: string }; res: { tool: string; injectedTabs: number } };
  'tool:disable': { req: { tool: string }; res: { tool: string } };
  /** Signs out of one workspace (default: the active one); answers the active connection afterwards. */
  'connection:disconnect': { req: { id?: string }; res: ConnectionState };
  'connection:list': { req: Record<string, never>; res: ConnectionList };
  /** Makes another signed-in workspace the active one. */
  'connection:switch': { req: { id: string }; res: ConnectionState };
  /** A provider's inbox: the active workspace's, or every signed-in workspace's where they are a provider. */
  'provider:inbox': { req: { scope: 'active' | 'all'; refresh: boolean }; res: InboxView };
  'sidepanel:open': { req: Record<string, never>; res: { opened: boolean } };
  'options:open': { req: Record<string, never>; res: Record<string, never> };
  /** A call to the Worker's API on the user's behalf (see `callApi`). */
  api: { req: { call: ApiCall; connectionId?: string }; res: unknown };
  /** After the page got the host permission: register the ticket script there and run it in open tabs. */
  'site:enable': { req: { origin: string }; res: { origin: string; injectedTabs: number } };
  /** Unregister the ticket script, take the badge off open tabs, give the host permission back. */
  'site:disable': { req: { origin: string }; res: { origin: string } };
}
export type MessageType = keyof Protocol;

/**
 * API calls pages may make through the background (which holds the token): any method of
 * the typed client but the sign-in ones, with its own argument and result types.
 */
export type ApiMethod = Exclude<keyof StewardClient, 'health' | 'redeem' | 'signOut' | 'startOidcSignIn' | 'finishOidcSignIn'>;
type ApiCall = { [K in ApiMethod]: { method: K; args: Parameters<StewardClient[K]> } }[ApiMethod];

/** Calls the Worker through the background; errors arrive as MessageError with `fields`. */
export function callApi<K extends ApiMethod>(method: K, ...args: Parameters<StewardClient[K]>): Promise<Awaited<ReturnType<StewardClient[K]>>> {
  return callApiOn(undefined, method, ...args);
}

/** `callApi` against one signed-in workspace, whichever is active (a provider's inbox shows several). */
export async function callApiOn<K extends ApiMethod>(connectionId: string | undefined, method: K, ...args: Parameters<StewardClient[K]>): Promise<Awaited<ReturnType<StewardClient[K]>>> {
  // Chrome's messaging turns `undefined` into `null`; trailing optional arguments are dropped
  // so the client sees them as absent, as the caller meant.
  const trimmed = [...args];
  while (trimmed.length && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
  const call = { method, args: trimmed } as unknown as ApiCall;
  return (await send('api', connectionId ? { call, connectionId } : { call })) as Awaited<ReturnType<StewardClient[K]>>;
}

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: Protocol[K]['req'];
}

/** A failure the background reports back; thrown again on the caller's side. */
export interface WireError {
  __stewardError: true;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

/** How the background sends a failure back (see `send`, which throws it again). */
export const toWireError = (e: MessageError): WireError => ({ __stewardError: true, code: e.code, message: e.message, fields: e.fields });

function isWireError(value: unknown): value is WireError {
  return (value as Partial<WireError> | null | undefined)?.__stewardError === true;
}

/** Sends a typed request to the background and returns its typed answer. */
export async function send<K extends MessageType>(type: K, payload: Protocol[K]['req']): Promise<Protocol[K]['res']> {
  const answer: unknown = await browser.runtime.sendMessage({ type, payload } satisfies Envelope<K>);
  if (isWireError(answer)) throw new MessageError(answer.code, answer.message, answer.fields);
  return answer as Protocol[K]['res'];
}

/** Pushed by the background to content scripts of ticket tabs. */
export type TabNotice =
  | { type: 'connection:changed'; connection: ConnectionState['status'] }
  /** The user turned Steward off for this site: the badge leaves the page now, not at the next reload. */
  | { type: 'site:disabled' };

export type Handlers = {
  [K in MessageType]: (payload: Protocol[K]['req'], sender: { tabId?: number; frameId?: number }) => Promise<Protocol[K]['res']>;
};
