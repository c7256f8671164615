import * as v from 'valibot';
import {
  AnnotationDetailSchema, AnnotationListSchema, AnnotationSchema, AnnotationUpdateSchema, ApiErrorBodySchema, AuditListSchema,
  InviteCreatedSchema, InviteListSchema, KpiReadingSchema, KpiSchema, MeResponseSchema, MemberListSchema, MemberSchema,
  OidcSettingsAnswerSchema, OidcStartedSchema, ProviderCompanyListSchema, ProviderInboxSchema, ProviderLinkCreatedSchema, ProviderLinkStatusSchema,
  ObservationResultSchema, ReadingHealthSchema, RecipientListSchema, RedeemResponseSchema, TicketFactsAnswerSchema, ReportListSchema, ReportPreviewSchema, ReportSentSchema, ReportSummarySchema,
  StakeholderSchema, TaxonomySchema, TermSchema, WorkspaceSchema,
  type Annotation, type AnnotationCreate, type AnnotationListQuery, type AnnotationPatch, type AnnotationUpdateCreate,
  type InviteCreate, type OidcSettingsInput, type ReissueSignIn, type KpiCreate, type KpiReadingCreate, type KpiUpdate, type MemberPatch, type StakeholderCreate,
  type EvidenceChange, type InitiativeAnswerCreate, type InitiativeCreate, type InitiativePatch, type InitiativeState,
  InitiativeDetailSchema, InitiativeEventSchema, InitiativeListSchema, InitiativeSchema, InitiativeSettingsAnswerSchema,
  type ExportTable, type StakeholderUpdate, type TermCreate, type TermUpdate, type TicketObservation, type WorkspacePatch,
  ConnectionCheckSchema, ConnectionListSchema, ConnectionSavedSchema, ConnectionTestSchema, type ConnectionCreate, type ConnectionPatch,
  MeetingSavedSchema, type MeetingSettingsPatch,
  ActionItemListSchema, ActionItemSchema, ActionOwnerChoicesSchema, MeetingListSchema, MeetingSchema, MinutesSentSchema,
  type ActionItemAnswerCreate, type ActionItemCreate, type ActionItemPatch, type DecisionSave, type MinutesCorrection,
} from '../schemas';

export type ExportFormat = 'json' | 'csv';
export type { ExportTable } from '../schemas';

/** The Worker answered with an error body (`{ error: { code, message, fields? } }`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** On a 409 from PATCH: the annotation as it is now on the server. */
    readonly current?: Annotation,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** The Worker could not be reached at all (offline, wrong address, server down). */
export class NetworkError extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`Could not reach Steward at ${url}. Check your connection; your work is kept and will be sent when it is back.`);
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What one call sends: values for the path's `{name}` parts, a query string, a JSON body. */
interface Sent {
  params?: Record<string, string>;
  query?: Record<string, string | number | null | undefined>;
  body?: unknown;
}

/** A JSON answer checked against a schema, or `text`: a file or page returned as it came. */
type Answer = v.GenericSchema | 'text';
type AnswerOf<S extends Answer> = S extends v.GenericSchema ? v.InferOutput<S> : string;

/** One method of the client: the Worker route it calls and how its arguments become the request. */
export interface ApiCallSpec<S extends Answer = Answer, A extends unknown[] = never> {
  method: HttpMethod;
  /** The route as the Worker documents it in openapi.json, `{name}` marking a path parameter. */
  path: string;
  /** Path parameters limited to a few fixed values, each of which is its own route on the Worker. */
  oneOf?: Record<string, readonly string[]>;
  answer: S;
  send?: (...args: A) => Sent;
}

function spec<const S extends Answer, A extends unknown[] = []>(s: ApiCallSpec<S, A>): ApiCallSpec<S, A> {
  return s;
}

/** The two taxonomy lists that share one shape (and one pair of client methods). */
const TERM_LISTS = ['lines-of-business', 'impact-kinds'] as const;
export type TermList = (typeof TERM_LISTS)[number];

const none = v.undefined();
const TimelineSchema = v.object({ items: v.array(AnnotationUpdateSchema) });
const ReadingListSchema = v.object({ items: v.array(KpiReadingSchema) });

