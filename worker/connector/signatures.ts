/**
 * Webhook signatures, one check per tool, each as its vendor documents it. Every comparison
 * is constant-time. A check returns null when the signature holds, else what is wrong (for the
 * connection's error, never echoing the secret).
 */
import { timingSafeEqual } from '../lib/secrets';

type Algo = 'SHA-256' | 'SHA-1';

async function hmac(algo: Algo, secret: string | Uint8Array, data: string): Promise<Uint8Array> {
  const raw = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: algo }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data)));
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const base64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

export interface SignedRequest {
  header(name: string): string | undefined;
  body: string;
  now: number;
}

/** Zendesk's window for a signed timestamp (its docs suggest rejecting older deliveries). */
const ZENDESK_WINDOW_MS = 5 * 60_000;

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 */
export async function checkGithub(r: SignedRequest, secret: string): Promise<string | null> {
  const given = r.header('x-hub-signature-256');
  if (!given) return 'GitHub sent no X-Hub-Signature-256 header: set the webhook secret in GitHub.';
  return timingSafeEqual(given, `sha256=${hex(await hmac('SHA-256', secret, r.body))}`) ? null : 'The GitHub signature does not match the secret Steward holds.';
}

/**
 * Zendesk: `X-Zendesk-Webhook-Signature: base64(HMAC-SHA256(timestamp + body))` with the timestamp
 * in `X-Zendesk-Webhook-Signature-Timestamp`
 * (https://developer.zendesk.com/documentation/webhooks/verifying/). Older than 5 minutes is refused.
 */
export async function checkZendesk(r: SignedRequest, secret: string): Promise<string | null> {
  const given = r.header('x-zendesk-webhook-signature');
  const ts = r.header('x-zendesk-webhook-signature-timestamp');
  if (!given || !ts) return 'Zendesk sent no signature: paste the webhook\'s signing secret into Steward.';
  const at = Date.parse(ts);
  if (Number.isNaN(at) || Math.abs(r.now - at) > ZENDESK_WINDOW_MS) return 'The Zendesk delivery is older than 5 minutes (or its clock is off): refused as a possible replay.';
  return timingSafeEqual(given, base64(await hmac('SHA-256', secret, ts + r.body))) ? null : 'The Zendesk signature does not match the signing secret Steward holds.';
}

/**
 * Jira Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` when the webhook has a secret
 * (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks).
 */
export async function checkJira(r: SignedRequest, secret: string): Promise<string | null> {
  const given = r.header('x-hub-signature');
  if (!given) return 'Jira sent no X-Hub-Signature header: set the webhook secret in Jira.';
  const [method, value] = given.split('=', 2);
  if (method !== 'sha256' || !value) return `Jira signed with "${method}", which Steward does not accept (sha256 only).`;
  return timingSafeEqual(value, hex(await hmac('SHA-256', secret, r.body))) ? null : 'The Jira signature does not match the secret Steward holds.';
}

/**
 * Autotask: `X-Hook-Signature: sha1=<base64 HMAC-SHA1 of the body>` under the webhook's secret key
 * (https://www.autotask.net/help/DeveloperHelp/Content/APIs/Webhooks/SecretKeyPayloadVerification.htm).
 */
export async function checkAutotask(r: SignedRequest, secret: string): Promise<string | null> {
  const given = r.header('x-hook-signature');
  if (!given) return 'Autotask sent no X-Hook-Signature header: set the webhook\'s secret key.';
  const value = given.replace(/^sha1=/i, '');
  return timingSafeEqual(value, base64(await hmac('SHA-1', secret, r.body))) ? null : 'The Autotask signature does not match the secret key Steward holds.';
}

/**
 * Zammad: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>` when the webhook has an HMAC token
 * (https://admin-docs.zammad.org/en/latest/manage/webhook/add.html).
 */
export async function checkZammad(r: SignedRequest, secret: string): Promise<string | null> {
  const given = r.header('x-hub-signature');
  if (!given) return 'Zammad sent no X-Hub-Signature header: set the webhook\'s HMAC SHA1 signature token.';
  return timingSafeEqual(given, `sha1=${hex(await hmac('SHA-1', secret, r.body))}`) ? null : 'The Zammad signature does not match the token Steward holds.';
}

/** `na.myconnectwise.net` and `api-na.myconnectwise.net` are one ConnectWise site (its web and API hosts). */
const siteOf = (host: string) => host.toLowerCase().replace(/^api-/, '');

export interface ConnectwiseTool {
  /** The connection's own address (where Steward reads this ConnectWise). */
  address: string;
  /**
   * True only when the deployment allowed this connection's private address on purpose
   * (STEWARD_CONNECTOR_ALLOW_PRIVATE, e.g. a lab under local development): there is no
   * *.myconnectwise.net there, so the key may come from that very origin instead. A deployment
   * that allows nothing can hold no such connection, so the rule below is the only one.
   */
  privateAllowed: boolean;
}

/**
 * ConnectWise PSA callbacks: `x-content-signature` is base64(HMAC-SHA256(body)) keyed with the
 * SHA-256 of a signing key that the callback does not carry: it names where to fetch it
 * (`Metadata.key_url`, answering `{ "signing_key": "…" }`). Steward fetches it only over https
 * from this connection's own *.myconnectwise.net site (its web or api- host), or anyone could sign
 * with a key they serve themselves. (https://developer.connectwise.com/Products/ConnectWise_PSA/REST,
 * Callbacks; verified the same way by the connectwise-rest client,
 * https://github.com/covenanttechnologysolutions/connectwise-rest/blob/master/src/utils/Callback.ts.)
 */
export async function checkConnectwise(
  r: SignedRequest, tool: ConnectwiseTool, fetchKey: (url: string) => Promise<{ key: string } | { problem: string }>,
): Promise<string | null> {
  const given = r.header('x-content-signature');
  if (!given) return 'ConnectWise sent no x-content-signature header.';
  let keyUrl: URL;
  try {
    keyUrl = new URL((JSON.parse(r.body) as { Metadata?: { key_url?: string } }).Metadata?.key_url ?? '');
  } catch {
    return 'The ConnectWise callback names no signing-key address.';
  }
  const own = new URL(tool.address);
  const host = keyUrl.hostname.toLowerCase();
  const onItsSite = keyUrl.protocol === 'https:' && host.endsWith('.myconnectwise.net') && siteOf(host) === siteOf(own.hostname);
  const onItsLabOrigin = tool.privateAllowed && keyUrl.origin === own.origin;
  if (!onItsSite && !onItsLabOrigin) {
    return `The ConnectWise callback asks Steward to fetch its signing key from ${keyUrl.host}, which is not this connection's own *.myconnectwise.net host: refused.`;
  }
  const got = await fetchKey(keyUrl.toString());
  if ('problem' in got) return `ConnectWise gave no signing key: ${got.problem}`;
  const keyed = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(got.key)));
  return timingSafeEqual(given, base64(await hmac('SHA-256', keyed, r.body))) ? null : 'The ConnectWise signature does not match the key its server gave.';
}
