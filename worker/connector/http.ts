/**
 * Every call Steward makes to a ticket tool goes through here: one place for the address
 * checks (no loopback, private, link-local or cloud-metadata targets unless the deployment
 * allows them), timeouts, size limits, JSON checks, and the plain words an admin reads when
 * something is wrong.
 */

/** Largest answer read from a tool; a bigger one is refused (a tool page of 100 tickets is well under 1 MB). */
const MAX_ANSWER_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 20_000;
/** Longest Retry-After the connector waits for within one pull; a longer one ends the pull and retries later. */
const MAX_INLINE_WAIT_MS = 5_000;

/** Why a call failed, in words for the admin, and whether trying again later may help. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'not_found' | 'rate_limited' | 'unavailable' | 'bad_answer' | 'refused_address' | 'config',
    readonly status?: number,
    /** For 429/503: seconds the tool asked us to wait. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ToolError';
  }

  /** Worth trying again soon (the queue retries these with a delay). */
  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}

// ---------------------------------------------------------------------------------------
// Address checks

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

function inCidr(ip: number[], cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const b = ipv4(base ?? '');
  const bits = Number(bitsText ?? 32);
  if (!b || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (p: number[]) => ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(b) & mask);
}

/** Ranges a Worker must not be talked into calling: this machine, private networks, link-local (cloud metadata). */
const BLOCKED_V4 = ['0.0.0.0/8', '127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];
const BLOCKED_NAMES = /^(localhost|.*\.localhost|metadata|metadata\.google\.internal|.*\.internal|.*\.local)$/i;

/**
 * Why this address may not be called, or null when it may. `allowed` is the deployment's
 * STEWARD_CONNECTOR_ALLOW_PRIVATE: `*` (local development), or a comma-separated list of
 * IPv4 ranges and host names an operator opened on purpose.
 */
export function refusedAddress(address: string, allowed: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'The address is not a web address: it should look like https://tickets.example.com.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address must start with https://.';
  if (url.username || url.password) return 'Put the user name and password in the credentials, not in the address.';
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const allow = (allowed ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (allow.includes('*')) return null;
  const v4 = ipv4(host);
  const why = 'is on a private, loopback or link-local network that Steward in the cloud cannot and must not reach. Reach an intranet tool through Cloudflare Tunnel (see the README), or ask whoever runs Steward to allow this range';
  if (v4) {
    if (BLOCKED_V4.some((r) => inCidr(v4, r)) && !allow.some((r) => (r.includes('/') ? inCidr(v4, r) : r === host))) return `${host} ${why}.`;
    return null;
  }
  if (host.includes(':')) {
    // IPv6 literals: loopback, unspecified, unique-local, link-local, and IPv4-mapped ones.
    if (/^(::1?|f[cd][0-9a-f]{2}:.*|fe[89ab][0-9a-f]:.*|::ffff:.*)$/.test(host) && !allow.includes(host)) return `${host} ${why}.`;
    return null;
  }
  if (BLOCKED_NAMES.test(host) && !allow.includes(host)) return `${host} ${why}.`;
  return null;
}

// ---------------------------------------------------------------------------------------
// Calls

export interface ToolCall {
  /** The tool's name in messages ("Zendesk"). */
  toolName: string;
  allowPrivate: string | undefined;
  fetch?: typeof fetch;
  /** Called before each retry wait (tests and the benchmark count these). */
  onWait?: (ms: number) => void;
}

function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads at most MAX_ANSWER_BYTES of a body; more is refused before it is all downloaded. */
async function readLimited(res: Response, toolName: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  const tooBig = () => new ToolError(`${toolName} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; Steward stopped reading it. Check that the address points at the tool's API.`, 'bad_answer', res.status);
  if (declared > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw tooBig();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * One JSON request to a tool, with 429/503 + Retry-After honoured (short waits inline,
 * longer ones handed back as a transient ToolError for the queue to retry later).
 * `what` names the thing asked for in messages ("ticket #12").
 */
export async function callJson<T = unknown>(
  call: ToolCall,
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string; what: string; notFoundIsNull?: boolean },
): Promise<{ data: T; headers: Headers } | null> {
  const refused = refusedAddress(url, call.allowPrivate);
  if (refused) throw new ToolError(refused, 'refused_address');
  const doFetch = call.fetch ?? fetch;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method ?? 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Steward connector', ...init.headers },
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new ToolError(
        timedOut ? `${call.toolName} did not answer within ${TIMEOUT_MS / 1000} seconds.` : `Steward could not reach ${call.toolName} at ${new URL(url).host}: check the address.`,
        'unavailable',
      );
    }
    if (res.status === 429 || res.status === 503) {
      const wait = retryAfterSeconds(res.headers.get('retry-after')) ?? (res.status === 429 ? 2 ** attempt : undefined);
      await res.body?.cancel();
      if (wait !== undefined && wait * 1000 <= MAX_INLINE_WAIT_MS && attempt < 3) {
        call.onWait?.(wait * 1000);
        await sleep(wait * 1000);
        continue;
      }
      throw new ToolError(
        res.status === 429
          ? `${call.toolName} asked Steward to slow down (429)${wait !== undefined ? ` for ${wait} seconds` : ''}; Steward tries again then.`
          : `${call.toolName} is unavailable for now (503); Steward tries again later.`,
        res.status === 429 ? 'rate_limited' : 'unavailable', res.status, wait,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new ToolError(`${call.toolName} answered with a redirect (${res.status}) to ${res.headers.get('location') ?? 'somewhere else'}: use the tool's own address (often https and without a trailing page).`, 'bad_answer', res.status);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ToolError(
        `${call.toolName} answered ${res.status}: ${res.status === 401 ? 'the credentials were refused (wrong, expired or revoked); paste new ones' : 'these credentials may not read tickets; give the account read access to tickets'}.`,
        'auth', res.status,
      );
    }
    if (res.status === 404 && init.notFoundIsNull) {
      await res.body?.cancel();
      return null;
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new ToolError(`${call.toolName} answered 404 for ${init.what}: check the address (the API was not found there).`, 'not_found', 404);
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      throw new ToolError(`${call.toolName} had an error of its own (${res.status}); Steward tries again later.`, 'unavailable', res.status);
    }
    if (res.status >= 400) {
      const text = await readLimited(res, call.toolName).catch(() => '');
      throw new ToolError(`${call.toolName} refused the request for ${init.what} (${res.status})${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 160)}` : ''}.`, 'bad_answer', res.status);
    }
    const type = res.headers.get('content-type') ?? '';
    const text = await readLimited(res, call.toolName);
    if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) {
      throw new ToolError(
        `${call.toolName} answered with a web page instead of data (${type.split(';')[0] || 'no type'}): check that the address is the tool's own address and that its API is turned on.`,
        'bad_answer', res.status,
      );
    }
    try {
      return { data: JSON.parse(text) as T, headers: res.headers };
    } catch {
      throw new ToolError(`${call.toolName} answered with data Steward cannot read (not valid JSON) for ${init.what}.`, 'bad_answer', res.status);
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

export function basic(user: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${user}:${secret}`);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return `Basic ${btoa(s)}`;
}