/**
 * Every call the client can make, one entry per method. The methods are built from this
 * table, and tests/worker/contract.test.ts holds it to the Worker's documented routes (each
 * entry has a route, each route an entry or a stated reason) and calls each against the Worker.
 */
export const API_CALLS = {
  health: spec({ method: 'GET', path: '/healthz', answer: v.object({ ok: v.literal(true) }) }),
  redeem: spec({ method: 'POST', path: '/api/v1/auth/redeem', answer: RedeemResponseSchema, send: (code: string) => ({ body: { code } }) }),
  signOut: spec({ method: 'POST', path: '/api/v1/auth/signout', answer: none }),
  me: spec({ method: 'GET', path: '/api/v1/me', answer: MeResponseSchema }),

  workspace: spec({ method: 'GET', path: '/api/v1/workspace', answer: WorkspaceSchema }),
  updateWorkspace: spec({ method: 'PATCH', path: '/api/v1/workspace', answer: WorkspaceSchema, send: (patch: WorkspacePatch) => ({ body: patch }) }),
  deleteWorkspace: spec({ method: 'DELETE', path: '/api/v1/workspace', answer: none, send: (confirm: string) => ({ body: { confirm } }) }),
  audit: spec({
    method: 'GET', path: '/api/v1/audit', answer: AuditListSchema,
    send: (page: { limit?: number; cursor?: string } = {}) => ({ query: page }),
  }),
  /** The whole workspace as JSON text, or one table as CSV text, for the admin to save as a file. */
  exportWorkspace: spec({
    method: 'GET', path: '/api/v1/export', answer: 'text',
    send: (format: ExportFormat = 'json', table?: ExportTable) => ({ query: { format, table: format === 'csv' ? table : undefined } }),
  }),

  members: spec({ method: 'GET', path: '/api/v1/members', answer: MemberListSchema }),
  updateMember: spec({
    method: 'PATCH', path: '/api/v1/members/{id}', answer: MemberSchema,
    send: (memberId: string, patch: MemberPatch) => ({ params: { id: memberId }, body: patch }),
  }),
  removeMember: spec({ method: 'DELETE', path: '/api/v1/members/{id}', answer: none, send: (memberId: string) => ({ params: { id: memberId } }) }),
  /** A new single-use code that signs in the same member (a new or lost laptop); shown once. */
  reissueSignIn: spec({
    method: 'POST', path: '/api/v1/members/{id}/sign-in', answer: InviteCreatedSchema,
    send: (memberId: string, opts: ReissueSignIn = {}) => ({ params: { id: memberId }, body: opts }),
  }),
  /** The workspace's company sign-in (OpenID Connect), or `settings: null` (admins). */
  oidcSettings: spec({ method: 'GET', path: '/api/v1/sign-in/oidc', answer: OidcSettingsAnswerSchema }),
  saveOidcSettings: spec({ method: 'POST', path: '/api/v1/sign-in/oidc', answer: OidcSettingsAnswerSchema, send: (body: OidcSettingsInput) => ({ body }) }),
  removeOidcSettings: spec({ method: 'DELETE', path: '/api/v1/sign-in/oidc', answer: none }),
  /** Sign-in with the company account, step one: the identity provider's address to open. */
  startOidcSignIn: spec({
    method: 'POST', path: '/api/v1/auth/oidc/start', answer: OidcStartedSchema,
    send: (workspaceId: string, redirectUri: string) => ({ body: { workspaceId, redirectUri } }),
  }),
  /** Step two: the code the identity provider sent back, for a token (as `redeem` answers). */
  finishOidcSignIn: spec({
    method: 'POST', path: '/api/v1/auth/oidc/finish', answer: RedeemResponseSchema, send: (state: string, code: string) => ({ body: { state, code } }),
  }),
  /** Whether a provider member has a live web-view link (admins). */
  providerLinkStatus: spec({
    method: 'GET', path: '/api/v1/members/{id}/provider-link', answer: ProviderLinkStatusSchema, send: (memberId: string) => ({ params: { id: memberId } }),
  }),
  /** Makes (or replaces) a provider member's web-view link; the address is returned only here. */
  createProviderLink: spec({
    method: 'POST', path: '/api/v1/members/{id}/provider-link', answer: ProviderLinkCreatedSchema, send: (memberId: string) => ({ params: { id: memberId } }),
  }),
  revokeProviderLink: spec({
    method: 'DELETE', path: '/api/v1/members/{id}/provider-link', answer: none, send: (memberId: string) => ({ params: { id: memberId } }),
  }),
  /** The workspace's provider companies, to choose whom an item is shared with (staff, admins). */
  providerCompanies: spec({ method: 'GET', path: '/api/v1/provider/companies', answer: ProviderCompanyListSchema }),
  /** A provider member's inbox: what the client shared with their company, waiting items first. */
  providerInbox: spec({ method: 'GET', path: '/api/v1/provider/inbox', answer: ProviderInboxSchema }),
  invites: spec({ method: 'GET', path: '/api/v1/invites', answer: InviteListSchema }),
  createInvite: spec({ method: 'POST', path: '/api/v1/invites', answer: InviteCreatedSchema, send: (body: InviteCreate) => ({ body }) }),
  revokeInvite: spec({ method: 'DELETE', path: '/api/v1/invites/{id}', answer: none, send: (inviteId: string) => ({ params: { id: inviteId } }) }),

  taxonomy: spec({ method: 'GET', path: '/api/v1/taxonomy', answer: TaxonomySchema }),
  addTerm: spec({
    method: 'POST', path: '/api/v1/taxonomy/{list}', oneOf: { list: TERM_LISTS }, answer: TermSchema,
    send: (list: TermList, body: TermCreate) => ({ params: { list }, body }),
  }),
  updateTerm: spec({
    method: 'PATCH', path: '/api/v1/taxonomy/{list}/{id}', oneOf: { list: TERM_LISTS }, answer: TermSchema,
    send: (list: TermList, termId: string, body: TermUpdate) => ({ params: { list, id: termId }, body }),
  }),
  addStakeholder: spec({ method: 'POST', path: '/api/v1/taxonomy/stakeholders', answer: StakeholderSchema, send: (body: StakeholderCreate) => ({ body }) }),
  updateStakeholder: spec({
    method: 'PATCH', path: '/api/v1/taxonomy/stakeholders/{id}', answer: StakeholderSchema,
    send: (stakeholderId: string, body: StakeholderUpdate) => ({ params: { id: stakeholderId }, body }),
  }),
  addKpi: spec({ method: 'POST', path: '/api/v1/taxonomy/kpis', answer: KpiSchema, send: (body: KpiCreate) => ({ body }) }),
  updateKpi: spec({
    method: 'PATCH', path: '/api/v1/taxonomy/kpis/{id}', answer: KpiSchema, send: (kpiId: string, body: KpiUpdate) => ({ params: { id: kpiId }, body }),
  }),
  addKpiReading: spec({
    method: 'POST', path: '/api/v1/taxonomy/kpis/{id}/readings', answer: KpiReadingSchema,
    send: (kpiId: string, body: KpiReadingCreate) => ({ params: { id: kpiId }, body }),
  }),
  /** A KPI's readings, newest first. */
  kpiReadings: spec({ method: 'GET', path: '/api/v1/taxonomy/kpis/{id}/readings', answer: ReadingListSchema, send: (kpiId: string) => ({ params: { id: kpiId } }) }),

  createAnnotation: spec({ method: 'POST', path: '/api/v1/annotations', answer: AnnotationSchema, send: (body: AnnotationCreate) => ({ body }) }),
  listAnnotations: spec({
    method: 'GET', path: '/api/v1/annotations', answer: AnnotationListSchema,
    send: (filter: Partial<AnnotationListQuery> = {}) => ({ query: filter as Record<string, string | number | undefined> }),
  }),
  getAnnotation: spec({ method: 'GET', path: '/api/v1/annotations/{id}', answer: AnnotationDetailSchema, send: (annotationId: string) => ({ params: { id: annotationId } }) }),
  patchAnnotation: spec({
    method: 'PATCH', path: '/api/v1/annotations/{id}', answer: AnnotationSchema,
    send: (annotationId: string, patch: AnnotationPatch) => ({ params: { id: annotationId }, body: patch }),
  }),
  deleteAnnotation: spec({ method: 'DELETE', path: '/api/v1/annotations/{id}', answer: none, send: (annotationId: string) => ({ params: { id: annotationId } }) }),
  addUpdate: spec({
    method: 'POST', path: '/api/v1/annotations/{id}/updates', answer: AnnotationUpdateSchema,
    send: (annotationId: string, body: AnnotationUpdateCreate) => ({ params: { id: annotationId }, body }),
  }),
  /** An annotation's timeline alone, oldest first (`getAnnotation` has it too, with the annotation). */
  timeline: spec({ method: 'GET', path: '/api/v1/annotations/{id}/updates', answer: TimelineSchema, send: (annotationId: string) => ({ params: { id: annotationId } }) }),

  /** What browsers read on tagged tickets' pages (at most 100); each refused item says why, the rest are kept. */
  sendObservations: spec({
    method: 'POST', path: '/api/v1/tickets/observations', answer: ObservationResultSchema,
    send: (observations: TicketObservation[]) => ({ body: { observations } }),
  }),
  /** What the ticket tool says about one tagged ticket, with its history; `ticket: null` when nothing is known yet. */
  ticketFacts: spec({ method: 'GET', path: '/api/v1/tickets/facts', answer: TicketFactsAnswerSchema, send: (key: string) => ({ query: { key } }) }),
  /** Per tool, how often title and status were found on its pages over the last 30 days (staff, admins). */
  readingHealth: spec({ method: 'GET', path: '/api/v1/tickets/reading-health', answer: ReadingHealthSchema }),

  /** Initiatives you may see, with the workspace's currency; by state, or those a ticket's tags are evidence for. */
  initiatives: spec({
    method: 'GET', path: '/api/v1/initiatives', answer: InitiativeListSchema,
    send: (filter: { state?: InitiativeState; ticket?: string } = {}) => ({ query: filter }),
  }),
  createInitiative: spec({ method: 'POST', path: '/api/v1/initiatives', answer: InitiativeSchema, send: (body: InitiativeCreate) => ({ body }) }),
  initiative: spec({ method: 'GET', path: '/api/v1/initiatives/{id}', answer: InitiativeDetailSchema, send: (initiativeId: string) => ({ params: { id: initiativeId } }) }),
  updateInitiative: spec({
    method: 'PATCH', path: '/api/v1/initiatives/{id}', answer: InitiativeSchema,
    send: (initiativeId: string, patch: InitiativePatch) => ({ params: { id: initiativeId }, body: patch }),
  }),
  /** Links tags to an initiative as evidence, or unlinks them. */
  changeEvidence: spec({
    method: 'POST', path: '/api/v1/initiatives/{id}/evidence', answer: InitiativeSchema,
    send: (initiativeId: string, change: EvidenceChange) => ({ params: { id: initiativeId }, body: change }),
  }),
  /** The delivering provider's answer: status, expected date, plan. */
  answerInitiative: spec({
    method: 'POST', path: '/api/v1/initiatives/{id}/answers', answer: InitiativeEventSchema,
    send: (initiativeId: string, body: InitiativeAnswerCreate) => ({ params: { id: initiativeId }, body }),
  }),
  /** Admins: a proposed or rejected initiative that was never approved (one that was: 409, reject or close it instead). */
  deleteInitiative: spec({ method: 'DELETE', path: '/api/v1/initiatives/{id}', answer: none, send: (initiativeId: string) => ({ params: { id: initiativeId } }) }),
  updateInitiativeSettings: spec({
    method: 'PATCH', path: '/api/v1/initiatives/settings', answer: InitiativeSettingsAnswerSchema, send: (currency: string) => ({ body: { currency } }),
  }),

  /** Connections to ticket tools' APIs (admins); credentials come back only as "…last 4". */
  connections: spec({ method: 'GET', path: '/api/v1/connections', answer: ConnectionListSchema }),
  createConnection: spec({ method: 'POST', path: '/api/v1/connections', answer: ConnectionSavedSchema, send: (body: ConnectionCreate) => ({ body }) }),
  updateConnection: spec({
    method: 'PATCH', path: '/api/v1/connections/{id}', answer: ConnectionSavedSchema,
    send: (connectionId: string, patch: ConnectionPatch) => ({ params: { id: connectionId }, body: patch }),
  }),
  deleteConnection: spec({ method: 'DELETE', path: '/api/v1/connections/{id}', answer: none, send: (connectionId: string) => ({ params: { id: connectionId } }) }),
  /** One real call to the tool, answered in words ("Found ticket #12 'Printer jam' — open"). */
  testConnection: spec({ method: 'POST', path: '/api/v1/connections/{id}/test', answer: ConnectionTestSchema, send: (connectionId: string) => ({ params: { id: connectionId } }) }),
  /** Reads the tagged tickets from the tool now. */
  checkConnection: spec({ method: 'POST', path: '/api/v1/connections/{id}/check', answer: ConnectionCheckSchema, send: (connectionId: string) => ({ params: { id: connectionId } }) }),

  /** The dialogue meeting (admins and staff read it); saving sends invitations, updates or cancellations. */
  meeting: spec({ method: 'GET', path: '/api/v1/meeting', answer: MeetingSavedSchema }),
  updateMeeting: spec({ method: 'PATCH', path: '/api/v1/meeting', answer: MeetingSavedSchema, send: (patch: MeetingSettingsPatch) => ({ body: patch }) }),
  /** Held meetings, newest first (admins, staff). */
  meetings: spec({ method: 'GET', path: '/api/v1/meetings', answer: MeetingListSchema }),
  /** Starts the meeting on a report's agenda (default: the latest sent report), or resumes the open one. */
  startMeeting: spec({ method: 'POST', path: '/api/v1/meetings', answer: MeetingSchema, send: (reportId?: string) => ({ body: reportId ? { reportId } : {} }) }),
  /** Whom an action item can be given to: members (names only), provider companies, executives who receive the report. */
  actionOwners: spec({ method: 'GET', path: '/api/v1/meetings/owners', answer: ActionOwnerChoicesSchema }),
  heldMeeting: spec({ method: 'GET', path: '/api/v1/meetings/{id}', answer: MeetingSchema, send: (meetingId: string) => ({ params: { id: meetingId } }) }),
  /** Records (or replaces; empty text removes) the decision on one agenda item. */
  saveDecision: spec({
    method: 'POST', path: '/api/v1/meetings/{id}/decisions', answer: MeetingSchema,
    send: (meetingId: string, body: DecisionSave) => ({ params: { id: meetingId }, body }),
  }),
  /** Adds an item raised during the meeting to its agenda. */
  addAgendaItem: spec({
    method: 'POST', path: '/api/v1/meetings/{id}/agenda', answer: MeetingSchema,
    send: (meetingId: string, title: string, id?: string) => ({ params: { id: meetingId }, body: id ? { id, title } : { title } }),
  }),
  addActionItem: spec({
    method: 'POST', path: '/api/v1/meetings/{id}/action-items', answer: ActionItemSchema,
    send: (meetingId: string, body: ActionItemCreate) => ({ params: { id: meetingId }, body }),
  }),
  updateActionItem: spec({
    method: 'PATCH', path: '/api/v1/action-items/{id}', answer: ActionItemSchema,
    send: (actionItemId: string, patch: ActionItemPatch) => ({ params: { id: actionItemId }, body: patch }),
  }),
  /** Closes the meeting and emails the minutes to the attendees. */
  closeMeeting: spec({ method: 'POST', path: '/api/v1/meetings/{id}/close', answer: MinutesSentSchema, send: (meetingId: string) => ({ params: { id: meetingId } }) }),
  /** Changes sent minutes: the corrected minutes, saying what changed, go to the attendees. */
  correctMinutes: spec({
    method: 'POST', path: '/api/v1/meetings/{id}/corrections', answer: MinutesSentSchema,
    send: (meetingId: string, body: MinutesCorrection) => ({ params: { id: meetingId }, body }),
  }),
  /** Action items the caller's provider company owns (provider members), open first. */
  providerActionItems: spec({ method: 'GET', path: '/api/v1/provider/action-items', answer: ActionItemListSchema }),
  /** The owning provider's answer on an action item; `done` marks it done. */
  answerActionItem: spec({
    method: 'POST', path: '/api/v1/action-items/{id}/answers', answer: ActionItemSchema,
    send: (actionItemId: string, body: ActionItemAnswerCreate) => ({ params: { id: actionItemId }, body }),
  }),

  reports: spec({ method: 'GET', path: '/api/v1/reports', answer: ReportListSchema }),
  report: spec({ method: 'GET', path: '/api/v1/reports/{id}', answer: ReportSummarySchema, send: (reportId: string) => ({ params: { id: reportId } }) }),
  /** The report for the period containing `date` (default: the one in progress), not stored or sent. */
  previewReport: spec({ method: 'GET', path: '/api/v1/reports/preview', answer: ReportPreviewSchema, send: (date?: string) => ({ query: { date } }) }),
  /** Sends the last completed period's report (or `date`'s) to every recipient not yet sent. */
  sendReport: spec({ method: 'POST', path: '/api/v1/reports/send', answer: ReportSentSchema, send: (date?: string) => ({ body: date ? { date } : {} }) }),
  recipients: spec({ method: 'GET', path: '/api/v1/report-recipients', answer: RecipientListSchema }),
  addRecipient: spec({
    method: 'POST', path: '/api/v1/report-recipients', answer: RecipientListSchema,
    send: (email: string, name?: string) => ({ body: { email, ...(name ? { name } : {}) } }),
  }),
  removeRecipient: spec({ method: 'DELETE', path: '/api/v1/report-recipients/{id}', answer: none, send: (recipientId: string) => ({ params: { id: recipientId } }) }),
  /** One stored report as its web page (HTML text), for the admin's archive. */
  reportPage: spec({ method: 'GET', path: '/api/v1/reports/{id}/view', answer: 'text', send: (reportId: string) => ({ params: { id: reportId } }) }),
};

