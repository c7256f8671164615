import * as v from 'valibot';
import {
  AnnotationDetailSchema, AnnotationListSchema, AnnotationSchema, AnnotationUpdateSchema, ApiErrorBodySchema, AuditListSchema,
  InviteCreatedSchema, InviteListSchema, KpiReadingSchema, KpiSchema, MeResponseSchema, MemberListSchema, MemberSchema,
  ProviderCompanyListSchema, ProviderInboxSchema, ProviderLinkCreatedSchema, ProviderLinkStatusSchema,
  RecipientListSchema, RedeemResponseSchema, ReportListSchema, ReportPreviewSchema, ReportSentSchema, ReportSummarySchema,
  StakeholderSchema, TaxonomySchema, TermSchema, WorkspaceSchema,
  type Annotation, type AnnotationCreate, type AnnotationDetail, type AnnotationList, type AnnotationListQuery,
  type AnnotationPatch, type AnnotationUpdate, type AnnotationUpdateCreate, type InviteCreate, type KpiCreate,
  type KpiReadingCreate, type KpiUpdate, type MeResponse, type MemberPatch, type ProviderInbox, type RedeemResponse,
  type StakeholderCreate, type StakeholderUpdate, type Taxonomy, type TermCreate, type TermUpdate, type WorkspacePatch,
} from '../schemas';

export type ExportFormat = 'json' | 'csv';
/** The tables a CSV export can hold, one file each. */
export type ExportTable = 'annotations' | 'updates' | 'members' | 'taxonomy' | 'audit';

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

/**
 * The typed API client both sides agree on: requests are built from the shared schemas'
 * types and responses are checked against them, so a renamed field fails loudly.
 */
export function createClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function request<S extends v.GenericSchema>(schema: S, method: string, path: string, body?: unknown): Promise<v.InferOutput<S>> {
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
    if (res.status === 204) return undefined as v.InferOutput<S>;
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

  const qs = (params: Record<string, string | number | null | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, val] of Object.entries(params)) if (val !== undefined && val !== null) q.set(k, String(val));
    const text = q.toString();
    return text ? `?${text}` : '';
  };
  const id = (value: string) => encodeURIComponent(value);
  const none = v.undefined();

  return {
    health: () => request(v.object({ ok: v.literal(true) }), 'GET', '/healthz'),
    redeem: (code: string): Promise<RedeemResponse> => request(RedeemResponseSchema, 'POST', '/api/v1/auth/redeem', { code }),
    signOut: () => request(none, 'POST', '/api/v1/auth/signout'),
    me: (): Promise<MeResponse> => request(MeResponseSchema, 'GET', '/api/v1/me'),

    workspace: () => request(WorkspaceSchema, 'GET', '/api/v1/workspace'),
    updateWorkspace: (patch: WorkspacePatch) => request(WorkspaceSchema, 'PATCH', '/api/v1/workspace', patch),
    deleteWorkspace: (confirm: string) => request(none, 'DELETE', '/api/v1/workspace', { confirm }),
    audit: (page: { limit?: number; cursor?: string } = {}) => request(AuditListSchema, 'GET', `/api/v1/audit${qs(page)}`),
    /** The whole workspace as JSON text, or one table as CSV text, for the admin to save as a file. */
    exportWorkspace: (format: ExportFormat = 'json', table?: ExportTable): Promise<string> =>
      requestText('GET', `/api/v1/export${qs({ format, table: format === 'csv' ? table : undefined })}`),

    members: () => request(MemberListSchema, 'GET', '/api/v1/members'),
    updateMember: (memberId: string, patch: MemberPatch) => request(MemberSchema, 'PATCH', `/api/v1/members/${id(memberId)}`, patch),
    removeMember: (memberId: string) => request(none, 'DELETE', `/api/v1/members/${id(memberId)}`),
    /** Whether a provider member has a live web-view link (admins). */
    providerLinkStatus: (memberId: string) => request(ProviderLinkStatusSchema, 'GET', `/api/v1/members/${id(memberId)}/provider-link`),
    /** Makes (or replaces) a provider member's web-view link; the address is returned only here. */
    createProviderLink: (memberId: string) => request(ProviderLinkCreatedSchema, 'POST', `/api/v1/members/${id(memberId)}/provider-link`),
    revokeProviderLink: (memberId: string) => request(none, 'DELETE', `/api/v1/members/${id(memberId)}/provider-link`),
    /** The workspace's provider companies, to choose whom an item is shared with (staff, admins). */
    providerCompanies: () => request(ProviderCompanyListSchema, 'GET', '/api/v1/provider/companies'),
    /** A provider member's inbox: what the client shared with their company, waiting items first. */
    providerInbox: (): Promise<ProviderInbox> => request(ProviderInboxSchema, 'GET', '/api/v1/provider/inbox'),
    invites: () => request(InviteListSchema, 'GET', '/api/v1/invites'),
    createInvite: (body: InviteCreate) => request(InviteCreatedSchema, 'POST', '/api/v1/invites', body),
    revokeInvite: (inviteId: string) => request(none, 'DELETE', `/api/v1/invites/${id(inviteId)}`),

    taxonomy: (): Promise<Taxonomy> => request(TaxonomySchema, 'GET', '/api/v1/taxonomy'),
    addTerm: (list: 'lines-of-business' | 'impact-kinds', body: TermCreate) => request(TermSchema, 'POST', `/api/v1/taxonomy/${list}`, body),
    updateTerm: (list: 'lines-of-business' | 'impact-kinds', termId: string, body: TermUpdate) =>
      request(TermSchema, 'PATCH', `/api/v1/taxonomy/${list}/${id(termId)}`, body),
    addStakeholder: (body: StakeholderCreate) => request(StakeholderSchema, 'POST', '/api/v1/taxonomy/stakeholders', body),
    updateStakeholder: (stakeholderId: string, body: StakeholderUpdate) => request(StakeholderSchema, 'PATCH', `/api/v1/taxonomy/stakeholders/${id(stakeholderId)}`, body),
    addKpi: (body: KpiCreate) => request(KpiSchema, 'POST', '/api/v1/taxonomy/kpis', body),
    updateKpi: (kpiId: string, body: KpiUpdate) => request(KpiSchema, 'PATCH', `/api/v1/taxonomy/kpis/${id(kpiId)}`, body),
    addKpiReading: (kpiId: string, body: KpiReadingCreate) => request(KpiReadingSchema, 'POST', `/api/v1/taxonomy/kpis/${id(kpiId)}/readings`, body),

    createAnnotation: (body: AnnotationCreate): Promise<Annotation> => request(AnnotationSchema, 'POST', '/api/v1/annotations', body),
    listAnnotations: (filter: Partial<AnnotationListQuery> = {}): Promise<AnnotationList> =>
      request(AnnotationListSchema, 'GET', `/api/v1/annotations${qs(filter as Record<string, string | number | undefined>)}`),
    getAnnotation: (annotationId: string): Promise<AnnotationDetail> => request(AnnotationDetailSchema, 'GET', `/api/v1/annotations/${id(annotationId)}`),
    patchAnnotation: (annotationId: string, patch: AnnotationPatch): Promise<Annotation> =>
      request(AnnotationSchema, 'PATCH', `/api/v1/annotations/${id(annotationId)}`, patch),
    deleteAnnotation: (annotationId: string) => request(none, 'DELETE', `/api/v1/annotations/${id(annotationId)}`),
    reports: () => request(ReportListSchema, 'GET', '/api/v1/reports'),
    report: (reportId: string) => request(ReportSummarySchema, 'GET', `/api/v1/reports/${id(reportId)}`),
    /** The report for the period containing `date` (default: the one in progress), not stored or sent. */
    previewReport: (date?: string) => request(ReportPreviewSchema, 'GET', `/api/v1/reports/preview${qs({ date })}`),
    /** Sends the last completed period's report (or `date`'s) to every recipient not yet sent. */
    sendReport: (date?: string) => request(ReportSentSchema, 'POST', '/api/v1/reports/send', date ? { date } : {}),
    recipients: () => request(RecipientListSchema, 'GET', '/api/v1/report-recipients'),
    addRecipient: (email: string, name?: string) => request(RecipientListSchema, 'POST', '/api/v1/report-recipients', { email, ...(name ? { name } : {}) }),
    removeRecipient: (recipientId: string) => request(none, 'DELETE', `/api/v1/report-recipients/${id(recipientId)}`),
    /** One stored report as its web page (HTML text), for the admin's archive. */
    reportPage: (reportId: string): Promise<string> => requestText('GET', `/api/v1/reports/${id(reportId)}/view`),

    addUpdate: (annotationId: string, body: AnnotationUpdateCreate): Promise<AnnotationUpdate> =>
      request(AnnotationUpdateSchema, 'POST', `/api/v1/annotations/${id(annotationId)}/updates`, body),
  };
}

export type StewardClient = ReturnType<typeof createClient>;