export type ApiCallName = keyof typeof API_CALLS;

type ClientOf<T> = { [K in keyof T]: T[K] extends ApiCallSpec<infer S, infer A> ? (...args: A) => Promise<AnswerOf<S>> : never };

/** The route a call's arguments make: path parameters filled in (escaped), the query string added. */
function pathOf(call: Pick<ApiCallSpec, 'path'>, sent: Sent): string {
  const path = call.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = sent.params?.[name];
    if (value === undefined) throw new Error(`${call.path} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
  const q = new URLSearchParams();
  for (const [k, val] of Object.entries(sent.query ?? {})) if (val !== undefined && val !== null) q.set(k, String(val));
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The typed API client both sides agree on: requests are built from the shared schemas'
 * types and responses are checked against them, so a renamed field fails loudly.
 */
export function createClient(options: ClientOptions): ClientOf<typeof API_CALLS> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request(schema: v.GenericSchema, method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${base}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new NetworkError(base, err);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered with something that is not Steward's API (HTTP ${res.status}). Check the Worker address.`);
    }
    if (!res.ok) {
      const parsed = v.safeParse(ApiErrorBodySchema, data);
      if (parsed.success) {
        const e = parsed.output.error;
        const current = v.safeParse(AnnotationSchema, (data as { error: { current?: unknown } }).error.current);
        throw new ApiRequestError(res.status, e.code, e.message, e.fields, current.success ? current.output : undefined);
      }
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered HTTP ${res.status}.`);
    }
    if (res.status === 204) return undefined;
    const parsed = v.safeParse(schema, data);
    if (!parsed.success) {
      throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered in a shape this extension does not understand. Update the extension or the Worker.`);
    }
    return parsed.output;
  }

  /** Like `request`, but the body is returned as text unchecked (exports are files, not API objects). */
  async function requestText(method: string, path: string): Promise<string> {
    const url = `${base}${path}`;
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let res: Response;
    try {
      res = await doFetch(url, { method, headers });
    } catch (err) {
      throw new NetworkError(base, err);
    }
    const text = await res.text();
    if (res.ok) return text;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {}
    const parsed = v.safeParse(ApiErrorBodySchema, data);
    if (parsed.success) throw new ApiRequestError(res.status, parsed.output.error.code, parsed.output.error.message, parsed.output.error.fields);
    throw new ApiRequestError(res.status, 'bad_response', `Steward at ${base} answered HTTP ${res.status}.`);
  }

  const client: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, call] of Object.entries(API_CALLS) as [string, ApiCallSpec<Answer, unknown[]>][]) {
    client[name] = (...args: unknown[]) => {
      const sent = call.send?.(...args) ?? {};
      const path = pathOf(call, sent);
      return call.answer === 'text' ? requestText(call.method, path) : request(call.answer, call.method, path, sent.body);
    };
  }
  return client as ClientOf<typeof API_CALLS>;
}

export type StewardClient = ReturnType<typeof createClient>;
